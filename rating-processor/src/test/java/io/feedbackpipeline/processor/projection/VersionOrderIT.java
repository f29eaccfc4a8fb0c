package io.feedbackpipeline.processor.projection;

import static org.assertj.core.api.Assertions.assertThat;

import io.feedbackpipeline.localstack.junit.PipelineInfrastructure;
import io.feedbackpipeline.localstack.junit.WithPipelineInfrastructure;
import io.feedbackpipeline.merge.Version;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The Java fold and the SQL guard must order versions identically (DESIGN.md 5), uuid sign bits included. */
@WithPipelineInfrastructure
class VersionOrderIT {

    @Test
    @DisplayName("Version.compareTo agrees with PostgreSQL's (timestamptz, uuid, int) row comparison on 5000 pairs")
    void javaAndPostgresAgree(PipelineInfrastructure infrastructure) {
        Random random = new Random(7);
        List<Version> left = new ArrayList<>();
        List<Version> right = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            left.add(randomVersion(random));
            right.add(random.nextInt(4) == 0 ? sameTimeAs(left.get(i), random) : randomVersion(random));
        }

        List<Integer> postgres = JdbcClient.create(infrastructure.dataSource())
                .sql("""
                        SELECT CASE WHEN (a_at, a_id, a_ix) < (b_at, b_id, b_ix) THEN -1
                                    WHEN (a_at, a_id, a_ix) > (b_at, b_id, b_ix) THEN 1 ELSE 0 END
                          FROM unnest(?::timestamptz[], ?::uuid[], ?::int[], ?::timestamptz[], ?::uuid[], ?::int[])
                               WITH ORDINALITY AS p(a_at, a_id, a_ix, b_at, b_id, b_ix, n)
                         ORDER BY n""")
                .param(left.stream().map(v -> v.occurredAt().toString()).toArray(String[]::new))
                .param(left.stream().map(v -> v.eventId().toString()).toArray(String[]::new))
                .param(left.stream().map(Version::itemIndex).toArray(Integer[]::new))
                .param(right.stream().map(v -> v.occurredAt().toString()).toArray(String[]::new))
                .param(right.stream().map(v -> v.eventId().toString()).toArray(String[]::new))
                .param(right.stream().map(Version::itemIndex).toArray(Integer[]::new))
                .query(Integer.class)
                .list();

        List<Integer> java = new ArrayList<>();
        for (int i = 0; i < left.size(); i++) {
            java.add(Integer.signum(left.get(i).compareTo(right.get(i))));
        }
        assertThat(java).isEqualTo(postgres);
        assertThat(java).contains(-1, 0, 1);
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
