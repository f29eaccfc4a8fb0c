package io.feedbackpipeline.processor.support;

import io.feedbackpipeline.catalog.CatalogMigrations;
import io.feedbackpipeline.localstack.junit.WithPipelineInfrastructure;
import io.feedbackpipeline.localstack.postgres.PostgresServer;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;

/** The processor, running, on the real broker and database of the test run, as its least-privilege role. */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@WithPipelineInfrastructure
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "pipeline.processor.retry.max-interval=1s",
            "pipeline.processor.stall-threshold=2s",
            "pipeline.processor.transaction.lock-timeout=2s",
            "pipeline.processor.transaction.max-record-bytes=" + ProcessorIT.MAX_RECORD_BYTES,
            // A port of its own per run: ConfluentRecordsIT serves a registry there, and takes it away, at will.
            "pipeline.processor.schema-registry.url=http://127.0.0.1:${random.int[20000,29999]}/schema-registry",
            "pipeline.processor.schema-registry.timeout=1s",
            ProcessorIT.ROLE,
            ProcessorIT.PASSWORD
        })
public @interface ProcessorIT {

    /** The processor's login role of the test fixtures (PostgresServer.PROCESSOR). */
    String ROLE = "spring.datasource.username=" + CatalogMigrations.PROCESSOR_ROLE;

    String PASSWORD = "spring.datasource.password=" + PostgresServer.PROCESSOR_PASSWORD;

    /** Records larger than this are dead-lettered unread (the default is 8 MiB; smaller keeps tests quick). */
    int MAX_RECORD_BYTES = 2 * 1024 * 1024;
}
