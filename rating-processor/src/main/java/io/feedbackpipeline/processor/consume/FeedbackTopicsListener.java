package io.feedbackpipeline.processor.consume;

import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Feeds every batch of both topics to the projection. */
@Component
class FeedbackTopicsListener {

    private final BatchProjection projection;

    FeedbackTopicsListener(BatchProjection projection) {
        this.projection = projection;
    }

    @KafkaListener(
            id = "projection",
            idIsGroup = false,
            topics = {
                "#{T(io.feedbackpipeline.schemas.contract.Topics).FEEDBACK.name()}",
                "#{T(io.feedbackpipeline.schemas.contract.Topics).COMPLETION_LOGS.name()}"
            },
            containerFactory = "projectionContainerFactory")
    void onBatch(List<ConsumerRecord<byte[], byte[]>> records) {
        projection.project(records);
    }
}
