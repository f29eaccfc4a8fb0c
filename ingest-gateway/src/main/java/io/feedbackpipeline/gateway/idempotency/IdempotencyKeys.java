package io.feedbackpipeline.gateway.idempotency;

import io.feedbackpipeline.gateway.http.GatewayException;
import io.feedbackpipeline.gateway.http.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * {@code Idempotency-Key}: the first request with a key reserves an event id and receive time for it; a retry
 * with the same key and the same request gets them back, so it publishes the identical batch, which the merge
 * treats as a no-op. The same key with a different request is refused with 422.
 */
@Component
public class IdempotencyKeys {

    public static final String HEADER = "Idempotency-Key";
    private static final Pattern FORMAT = Pattern.compile("[\\x21-\\x7E]{1,255}");

    /** The identity a request publishes under. */
    public record Identity(UUID eventId, Instant receivedAt) {}

    private final JdbcClient jdbc;

    IdempotencyKeys(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A fresh identity without a key, or the identity the key was first used with. */
    public Identity identity(UUID project, String key, Object request, Identity fresh) {
        if (key == null) {
            return fresh;
        }
        if (!FORMAT.matcher(key).matches()) {
            throw InvalidRequestException.of(HEADER, "must be 1 to 255 visible ASCII characters");
        }
        byte[] hash = sha256(request.toString());
        jdbc.sql("""
                INSERT INTO idempotency_key (project_id, key, request_hash, event_id, received_at)
                VALUES (?, ?, ?, ?, ?) ON CONFLICT (project_id, key) DO NOTHING""")
                .param(project).param(key).param(hash).param(fresh.eventId())
                .param(java.sql.Timestamp.from(fresh.receivedAt()))
                .update();
        record Stored(byte[] hash, UUID eventId, Instant receivedAt) {}
        Stored stored = jdbc.sql("SELECT request_hash, event_id, received_at FROM idempotency_key"
                        + " WHERE project_id = ? AND key = ?")
                .param(project).param(key)
                .query((row, n) -> new Stored(row.getBytes(1), row.getObject(2, UUID.class),
                        row.getTimestamp(3).toInstant()))
                .single();
        if (!Arrays.equals(stored.hash(), hash)) {
            throw new GatewayException(HttpStatus.UNPROCESSABLE_CONTENT,
                    "This Idempotency-Key was already used for a different request.");
        }
        return new Identity(stored.eventId(), stored.receivedAt());
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
