package io.feedbackpipeline.gateway.support;

import io.feedbackpipeline.catalog.CatalogMigrations;
import io.feedbackpipeline.localstack.junit.WithPipelineInfrastructure;
import io.feedbackpipeline.localstack.postgres.PostgresServer;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The gateway on a random port against the real broker and database of the test run, connected as its own
 * least-privilege role. No processor runs here, so the Baseplate wait is kept short and its 202 path is what these
 * tests see.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@WithPipelineInfrastructure
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "pipeline.gateway.read-your-writes.timeout=300ms",
            "pipeline.gateway.auth.cache-ttl=1s",
            "pipeline.gateway.browser.origins-refresh=200ms",
            GatewayIT.ROLE,
            GatewayIT.PASSWORD
        })
public @interface GatewayIT {

    /** The gateway's login role of the test fixtures (PostgresServer.GATEWAY). */
    String ROLE = "spring.datasource.username=" + CatalogMigrations.GATEWAY_ROLE;

    String PASSWORD = "spring.datasource.password=" + PostgresServer.GATEWAY_PASSWORD;
}
