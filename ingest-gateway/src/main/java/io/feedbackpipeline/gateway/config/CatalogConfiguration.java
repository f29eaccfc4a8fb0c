package io.feedbackpipeline.gateway.config;

import io.feedbackpipeline.catalog.CachedCatalog;
import io.feedbackpipeline.catalog.EventRules;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
class CatalogConfiguration {

    @Bean
    CachedCatalog cachedCatalog(DataSource dataSource) {
        return new CachedCatalog(dataSource);
    }

    /** The processor's event rules: what the gateway accepts, the processor accepts. */
    @Bean
    EventRules eventRules(CachedCatalog catalog) {
        return new EventRules(catalog);
    }
}
