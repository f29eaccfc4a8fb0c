package io.feedbackpipeline.benchmarks;

import io.feedbackpipeline.schemas.FeedbackBatch;
import io.feedbackpipeline.schemas.FeedbackItem;
import io.feedbackpipeline.schemas.FeedbackSource;
import io.feedbackpipeline.schemas.contract.Topics;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Publishes N feedback items over U usage_ids (batches of B items, like a direct producer) to the running local
 * stack, then measures how long the rating-processor takes to project all of them: from the first send until the
 * processor's committed offsets reach the end of feedback.v1. Prints items/s and checks the register count.
 */
@Command(name = "processor-throughput", mixinStandardHelpOptions = true,
        description = "Items per second projected by the rating-processor of the local stack.")
final class ProcessorThroughput implements Callable<Integer> {

    @Option(names = "--stack-env", defaultValue = ".local/stack.env")
    Path stackEnv;

    @Option(names = "--items", defaultValue = "1000000")
    int items;

    @Option(names = "--usage-ids", defaultValue = "100000")
    int usageIds;

    @Option(names = "--batch-items", defaultValue = "100", description = "items per FeedbackBatch record")
    int batchItems;

    @Option(names = "--group", defaultValue = "rating-processor")
    String group;

    @Override
    public Integer call() throws Exception {
        Map<String, String> env = StackEnv.read(stackEnv);
        UUID project = UUID.fromString(env.get("PROJECT_ID"));
        String prefix = "bench-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        Random random = new Random(1);

        long began = System.nanoTime();
        try (KafkaProducer<String, FeedbackBatch> producer = new KafkaProducer<>(Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, env.get("KAFKA_BOOTSTRAP_SERVERS"),
                        ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 10,
                        ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd", ProducerConfig.BATCH_SIZE_CONFIG, 262_144),
                Topics.FEEDBACK.keySerializer(), Topics.FEEDBACK.valueSerializer())) {
            for (int sent = 0; sent < items; sent += batchItems) {
                Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
                List<FeedbackItem> batch = new ArrayList<>(batchItems);
                for (int i = 0; i < Math.min(batchItems, items - sent); i++) {
                    batch.add(FeedbackItem.newBuilder().setUsageId(prefix + random.nextInt(usageIds))
                            .setFeedbackTypeId(1).setFlag(random.nextBoolean()).setOccurredAt(now).build());
                }
                FeedbackBatch record = FeedbackBatch.newBuilder().setEventId(UUID.randomUUID()).setProjectId(project)
                        .setEndpointId(null).setReceivedAt(now).setSource(FeedbackSource.DIRECT_PRODUCER)
                        .setRequestId(null).setItems(batch).build();
                producer.send(new ProducerRecord<>(Topics.FEEDBACK.name(), Integer.toString(sent), record));
            }
            producer.flush();
        }
        double produced = (System.nanoTime() - began) / 1e9;
        awaitCaughtUp(env.get("KAFKA_BOOTSTRAP_SERVERS"));
        double seconds = (System.nanoTime() - began) / 1e9;

        long registers = registers(env, project, prefix);
        System.out.printf("processor-throughput: %d items over %d usage_ids in batches of %d%n", items, usageIds,
                batchItems);
        System.out.printf("  published in %.1f s; projected end to end in %.1f s: %.0f items/s%n", produced, seconds,
                items / seconds);
        System.out.printf("  registers written: %d (distinct usage_ids hit)%n", registers);
        return 0;
    }

    private void awaitCaughtUp(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            String topic = Topics.FEEDBACK.name();
            List<TopicPartition> partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic)
                    .partitions().stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            Map<TopicPartition, Long> ends = admin.listOffsets(partitions.stream()
                            .collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest())))
                    .all().get().entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
            long deadline = System.nanoTime() + 30L * 60 * 1_000_000_000L;
            while (System.nanoTime() < deadline) {
                Map<TopicPartition, OffsetAndMetadata> committed =
                        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
                if (ends.entrySet().stream().allMatch(e -> committed.get(e.getKey()) != null
                        && committed.get(e.getKey()).offset() >= e.getValue())) {
                    return;
                }
                Thread.sleep(200);
            }
            throw new IllegalStateException("the processor did not catch up within 30 minutes");
        }
    }

    private static long registers(Map<String, String> env, UUID project, String prefix) throws Exception {
        try (Connection connection =
                        DriverManager.getConnection(env.get("JDBC_URL"), env.get("JDBC_USER"), env.get("JDBC_PASSWORD"));
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT count(*) FROM completion_feedback WHERE project_id = ? AND usage_id LIKE ?")) {
            statement.setObject(1, project);
            statement.setString(2, prefix + "%");
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }
}
