package io.feedbackpipeline.processor.projection;

import static org.assertj.core.api.Assertions.assertThat;

import io.feedbackpipeline.catalog.CatalogAdmin;
import io.feedbackpipeline.localstack.junit.PipelineInfrastructure;
import io.feedbackpipeline.localstack.junit.WithPipelineInfrastructure;
import io.feedbackpipeline.merge.FeedbackWrite;
import io.feedbackpipeline.merge.Origin;
import io.feedbackpipeline.merge.RegisterKey;
import io.feedbackpipeline.merge.Version;
import io.feedbackpipeline.projection.store.ProjectionWriter;
import io.feedbackpipeline.projection.store.Transactions;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The Java fold and the SQL guard must order versions identically (DESIGN.md 5), uuid sign bits included. Proven on
 * what the writer actually sends: the projection's own upsert, guard and column list, not a restatement of them.
 */
@WithPipelineInfrastructure
class VersionOrderIT {

    @Test
    @DisplayName("the writer's guard keeps the version Version.compareTo calls greater, on 5000 registers")
    void javaAndTheWritersGuardAgree(PipelineInfrastructure infrastructure) throws SQLException {
        UUID project = new CatalogAdmin(infrastructure.dataSource())
                .createProject("version-order-" + UUID.randomUUID())
                .id();
        Random random = new Random(7);
        List<FeedbackWrite> first = new ArrayList<>();
        List<FeedbackWrite> second = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            Version left = randomVersion(random);
            Version right = random.nextInt(4) == 0 ? sameTimeAs(left, random) : randomVersion(random);
            first.add(write(project, "register-" + i, left, true));
            second.add(write(project, "register-" + i, right, false));
        }
        ProjectionWriter writer =
                ProjectionWriter.live(new Transactions(infrastructure.dataSource(), Transactions.Timeouts.DEFAULT));

        writer.write(sorted(first), List.of());
        writer.write(sorted(second), List.of());

        Map<String, UUID> stored = JdbcClient.create(infrastructure.dataSource())
                .sql("SELECT usage_id, event_id FROM completion_feedback WHERE project_id = ?")
                .param(project)
                .query((row, n) -> Map.entry(row.getString(1), row.getObject(2, UUID.class)))
                .list()
                .stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        List<Integer> outcomes = new ArrayList<>();
        for (int i = 0; i < first.size(); i++) {
            int order = first.get(i).version().compareTo(second.get(i).version());
            FeedbackWrite winner = order < 0 ? second.get(i) : first.get(i);
            assertThat(stored.get("register-" + i))
                    .as(
                            "register %d: %s vs %s",
                            i, first.get(i).version(), second.get(i).version())
                    .isEqualTo(winner.version().eventId());
            outcomes.add(Integer.signum(order));
        }
        assertThat(outcomes).contains(-1, 0, 1);
    }

    private static List<FeedbackWrite> sorted(List<FeedbackWrite> writes) {
        return writes.stream()
                .sorted(Comparator.comparing(w -> w.key().usageId()))
                .toList();
    }

    private static FeedbackWrite write(UUID project, String usageId, Version version, boolean flag) {
        return new FeedbackWrite(
                new RegisterKey(project, usageId, 1),
                version,
                new Origin("feedback.v1", 0, 0),
                flag,
                null,
                null,
                null,
                Boolean.toString(flag),
                null,
                null,
                version.occurredAt());
    }

    private static Version randomVersion(Random random) {
        return new Version(
                Instant.parse("2026-11-22T10:00:00Z").plusNanos(random.nextInt(3) * 1_000L),
                new UUID(random.nextLong(), random.nextLong()),
                random.nextInt(3));
    }

    private static Version sameTimeAs(Version version, Random random) {
        return random.nextBoolean()
                ? version
                : new Version(
                        version.occurredAt(), new UUID(random.nextLong(), random.nextLong()), version.itemIndex());
    }
}
