package io.feedbackpipeline.processor.deadletter;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/** {@code feedback.processor.dead.letters{topic, reason}}. */
@Component
class DeadLetterMetrics {

    private final MeterRegistry meters;

    DeadLetterMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    void deadLettered(String topic, String reason) {
        meters.counter("feedback.processor.dead.letters", "topic", topic, "reason", reason)
                .increment();
    }
}
