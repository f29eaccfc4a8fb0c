package io.feedbackpipeline.systemtests.faults;

import io.feedbackpipeline.localstack.kafka.ConsumerGroupProgress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One scenario's measurement: load with a ledger and a visibility probe from {@link #start} until the faults are
 * over, then recovery, then the ledger checked against the tables and the topics audited.
 */
final class Scenario {

    private static final Duration RECOVERY = Duration.ofMinutes(3);

    private final String name;
    private final FaultCluster cluster;
    private final Ledger ledger = new Ledger();
    private final TopicAudit.Marks marks;
    private final VisibilityProbe probe;
    private final LoadClient load;

    private Scenario(String name, FaultCluster cluster, int perSecond) {
        this.name = name;
        this.cluster = cluster;
        this.marks = TopicAudit.mark(cluster.bootstrapServers());
        this.probe = new VisibilityProbe(cluster.owner(), cluster.projectId());
        this.load = new LoadClient(cluster, ledger, probe, name, 3, 9, perSecond);
    }

    static Scenario start(String name, FaultCluster cluster, int perSecond) {
        return new Scenario(name, cluster, perSecond);
    }

    Ledger ledger() {
        return ledger;
    }

    /** Stops the load, waits until the pipeline has recovered by itself, and measures what happened. */
    ScenarioResult finish(String notes) throws Exception {
        load.close();
        cluster.awaitServicesUp();
        ConsumerGroupProgress.awaitCaughtUp(
                cluster.bootstrapServers(), ConsumerGroupProgress.PROCESSOR_GROUP, RECOVERY);
        probe.close();
        LedgerCheck.Counts counts = LedgerCheck.check(ledger, cluster.owner(), cluster.projectId());
        ChangeStreamCheck.Counts changes =
                ChangeStreamCheck.check(ledger, cluster.owner(), cluster.projectId(), cluster.bootstrapServers());
        Set<String> requestIds = new HashSet<>();
        ledger.keys().forEach(key -> key.requests().forEach(request -> requestIds.add(request.requestId())));
        TopicAudit.Findings topics = TopicAudit.audit(cluster.bootstrapServers(), marks, requestIds);
        List<String> remarks = new ArrayList<>();
        if (!notes.isBlank()) {
            remarks.add(notes);
        }
        if (!ledger.problems().isEmpty()) {
            remarks.add(
                    "unexpected answers: " + ledger.problems().stream().limit(3).toList());
        }
        if (topics.poisonDeadLetters() > 0) {
            remarks.add(topics.poisonDeadLetters() + " poison dead letters");
        }
        return new ScenarioResult(
                name,
                counts.acknowledged(),
                counts.found(),
                counts.lost(),
                topics.duplicatedInEffect(),
                counts.stale(),
                topics.validDeadLetters(),
                ledger.unexpected5xx(),
                ledger.refused503(),
                probe.longestMillis(),
                counts.eventsChecked(),
                counts.withoutReceipt(),
                changes.registers(),
                changes.changes(),
                changes.missing(),
                changes.stale(),
                String.join("; ", remarks));
    }
}
