package io.feedbackpipeline.gateway.publish;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.feedbackpipeline.gateway.idempotency.EventIdentity;

/** The 202 of a published event: its id (where to follow it) and, for a feedback batch, how many items it holds. */
public record Accepted(
        @JsonProperty("event_id") String eventId,
        @JsonProperty("status") String status,

        @JsonProperty("items") @JsonInclude(JsonInclude.Include.NON_NULL)
        Integer items) {

    public static Accepted of(EventIdentity identity) {
        return new Accepted(identity.eventId().toString(), "accepted", null);
    }

    public static Accepted of(EventIdentity identity, int items) {
        return new Accepted(identity.eventId().toString(), "accepted", items);
    }
}
