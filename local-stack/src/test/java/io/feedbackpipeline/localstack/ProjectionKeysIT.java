package io.feedbackpipeline.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.feedbackpipeline.catalog.CatalogAdmin;
import io.feedbackpipeline.catalog.FeedbackKind;
import io.feedbackpipeline.localstack.junit.PipelineInfrastructure;
import io.feedbackpipeline.localstack.junit.WithPipelineInfrastructure;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The projection's foreign keys are declared and not enforced (V18): the processor, its only writer, checks every
 * item's project and feedback type against the catalog before it writes (DeadLetterIT: unknown ones are
 * dead-lettered), and the catalog's side of the keys is kept by triggers: what the projection names stays.
 */
@WithPipelineInfrastructure
class ProjectionKeysIT {

    @Test
    @DisplayName("the projection's foreign keys are declared, and not checked row by row")
    void keysAreDeclaredNotEnforced(PipelineInfrastructure infrastructure) throws SQLException {
        assertThat(column(
                        infrastructure,
                        "SELECT conrelid::regclass || ' ' || pg_get_constraintdef(oid) FROM pg_constraint"
                                + " WHERE contype = 'f' AND conrelid IN ('completion_feedback'::regclass,"
                                + " 'completion_log'::regclass)"))
                .containsExactlyInAnyOrder(
                        "completion_feedback FOREIGN KEY (project_id) REFERENCES project(id) NOT ENFORCED",
                        "completion_feedback FOREIGN KEY (feedback_type_id) REFERENCES feedback_type(id) NOT ENFORCED",
                        "completion_log FOREIGN KEY (project_id) REFERENCES project(id) NOT ENFORCED");
    }

    @Test
    @DisplayName("a feedback type or project the projection names cannot be deleted or renumbered; others can")
    void namedCatalogEntriesStay(PipelineInfrastructure infrastructure) throws SQLException {
        CatalogAdmin catalog = new CatalogAdmin(infrastructure.dataSource());
        UUID project = catalog.createProject("named-" + UUID.randomUUID()).id();
        int named = catalog.createFeedbackType(project, "named", FeedbackKind.TEXT, null, null)
                .orElseThrow()
                .id();
        int unnamed = catalog.createFeedbackType(project, "unnamed", FeedbackKind.TEXT, null, null)
                .orElseThrow()
                .id();
        register(infrastructure, project, named);

        refusedAsNamed(infrastructure, "DELETE FROM feedback_type WHERE id = " + named);
        refusedAsNamed(infrastructure, "UPDATE feedback_type SET id = " + (named + 1_000_000) + " WHERE id = " + named);
        refusedAsNamed(infrastructure, "DELETE FROM project WHERE id = '" + project + "'");
        execute(infrastructure, "UPDATE feedback_type SET name = 'renamed' WHERE id = " + named);
        execute(infrastructure, "DELETE FROM feedback_type WHERE id = " + unnamed);

        assertThat(column(
                        infrastructure, "SELECT name FROM feedback_type WHERE id IN (" + named + ", " + unnamed + ")"))
                .containsExactly("renamed");
    }

    /**
     * The guard looks its tables up in the schema only: a temporary, empty completion_feedback of the session that
     * deletes does not make a named feedback type look unnamed (as V9's functions; the attack is made as the owner,
     * who may delete catalog rows and create temporary tables).
     */
    @Test
    @DisplayName("a temporary completion_feedback does not hide from the guard what the projection names")
    void temporaryTableDoesNotHideNames(PipelineInfrastructure infrastructure) throws SQLException {
        CatalogAdmin catalog = new CatalogAdmin(infrastructure.dataSource());
        UUID project = catalog.createProject("shadowed-" + UUID.randomUUID()).id();
        int named = catalog.createFeedbackType(project, "named", FeedbackKind.TEXT, null, null)
                .orElseThrow()
                .id();
        register(infrastructure, project, named);
        try (Connection session = infrastructure.dataSource().getConnection();
                Statement sql = session.createStatement()) {
            sql.execute("CREATE TEMP TABLE completion_feedback (LIKE public.completion_feedback)");
            try {
                assertThatThrownBy(() -> sql.execute("DELETE FROM feedback_type WHERE id = " + named))
                        .isInstanceOfSatisfying(
                                SQLException.class,
                                e -> assertThat(e.getSQLState()).isEqualTo("23503"));
            } finally {
                sql.execute("DROP TABLE pg_temp.completion_feedback");
            }
        }
        assertThat(column(infrastructure, "SELECT count(*) FROM feedback_type WHERE id = " + named))
                .containsExactly("1");
    }

    /** A register naming {@code type}, written straight into the projection as the owner. */
    private static void register(PipelineInfrastructure infrastructure, UUID project, int type) throws SQLException {
        execute(
                infrastructure,
                "INSERT INTO completion_feedback (project_id, usage_id, feedback_type_id, comment, occurred_at,"
                        + " event_id, item_index, received_at, source_topic, source_partition, source_offset)"
                        + " VALUES ('" + project + "', 'u-1', " + type + ", 'kept', now(), gen_random_uuid(), 0,"
                        + " now(), 'feedback.v1', 0, 0)");
    }

    private static void refusedAsNamed(PipelineInfrastructure infrastructure, String statement) {
        assertThatThrownBy(() -> execute(infrastructure, statement))
                .as(statement)
                .isInstanceOfSatisfying(SQLException.class, e -> {
                    assertThat(e.getSQLState()).isEqualTo("23503");
                    assertThat(e.getMessage()).contains("is named by the projection");
                });
    }

    private static void execute(PipelineInfrastructure infrastructure, String statement) throws SQLException {
        try (Connection connection = infrastructure.dataSource().getConnection();
                Statement sql = connection.createStatement()) {
            sql.execute(statement);
        }
    }

    private static List<String> column(PipelineInfrastructure infrastructure, String query) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection connection = infrastructure.dataSource().getConnection();
                Statement sql = connection.createStatement();
                ResultSet rows = sql.executeQuery(query)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }
}
