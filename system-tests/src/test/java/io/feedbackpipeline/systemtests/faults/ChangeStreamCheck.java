package io.feedbackpipeline.systemtests.faults;

import io.feedbackpipeline.merge.Version;
import io.feedbackpipeline.schemas.FeedbackChange;
import io.feedbackpipeline.schemas.contract.Topics;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * The change stream against the tables, once the pipeline has caught up and the outbox is relayed. For every register
 * of the scenario, its changes on {@code feedback-changes.v1}, kept as a consumer keeps them (in version order, each
 * version once), must link up from a first rating to the value the register holds, each change starting from the
 * value the one before it left (else a committed change is missing); and none may be newer than the register (else
 * the stream carries something that was never committed: stale).
 */
final class ChangeStreamCheck {

    /**
     * @param registers registers of the scenario that the tables hold
     * @param changes their changes on the stream, each version once
     */
    record Counts(long registers, long changes, long missing, long stale) {}

    private static final Duration RELAYED = Duration.ofMinutes(2);

    private ChangeStreamCheck() {}

    static Counts check(Ledger ledger, DataSource dataSource, UUID project, String bootstrapServers)
            throws SQLException, InterruptedException {
        awaitRelayed(dataSource, project);
        Map<String, StoredRegisters.Stored> registers = StoredRegisters.of(ledger, dataSource, project);
        Map<String, List<FeedbackChange>> streamed = changes(bootstrapServers, project, registers);
        long missing = 0;
        long stale = 0;
        long changes = 0;
        for (Map.Entry<String, StoredRegisters.Stored> entry : registers.entrySet()) {
            List<FeedbackChange> chain = chain(streamed.getOrDefault(entry.getKey(), List.of()));
            changes += chain.size();
            StoredRegisters.Stored register = entry.getValue();
            FeedbackChange newest = chain.isEmpty() ? null : chain.get(chain.size() - 1);
            if (newest != null && version(newest).compareTo(register.version()) > 0) {
                stale++;
            } else if (newest == null
                    || newest.getAfter() == null
                    || !Objects.equals(newest.getAfter().getValue(), register.value())
                    || !linked(chain)) {
                missing++;
            }
        }
        return new Counts(registers.size(), changes, missing, stale);
    }

    /** A register's changes as a consumer keeps them: in version order, each version once. */
    private static List<FeedbackChange> chain(List<FeedbackChange> changes) {
        Map<Version, FeedbackChange> byVersion = new java.util.TreeMap<>();
        changes.forEach(change -> byVersion.putIfAbsent(version(change), change));
        return List.copyOf(byVersion.values());
    }

    /**
     * Every committed change is there when the changes link up: the first has nothing before it, and each one's value
     * before is the value after the one before it. A change missing from the stream breaks the chain.
     */
    private static boolean linked(List<FeedbackChange> chain) {
        if (chain.get(0).getBefore() != null) {
            return false;
        }
        for (int i = 1; i < chain.size(); i++) {
            if (!Objects.equals(chain.get(i).getBefore(), chain.get(i - 1).getAfter())) {
                return false;
            }
        }
        return true;
    }

    private static void awaitRelayed(DataSource dataSource, UUID project) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + RELAYED.toNanos();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement waiting = connection.prepareStatement(
                        "SELECT count(*) FROM feedback_change_pending WHERE project_id = ?")) {
            waiting.setObject(1, project);
            while (System.nanoTime() < deadline) {
                try (ResultSet rows = waiting.executeQuery()) {
                    rows.next();
                    if (rows.getLong(1) == 0) {
                        return;
                    }
                }
                Thread.sleep(200);
            }
        }
        // Left waiting: the check then counts what did not go out as missing.
    }

    /** The whole stream's changes of the scenario's registers, by usage_id. */
    private static Map<String, List<FeedbackChange>> changes(
            String bootstrapServers, UUID project, Map<String, StoredRegisters.Stored> registers) {
        Map<String, List<FeedbackChange>> changes = new HashMap<>();
        try (KafkaConsumer<String, FeedbackChange> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false,
                        ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                        2_000),
                Topics.FEEDBACK_CHANGES.keyDeserializer(),
                Topics.FEEDBACK_CHANGES.valueDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.FEEDBACK_CHANGES.name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read the change stream up to " + end);
                }
                for (ConsumerRecord<String, FeedbackChange> record : consumer.poll(Duration.ofMillis(200))) {
                    FeedbackChange change = record.value();
                    if (change.getProjectId().equals(project) && registers.containsKey(change.getUsageId())) {
                        changes.computeIfAbsent(change.getUsageId(), id -> new java.util.ArrayList<>())
                                .add(change);
                    }
                }
            }
        }
        return changes;
    }

    private static Version version(FeedbackChange change) {
        return new Version(change.getOccurredAt(), change.getEventId(), change.getItemIndex());
    }
}
