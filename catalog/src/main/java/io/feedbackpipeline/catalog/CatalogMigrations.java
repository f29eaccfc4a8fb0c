package io.feedbackpipeline.catalog;

import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * Brings a database to the current schema, as the role that owns the tables; the migrations grant the service
 * roles what they need and nothing more. Safe to call from several processes at once: Flyway serialises concurrent
 * migrations with a PostgreSQL advisory lock.
 */
public final class CatalogMigrations {

    public static final String LOCATION = "classpath:db/migration";

    /** The login roles the services connect as by default: the one place these names are written in Java. */
    public static final String GATEWAY_ROLE = "feedback_gateway";

    public static final String PROCESSOR_ROLE = "feedback_processor";

    /** The login roles the services connect as; they must exist before the migrations run. */
    public record ServiceRoles(String gateway, String processor) {
        public static final ServiceRoles DEFAULT = new ServiceRoles(GATEWAY_ROLE, PROCESSOR_ROLE);

        /** Flyway placeholders the migrations use in their GRANTs. */
        public Map<String, String> placeholders() {
            return Map.of("gateway_role", gateway, "processor_role", processor);
        }
    }

    private CatalogMigrations() {}

    /** Applies pending migrations as the owner of {@code ownerDataSource}; returns how many were applied. */
    public static int migrate(DataSource ownerDataSource, ServiceRoles roles) {
        return Flyway.configure()
                .dataSource(ownerDataSource)
                .locations(LOCATION)
                .placeholders(roles.placeholders())
                .load()
                .migrate()
                .migrationsExecuted;
    }
}
