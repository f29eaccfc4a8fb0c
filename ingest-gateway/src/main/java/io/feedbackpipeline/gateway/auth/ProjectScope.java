package io.feedbackpipeline.gateway.auth;

import io.feedbackpipeline.catalog.CachedCatalog;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** Checks that an endpoint named in a request belongs to the caller's project. Endpoints never change project. */
@Component
public class ProjectScope {

    private final CachedCatalog catalog;

    ProjectScope(CachedCatalog catalog) {
        this.catalog = catalog;
    }

    /** The endpoint id if it is one of the caller's endpoints; 401 otherwise (unknown and foreign look alike). */
    public UUID requireEndpoint(Caller caller, String endpointId) {
        UUID id = parseUuid(endpointId).orElseThrow(Unauthorized::new);
        if (!catalog.projectOfEndpoint(id).map(caller.projectId()::equals).orElse(false)) {
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
