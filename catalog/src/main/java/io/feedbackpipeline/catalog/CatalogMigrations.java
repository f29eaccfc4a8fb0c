package io.feedbackpipeline.catalog;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * Brings a database to the current schema. Safe to call from several processes at once: Flyway serialises
 * concurrent migrations with a PostgreSQL advisory lock.
 */
public final class CatalogMigrations {

    public static final String LOCATION = "classpath:db/migration";

    private CatalogMigrations() {}

    /** Applies pending migrations and returns how many were applied. */
    public static int migrate(DataSource dataSource) {
        return Flyway.configure()
                .dataSource(dataSource)
                .locations(LOCATION)
                .load()
                .migrate()
                .migrationsExecuted;
    }
}
