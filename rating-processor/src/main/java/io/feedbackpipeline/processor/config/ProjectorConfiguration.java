package io.feedbackpipeline.processor.config;

import io.feedbackpipeline.catalog.CachedCatalog;
import io.feedbackpipeline.catalog.ProjectionTables;
import io.feedbackpipeline.projection.Projector;
import io.feedbackpipeline.projection.TransactionLimits;
import io.feedbackpipeline.projection.externalregistry.SchemaRegistryClient;
import io.feedbackpipeline.projection.intake.Intake;
import io.feedbackpipeline.projection.store.ProjectionWriter;
import io.feedbackpipeline.projection.store.Transactions;
import io.feedbackpipeline.schemas.serde.WriterSchemas;
import java.net.URI;
import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The projection library, wired onto the service's data source and settings. */
@Configuration
class ProjectorConfiguration {

    @Bean
    CachedCatalog cachedCatalog(DataSource dataSource) {
        return new CachedCatalog(dataSource);
    }

    /** An external registry when one is configured, else none: the bundled history resolves in-process either way. */
    static WriterSchemas externalSchemas(ProcessorProperties.SchemaRegistry registry) {
        if (registry.url().isBlank()) {
            return WriterSchemas.none();
        }
        return new SchemaRegistryClient(new SchemaRegistryClient.Settings(
                URI.create(registry.url()), registry.timeout(), registry.username(), registry.password()));
    }

    @Bean
    Projector projector(DataSource dataSource, CachedCatalog catalog, ProcessorProperties properties) {
        ProcessorProperties.Transaction transaction = properties.transaction();
        Transactions transactions = new Transactions(
                dataSource,
                new Transactions.Timeouts(transaction.lockTimeout(), transaction.statementTimeout()),
                transaction.workMem().toKilobytes());
        return new Projector(
                new Intake(
                        catalog,
                        (int) transaction.maxRecordBytes().toBytes(),
                        externalSchemas(properties.schemaRegistry())),
                new ProjectionWriter(
                        transactions,
                        ProjectionTables.LIVE,
                        new ProjectionWriter.Options(
                                properties.analytics().enabled(),
                                properties.receipts().enabled(),
                                properties.changes().enabled(),
                                transaction.transport())),
                new TransactionLimits(
                        transaction.maxItems(), transaction.maxBytes().toBytes()));
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
