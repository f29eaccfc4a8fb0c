package io.feedbackpipeline.gateway.config;

import io.feedbackpipeline.catalog.CachedCatalog;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
class CatalogConfiguration {

    @Bean
    CachedCatalog cachedCatalog(DataSource dataSource) {
        return new CachedCatalog(dataSource);
    }
}
