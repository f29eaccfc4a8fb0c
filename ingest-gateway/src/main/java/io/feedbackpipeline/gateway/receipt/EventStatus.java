package io.feedbackpipeline.gateway.receipt;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * Where an event is: {@code projected} (when, and how many of its items won their register), {@code dead-lettered}
 * (when, why), {@code accepted} (on the topic, the processor not past it yet) or {@code unknown}.
 *
 * @param position where the event was stored, when known
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record EventStatus(
        @JsonProperty("event_id") String eventId,
        @JsonProperty("status") String status,
        @JsonProperty("decided_at") Instant decidedAt,
        @JsonProperty("items") Integer items,
        @JsonProperty("items_won") Integer itemsWon,
        @JsonProperty("reason") String reason,
        @JsonProperty("detail") String detail,
        @JsonProperty("position") Position position) {

    /** A record's place in its topic. */
    record Position(
            @JsonProperty("topic") String topic,
            @JsonProperty("partition") int partition,
            @JsonProperty("offset") long offset) {

        /** As the {@code at} parameter spells it: {@code topic:partition:offset}. */
        String spelled() {
            return topic + ":" + partition + ":" + offset;
        }
    }

    static EventStatus accepted(String eventId, Position position) {
        return new EventStatus(eventId, "accepted", null, null, null, null, null, position);
    }

    static EventStatus unknown(String eventId, String detail) {
        return new EventStatus(eventId, "unknown", null, null, null, null, detail, null);
    }
}
