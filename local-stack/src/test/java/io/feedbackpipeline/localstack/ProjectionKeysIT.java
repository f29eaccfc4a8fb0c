package io.feedbackpipeline.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.feedbackpipeline.catalog.CatalogAdmin;
import io.feedbackpipeline.catalog.FeedbackKind;
import io.feedbackpipeline.localstack.junit.PipelineInfrastructure;
import io.feedbackpipeline.localstack.junit.Sql;
import io.feedbackpipeline.localstack.junit.WithPipelineInfrastructure;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
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
        NamedType named = namedType(infrastructure, "named-");
        UUID project = named.project();
        int unnamed = new CatalogAdmin(infrastructure.dataSource())
                .createFeedbackType(project, "unnamed", FeedbackKind.TEXT, null, null)
                .orElseThrow()
                .id();

        refusedAsNamed(infrastructure, "DELETE FROM feedback_type WHERE id = " + named.type());
        refusedAsNamed(
                infrastructure,
                "UPDATE feedback_type SET id = " + (named.type() + 1_000_000) + " WHERE id = " + named.type());
        refusedAsNamed(infrastructure, "DELETE FROM project WHERE id = '" + project + "'");
        execute(infrastructure, "UPDATE feedback_type SET name = 'renamed' WHERE id = " + named.type());
        execute(infrastructure, "DELETE FROM feedback_type WHERE id = " + unnamed);

        assertThat(column(
                        infrastructure,
                        "SELECT name FROM feedback_type WHERE id IN (" + named.type() + ", " + unnamed + ")"))
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
        int named = namedType(infrastructure, "shadowed-").type();
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

    /** A new project's feedback type, and a register naming it written straight into the projection as the owner. */
    private record NamedType(UUID project, int type) {}

    private static NamedType namedType(PipelineInfrastructure infrastructure, String projectPrefix)
            throws SQLException {
        CatalogAdmin catalog = new CatalogAdmin(infrastructure.dataSource());
        UUID project = catalog.createProject(projectPrefix + UUID.randomUUID()).id();
        int type = catalog.createFeedbackType(project, "named", FeedbackKind.TEXT, null, null)
                .orElseThrow()
                .id();
        execute(
                infrastructure,
                "INSERT INTO completion_feedback (project_id, usage_id, feedback_type_id, comment, occurred_at,"
                        + " event_id, item_index, received_at, source_topic, source_partition, source_offset)"
                        + " VALUES ('" + project + "', 'u-1', " + type + ", 'kept', now(), gen_random_uuid(), 0,"
                        + " now(), 'feedback.v1', 0, 0)");
        return new NamedType(project, type);
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
        new Sql(infrastructure.dataSource()).execute(statement);
    }

    private static List<String> column(PipelineInfrastructure infrastructure, String query) throws SQLException {
        return new Sql(infrastructure.dataSource()).column(query);
    }
}
