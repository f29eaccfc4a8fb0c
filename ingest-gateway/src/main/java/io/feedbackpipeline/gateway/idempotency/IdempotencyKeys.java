package io.feedbackpipeline.gateway.idempotency;

import io.feedbackpipeline.gateway.auth.Caller;
import io.feedbackpipeline.gateway.http.GatewayException;
import io.feedbackpipeline.jsoncontract.InvalidRequestException;
import io.feedbackpipeline.schemas.serde.EventSerializer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.apache.avro.specific.SpecificRecord;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * {@code Idempotency-Key}: the first request with a key reserves an event identity for it; a retry with the same key
 * and the same request gets it back, so it publishes the identical event, which the merge treats as a no-op. The same
 * key with a different request is refused with 422. "The same request" means the same event content: the request's
 * event built under a placeholder identity, in its canonical Avro encoding, hashed. A key belongs to the API key
 * that used it (another API key of the project may use the same text for its own requests) and expires after the
 * window: then it may be used afresh.
 */
@Component
public class IdempotencyKeys {

    public static final String HEADER = "Idempotency-Key";
    private static final Pattern FORMAT = Pattern.compile("[\\x21-\\x7E]{1,255}");

    private final JdbcClient jdbc;
    private final EventSerializer<SpecificRecord> canonical = new EventSerializer<>();
    private final String window;

    IdempotencyKeys(JdbcClient jdbc, IdempotencyProperties properties) {
        this.jdbc = jdbc;
        this.window = properties.window().toMillis() + " milliseconds";
    }

    /**
     * The identity to publish under: {@code fresh} without a key, else the identity the key was first used with.
     *
     * @param eventUnder builds the request's event under a given identity
     */
    public EventIdentity identity(
            Caller caller, String key, Function<EventIdentity, SpecificRecord> eventUnder, EventIdentity fresh) {
        if (key == null) {
            return fresh;
        }
        if (!FORMAT.matcher(key).matches()) {
            throw InvalidRequestException.of(HEADER, "must be 1 to 255 visible ASCII characters");
        }
        byte[] hash = sha256(canonical.serialize(null, eventUnder.apply(EventIdentity.PLACEHOLDER)));
        // A key past its window is taken over by this request, as if it had never been used.
        jdbc.sql("""
                INSERT INTO idempotency_key AS k (api_key_id, project_id, key, request_hash, event_id, received_at)
                VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (api_key_id, key) DO UPDATE SET
                    request_hash = EXCLUDED.request_hash, event_id = EXCLUDED.event_id,
                    received_at = EXCLUDED.received_at, created_at = now()
                WHERE k.created_at < now() - ?::interval""")
                .param(caller.apiKeyId())
                .param(caller.projectId())
                .param(key)
                .param(hash)
                .param(fresh.eventId())
                .param(Timestamp.from(fresh.receivedAt()))
                .param(window)
                .update();
        record Stored(byte[] hash, UUID eventId, Instant receivedAt) {}
        Stored stored = jdbc.sql("SELECT request_hash, event_id, received_at FROM idempotency_key"
                        + " WHERE api_key_id = ? AND key = ?")
                .param(caller.apiKeyId())
                .param(key)
                .query((row, n) -> new Stored(
                        row.getBytes(1),
                        row.getObject(2, UUID.class),
                        row.getTimestamp(3).toInstant()))
                .single();
        if (!Arrays.equals(stored.hash(), hash)) {
            throw new GatewayException(
                    HttpStatus.UNPROCESSABLE_CONTENT, "This Idempotency-Key was already used for a different request.");
        }
        return new EventIdentity(stored.eventId(), stored.receivedAt());
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM provides SHA-256", e);
        }
    }
}
