package io.feedbackpipeline.gateway.http;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * How every JSON route opens its request: the encoding checked (415), the body read within the size limit (413),
 * then parsed as strict JSON into one object (400).
 */
@Component
public class JsonBodies {

    private final RequestBodies bodies;
    private final StrictJson json;

    JsonBodies(RequestBodies bodies, StrictJson json) {
        this.bodies = bodies;
        this.json = json;
    }

    /** The body's JSON object, on a route that accepts these encodings. */
    public JsonNode object(HttpServletRequest request, BodyType... accepted) {
        BodyType.of(request, List.of(accepted));
        return read(request);
    }

    /** The body's JSON object, the encoding already checked. */
    public JsonNode read(HttpServletRequest request) {
        return json.object(bodies.read(request));
    }
}
