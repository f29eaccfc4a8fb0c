package io.feedbackpipeline.feedbackctl.status;

import io.feedbackpipeline.feedbackctl.Connection;
import io.feedbackpipeline.schemas.contract.TopicContract;
import io.feedbackpipeline.schemas.contract.Topics;
import java.io.PrintWriter;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        description = "Consumer lag of the processor, dead-letter counts, the last projection commit, and the change"
                + " stream's records and what waits to be relayed.")
public final class StatusCommand implements Callable<Integer> {

    /** Changes not yet relayed, in both of the stream's tables (V15, V17), and when the oldest was committed. */
    private static final String CHANGES_WAITING = """
            SELECT (SELECT count(*) FROM feedback_change_outbox)
                   + (SELECT coalesce(sum(cardinality(usage_id)), 0) FROM feedback_change_batches),
                   least((SELECT min(committed_at) FROM feedback_change_outbox),
                         (SELECT min(committed_at) FROM feedback_change_batches))""";

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    Connection connection;

    @Option(names = "--group", defaultValue = "rating-processor", description = "the processor's consumer group")
    String group;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                connection.bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                15_000,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                10_000))) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata()
                    .get(15, TimeUnit.SECONDS);
            for (TopicContract<?> contract : Topics.INPUTS) {
                Map<TopicPartition, Long> ends = offsets(admin, contract.name(), OffsetSpec.latest());
                long lag = ends.entrySet().stream()
                        .mapToLong(end -> end.getValue()
                                - (committed.containsKey(end.getKey())
                                        ? committed.get(end.getKey()).offset()
                                        : 0))
                        .sum();
                out.printf(
                        "%-20s %d partition(s), %d record(s), lag of %s: %d%n",
                        contract.name(),
                        ends.size(),
                        ends.values().stream().mapToLong(Long::longValue).sum(),
                        group,
                        lag);
            }
            for (TopicContract<?> contract : Topics.INPUTS) {
                long end = offsets(admin, contract.deadLetterTopic(), OffsetSpec.latest()).values().stream()
                        .mapToLong(Long::longValue)
                        .sum();
                long start = offsets(admin, contract.deadLetterTopic(), OffsetSpec.earliest()).values().stream()
                        .mapToLong(Long::longValue)
                        .sum();
                out.printf("%-20s %d dead letter(s)%n", contract.deadLetterTopic(), end - start);
            }
            out.printf(
                    "%-20s %d record(s)%n",
                    Topics.FEEDBACK_CHANGES.name(),
                    offsets(admin, Topics.FEEDBACK_CHANGES.name(), OffsetSpec.latest()).values().stream()
                            .mapToLong(Long::longValue)
                            .sum());
        }
        try (java.sql.Connection db = connection.dataSource().getConnection();
                Statement statement = db.createStatement();
                ResultSet rows = statement.executeQuery("""
                        SELECT greatest((SELECT max(updated_at) FROM completion_feedback),
                                        (SELECT max(updated_at) FROM completion_log))""")) {
            rows.next();
            Timestamp last = rows.getTimestamp(1);
            out.println("last projection commit: "
                    + (last == null
                            ? "never"
                            : last.toInstant() + " ("
                                    + Duration.between(last.toInstant(), Instant.now())
                                            .toSeconds() + " s ago)"));
        }
        try (java.sql.Connection db = connection.dataSource().getConnection();
                Statement statement = db.createStatement();
                ResultSet rows = statement.executeQuery(CHANGES_WAITING)) {
            rows.next();
            Timestamp oldest = rows.getTimestamp(2);
            out.println("changes waiting to be relayed: " + rows.getLong(1)
                    + (oldest == null
                            ? ""
                            : " (oldest committed "
                                    + Duration.between(oldest.toInstant(), Instant.now())
                                            .toSeconds() + " s ago)"));
        }
        return 0;
    }

    private static Map<TopicPartition, Long> offsets(Admin admin, String topic, OffsetSpec spec) throws Exception {
        List<TopicPartition> partitions = admin
                .describeTopics(List.of(topic))
                .allTopicNames()
                .get(15, TimeUnit.SECONDS)
                .get(topic)
                .partitions()
                .stream()
                .map(p -> new TopicPartition(topic, p.partition()))
                .toList();
        return admin
                .listOffsets(partitions.stream().collect(Collectors.toMap(p -> p, p -> spec)))
                .all()
                .get(15, TimeUnit.SECONDS)
                .entrySet()
                .stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }
}
