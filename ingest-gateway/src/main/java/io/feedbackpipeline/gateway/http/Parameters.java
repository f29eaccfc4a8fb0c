package io.feedbackpipeline.gateway.http;

import java.time.OffsetDateTime;
import java.util.UUID;

/** How a refusal names the type a query or path parameter must have. */
final class Parameters {

    private Parameters() {}

    static String describe(Class<?> type) {
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "an integer";
        }
        if (type == OffsetDateTime.class) {
            return "an ISO-8601 date-time with offset, e.g. 2026-12-03T10:00:00Z";
        }
        if (type == UUID.class) {
            return "a UUID";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        return "a " + type.getSimpleName();
    }
}
