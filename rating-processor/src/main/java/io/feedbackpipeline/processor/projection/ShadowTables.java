package io.feedbackpipeline.processor.projection;

import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * A rebuild's tables: created empty beside the live ones, filled by a projection on {@link ProjectionTables#SHADOW},
 * then swapped in atomically. Readers and the live processor see the complete old tables until the swap commits
 * and the complete new ones after it, never a half-built state.
 */
public final class ShadowTables {

    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;

    public ShadowTables(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
        this.transaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    /** Empty shadow tables with the live tables' columns, defaults, checks and indexes. */
    public void create() {
        transaction.executeWithoutResult(status -> {
            jdbc.sql("DROP TABLE IF EXISTS completion_feedback_rebuild, completion_log_rebuild").update();
            jdbc.sql("CREATE TABLE completion_feedback_rebuild (LIKE completion_feedback INCLUDING ALL)").update();
            jdbc.sql("CREATE TABLE completion_log_rebuild (LIKE completion_log INCLUDING ALL)").update();
        });
    }

    /**
     * Swaps the shadow tables in. Inside the swap transaction the live tables are locked first, so the live
     * processor's open transaction finishes and no new one starts; {@code finalCatchUp} then projects whatever
     * the topics hold now into the shadow tables (the live processor cannot have consumed anything beyond that),
     * and the renames commit together with it.
     */
    public void swap(Runnable finalCatchUp) {
        transaction.executeWithoutResult(status -> {
            jdbc.sql("LOCK TABLE completion_feedback, completion_log IN ACCESS EXCLUSIVE MODE").update();
            finalCatchUp.run();
            jdbc.sql("ALTER TABLE completion_feedback RENAME TO completion_feedback_old").update();
            jdbc.sql("ALTER TABLE completion_log RENAME TO completion_log_old").update();
            jdbc.sql("ALTER TABLE completion_feedback_rebuild RENAME TO completion_feedback").update();
            jdbc.sql("ALTER TABLE completion_log_rebuild RENAME TO completion_log").update();
        });
        // A statement planned on an old table before the swap may still finish there; its records were part of
        // the final catch-up, so the old tables can go once it is done (DROP waits for it).
        transaction.executeWithoutResult(status -> {
            jdbc.sql("DROP TABLE completion_feedback_old, completion_log_old").update();
            jdbc.sql("""
                    DO $$
                    DECLARE index_name text;
                    BEGIN
                      FOR index_name IN SELECT indexname FROM pg_indexes
                                         WHERE schemaname = current_schema() AND indexname LIKE '%\\_rebuild\\_%'
                      LOOP
                        EXECUTE format('ALTER INDEX %I RENAME TO %I', index_name,
                                       replace(index_name, '_rebuild_', '_'));
                      END LOOP;
                    END $$""").update();
            jdbc.sql("ALTER TABLE completion_feedback ADD CONSTRAINT completion_feedback_project_id_fkey"
                    + " FOREIGN KEY (project_id) REFERENCES project (id) NOT VALID").update();
            jdbc.sql("ALTER TABLE completion_feedback ADD CONSTRAINT completion_feedback_feedback_type_id_fkey"
                    + " FOREIGN KEY (feedback_type_id) REFERENCES feedback_type (id) NOT VALID").update();
            jdbc.sql("ALTER TABLE completion_log ADD CONSTRAINT completion_log_project_id_fkey"
                    + " FOREIGN KEY (project_id) REFERENCES project (id) NOT VALID").update();
        });
        jdbc.sql("ALTER TABLE completion_feedback VALIDATE CONSTRAINT completion_feedback_project_id_fkey").update();
        jdbc.sql("ALTER TABLE completion_feedback VALIDATE CONSTRAINT completion_feedback_feedback_type_id_fkey")
                .update();
        jdbc.sql("ALTER TABLE completion_log VALIDATE CONSTRAINT completion_log_project_id_fkey").update();
    }
}
