package io.feedbackpipeline.gateway.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Checks that an endpoint named in a request belongs to the caller's project. Endpoints never change project. */
@Component
public class ProjectScope {

    private final JdbcClient jdbc;
    private final Cache<UUID, Optional<UUID>> projectOfEndpoint =
            Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(Duration.ofMinutes(10)).build();

    ProjectScope(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The endpoint id if it is one of the caller's endpoints; 401 otherwise (unknown and foreign look alike). */
    public UUID requireEndpoint(Caller caller, String endpointId) {
        UUID id = parseUuid(endpointId).orElseThrow(Unauthorized::new);
        Optional<UUID> owner = projectOfEndpoint.get(id,
                key -> jdbc.sql("SELECT project_id FROM endpoint WHERE id = ?").param(key).query(UUID.class).optional());
        if (owner.isEmpty()) {
            projectOfEndpoint.invalidate(id); // a just-created endpoint must not stay unknown
        }
        if (!owner.map(caller.projectId()::equals).orElse(false)) {
            throw new Unauthorized();
        }
        return id;
    }

    private static Optional<UUID> parseUuid(String text) {
        try {
            UUID uuid = UUID.fromString(text);
            return uuid.toString().equalsIgnoreCase(text) ? Optional.of(uuid) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
