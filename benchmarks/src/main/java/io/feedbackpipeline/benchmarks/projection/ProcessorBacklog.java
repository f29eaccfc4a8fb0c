package io.feedbackpipeline.benchmarks.projection;

import io.feedbackpipeline.benchmarks.measure.CpuSnapshot;
import io.feedbackpipeline.localstack.cluster.PipelineProcesses;
import io.feedbackpipeline.localstack.kafka.ConsumerGroupProgress;
import io.feedbackpipeline.schemas.FeedbackBatch;
import io.feedbackpipeline.schemas.contract.Topics;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The processor on a backlog: with the processor stopped, the items are published as a direct producer would; then the
 * processor starts, and it is measured from its first projected row to the moment its committed offsets reach the end
 * of the topics (its JVM start-up is not counted, as the raw program's is not).
 */
public final class ProcessorBacklog {

    private ProcessorBacklog() {}

    public static double run(PipelineProcesses cluster, ItemSet items) throws Exception {
        return run(cluster, items, Map.of());
    }

    /** As {@link #run(PipelineProcesses, ItemSet)}, the processor started with these settings on top. */
    public static double run(PipelineProcesses cluster, ItemSet items, Map<String, String> processorSettings)
            throws Exception {
        cluster.stopNewestProcessor();
        publish(cluster, items);
        // The first row is looked for from before the processor is launched: its consumers start before it reports
        // ready, and a watch begun after the start returned once saw most of a backlog done already.
        ExecutorService watch = Executors.newSingleThreadExecutor();
        try {
            Future<Long> firstRow = watch.submit(() -> firstRowAt(cluster, items));
            cluster.startProcessor(processorSettings);
            long first = firstRow.get(30, TimeUnit.MINUTES);
            ConsumerGroupProgress.awaitCaughtUp(
                    cluster.bootstrapServers(), ConsumerGroupProgress.PROCESSOR_GROUP, Duration.ofMinutes(30));
            return items.items() / ((System.nanoTime() - first) / 1e9);
        } finally {
            watch.shutdownNow();
        }
    }

    /**
     * The CPU each process spends on {@code items} (usage ids no run wrote before) published at once to the live,
     * idle processor, from the first send to the last commit and, when {@code relayed}, to the last of the changes it
     * committed published by the change relay: the backlog's work without any process's start-up. The producer is the
     * harness's ("rest").
     */
    public static Map<String, Double> cpuOfAFlood(PipelineProcesses cluster, ItemSet items, boolean relayed)
            throws Exception {
        awaitCaughtUp(cluster);
        if (relayed) {
            awaitRelayed(cluster, Duration.ofMinutes(10));
        }
        CpuSnapshot before = CpuSnapshot.take(cluster);
        publish(cluster, items);
        awaitCaughtUp(cluster);
        if (relayed) {
            awaitRelayed(cluster, Duration.ofMinutes(10));
        }
        return CpuSnapshot.take(cluster).since(before);
    }

    /**
     * Until the change stream's batches and outbox (its attached tables included) are empty, polled every 250 ms: the
     * probe scans past the rows the relay deleted and vacuum has not removed yet, and probing more often measurably
     * added to PostgreSQL's CPU in the window. Fails after {@code patience}.
     */
    public static void awaitRelayed(PipelineProcesses cluster, Duration patience) throws Exception {
        long deadline = System.nanoTime() + patience.toNanos();
        try (Connection connection = cluster.owner().getConnection();
                PreparedStatement query =
                        connection.prepareStatement("SELECT EXISTS (SELECT 1 FROM feedback_change_outbox)"
                                + " OR EXISTS (SELECT 1 FROM feedback_change_batches)")) {
            while (System.nanoTime() < deadline) {
                try (ResultSet rows = query.executeQuery()) {
                    rows.next();
                    if (!rows.getBoolean(1)) {
                        return;
                    }
                }
                Thread.sleep(250);
            }
        }
        throw new IllegalStateException("the change relay did not empty the outbox within " + patience);
    }

    private static void awaitCaughtUp(PipelineProcesses cluster) {
        ConsumerGroupProgress.awaitCaughtUp(
                cluster.bootstrapServers(), ConsumerGroupProgress.PROCESSOR_GROUP, Duration.ofMinutes(30));
    }

    private static void publish(PipelineProcesses cluster, ItemSet items) {
        try (KafkaProducer<String, FeedbackBatch> producer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        cluster.bootstrapServers(),
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        ProducerConfig.LINGER_MS_CONFIG,
                        10,
                        ProducerConfig.BATCH_SIZE_CONFIG,
                        262_144,
                        ProducerConfig.COMPRESSION_TYPE_CONFIG,
                        "zstd"),
                Topics.FEEDBACK.keySerializer(),
                Topics.FEEDBACK.valueSerializer())) {
            for (int n = 0; n < items.records(); n++) {
                producer.send(new ProducerRecord<>(Topics.FEEDBACK.name(), Integer.toString(n), items.record(n)));
            }
            producer.flush();
        }
    }

    /** When the first row of the item set became visible, polled every 10 ms. */
    private static long firstRowAt(PipelineProcesses cluster, ItemSet items) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (anyRow(cluster, items)) {
                return System.nanoTime();
            }
            Thread.sleep(10);
        }
        throw new IllegalStateException("no row of the backlog appeared within 30 minutes");
    }

    /** Registers written for the item set; as many as distinct usage ids hit. */
    public static long registers(PipelineProcesses cluster, ItemSet items) throws SQLException {
        try (Connection connection = cluster.owner().getConnection();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT count(*) FROM completion_feedback" + " WHERE project_id = ? AND usage_id LIKE ?")) {
            query.setObject(1, items.project());
            query.setString(2, items.prefix() + "%");
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private static boolean anyRow(PipelineProcesses cluster, ItemSet items) throws SQLException {
        try (Connection connection = cluster.owner().getConnection();
                PreparedStatement query = connection.prepareStatement("SELECT EXISTS (SELECT 1 FROM completion_feedback"
                        + " WHERE project_id = ? AND usage_id LIKE ?)")) {
            query.setObject(1, items.project());
            query.setString(2, items.prefix() + "%");
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getBoolean(1);
            }
        }
    }
}
