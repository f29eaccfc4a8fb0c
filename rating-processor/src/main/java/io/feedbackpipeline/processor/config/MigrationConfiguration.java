package io.feedbackpipeline.processor.config;

import io.feedbackpipeline.catalog.CatalogMigrations;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.validation.annotation.Validated;

/**
 * The processor migrates the database at start-up, as the owner role ({@code spring.flyway.user} and
 * {@code .password}), while it reads and writes rows as its own role ({@code spring.datasource.*}). The migrations
 * grant the service roles named here.
 */
@Configuration
@EnableConfigurationProperties(MigrationConfiguration.ServiceRoleNames.class)
class MigrationConfiguration {

    /** {@code pipeline.migrations.gateway-role} and {@code .processor-role}: the roles the migrations grant. */
    @Validated
    @ConfigurationProperties("pipeline.migrations")
    record ServiceRoleNames(
            @DefaultValue("feedback_gateway") @NotBlank String gatewayRole,
            @DefaultValue("feedback_processor") @NotBlank String processorRole) {}

    @Bean
    FlywayConfigurationCustomizer serviceRolePlaceholders(ServiceRoleNames roles) {
        CatalogMigrations.ServiceRoles serviceRoles =
                new CatalogMigrations.ServiceRoles(roles.gatewayRole(), roles.processorRole());
        return configuration -> configuration.placeholders(serviceRoles.placeholders());
    }
}
