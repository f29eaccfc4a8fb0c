package io.feedbackpipeline.processor.changes;

import io.feedbackpipeline.processor.changes.OutboxRows.Outboxed;
import io.feedbackpipeline.processor.config.ProcessorProperties;
import io.feedbackpipeline.schemas.FeedbackChange;
import io.feedbackpipeline.schemas.contract.Topics;
import io.feedbackpipeline.support.timer.Periodic;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.ProducerFactory;

/**
 * Publishes the change stream's batches (V17) and outbox rows (V15) to {@code feedback-changes.v1}: oldest first
 * across both, keyed by usage_id, and deletes them only once the broker acknowledged them. One relay runs at a time
 * however many processors there are: each tries a PostgreSQL advisory lock on a connection of its own, and the
 * holder's lock goes with its session, so a killed processor's relay is taken over by another. Publishing before
 * deleting makes the stream at least once: a relay killed between the two publishes those changes again, which
 * consumers skip by their version.
 */
class ChangeRelay implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ChangeRelay.class);

    /** The advisory lock of the relay: any constant no other part of the pipeline uses ("changes" in ASCII). */
    static final long RELAY_LOCK = 0x6368616e676573L;

    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(40);
    private static final Duration QUIET = Duration.ofMinutes(1);

    private final DataSource dataSource;
    private final ProducerFactory<String, FeedbackChange> producers;
    private final int changesPerStep;
    private final Counter relayed;
    private final Periodic timer;
    /** The session holding the relay lock; only the timer's thread touches it. */
    private Connection session;

    private volatile Instant lastWarning = Instant.EPOCH;

    ChangeRelay(
            DataSource dataSource,
            ProducerFactory<String, FeedbackChange> producers,
            ProcessorProperties.Changes settings,
            MeterRegistry meters) {
        this.dataSource = dataSource;
        this.producers = producers;
        this.changesPerStep = settings.relayBatch();
        this.relayed = Counter.builder("feedback.changes.relayed")
                .description("changes published to " + Topics.FEEDBACK_CHANGES.name())
                .register(meters);
        this.timer = new Periodic("change-relay", settings.relayEvery(), settings.relayEvery(), this::relay);
    }

    /** One round: everything both tables hold, oldest first, if this processor holds the relay lock. */
    void relay() {
        try {
            if (!holdsLock()) {
                return;
            }
            while (relayOldest()) {
                // until both tables are empty
            }
        } catch (SQLException e) {
            warn("the database", e);
            closeSession(); // the lock may be gone with it; take it again next round
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            warn("the broker", e); // nothing deleted: the same rows are published again next round
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean holdsLock() throws SQLException {
        if (session != null) {
            return true;
        }
        Connection connection = dataSource.getConnection();
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_try_advisory_lock(" + RELAY_LOCK + ")");
                ResultSet granted = lock.executeQuery()) {
            if (granted.next() && granted.getBoolean(1)) {
                session = connection;
                log.info("This processor relays the change stream to {}", Topics.FEEDBACK_CHANGES.name());
                return true;
            }
        } finally {
            if (session != connection) {
                connection.close();
            }
        }
        return false;
    }

    /**
     * Publishes and deletes the oldest of what the two tables hold, in id order across both: the batches older than
     * the oldest outbox row (all of them, usually: outbox rows are a rebuild's), up to a step's worth of changes, else
     * the outbox rows older than the oldest batch.
     *
     * @return whether anything was relayed
     */
    private boolean relayOldest() throws SQLException, ExecutionException, TimeoutException, InterruptedException {
        OptionalLong oldestRow = OutboxRows.oldestId(session);
        List<ChangeBatches.Batch> batches =
                ChangeBatches.oldest(session, oldestRow.orElse(Long.MAX_VALUE), changesPerStep);
        if (!batches.isEmpty()) {
            publish(batches.stream().flatMap(batch -> batch.changes().stream()).toList());
            ChangeBatches.delete(session, batches);
            return true;
        }
        if (oldestRow.isEmpty()) {
            return false;
        }
        OptionalLong oldestBatch = ChangeBatches.oldestId(session);
        List<Outboxed> rows = OutboxRows.oldest(session, oldestBatch.orElse(Long.MAX_VALUE), changesPerStep);
        publish(rows.stream().map(Outboxed::change).toList());
        OutboxRows.delete(session, rows);
        return !rows.isEmpty();
    }

    private void publish(List<FeedbackChange> changes)
            throws ExecutionException, TimeoutException, InterruptedException {
        Acknowledgements acks = new Acknowledgements(changes.size());
        // The factory's shared producer, asked for per batch as KafkaTemplate does: the factory closes it when its
        // context stops (a paused test context, for one) and opens another on the next request, so a relay that
        // kept one producer would send into a closed one for good (ChangeStreamIT after EnvironmentFaultsIT).
        try (Producer<String, FeedbackChange> kafka = producers.createProducer()) {
            for (FeedbackChange change : changes) {
                kafka.send(new ProducerRecord<>(Topics.FEEDBACK_CHANGES.name(), change.getUsageId(), change), acks);
            }
            acks.await(ACK_TIMEOUT);
        }
        relayed.increment(changes.size());
    }

    /**
     * Waits for the broker to acknowledge every record of a batch: one latch for the batch instead of a future per
     * record (Spring's template also opens an observation per record; the relay sends every change the pipeline
     * commits).
     */
    private static final class Acknowledgements implements Callback {

        private final CountDownLatch pending;
        private final AtomicReference<Exception> failure = new AtomicReference<>();

        Acknowledgements(int records) {
            this.pending = new CountDownLatch(records);
        }

        @Override
        public void onCompletion(RecordMetadata metadata, Exception exception) {
            if (exception != null) {
                failure.compareAndSet(null, exception);
            }
            pending.countDown();
        }

        void await(Duration timeout) throws InterruptedException, ExecutionException, TimeoutException {
            if (!pending.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new TimeoutException("the broker acknowledged no batch within " + timeout);
            }
            if (failure.get() != null) {
                throw new ExecutionException(failure.get());
            }
        }
    }

    private void warn(String what, Exception e) {
        Instant now = Instant.now();
        if (Duration.between(lastWarning, now).compareTo(QUIET) >= 0) {
            lastWarning = now;
            log.warn("The change relay cannot reach {} (retried every round; nothing is lost): {}", what, e.toString());
        }
    }

    private void closeSession() {
        if (session != null) {
            try {
                session.close();
            } catch (SQLException ignored) {
                // the session is gone already; its lock went with it
            }
            session = null;
        }
    }

    @Override
    public void close() {
        timer.close();
        closeSession();
    }
}
