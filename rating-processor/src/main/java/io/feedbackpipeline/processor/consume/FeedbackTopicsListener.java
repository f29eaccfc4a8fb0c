package io.feedbackpipeline.processor.consume;

import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Feeds every batch of both topics to the projection. */
@Component
class FeedbackTopicsListener {

    private final BatchProjector projector;

    FeedbackTopicsListener(BatchProjector projector) {
        this.projector = projector;
    }

    @KafkaListener(id = "projection", idIsGroup = false, topics = {"feedback.v1", "completion-logs.v1"},
            containerFactory = "projectionContainerFactory")
    void onBatch(List<ConsumerRecord<byte[], byte[]>> records) {
        projector.project(records);
    }
}
