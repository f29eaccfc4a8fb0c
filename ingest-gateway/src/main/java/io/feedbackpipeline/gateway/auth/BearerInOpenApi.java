package io.feedbackpipeline.gateway.auth;

import io.feedbackpipeline.gateway.http.PublicRoutes;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Authentication in the OpenAPI document: every API route takes a Bearer key, and the {@link Caller} a handler
 * receives is resolved from that key, so it is not a parameter.
 */
@Configuration
class BearerInOpenApi {

    private static final String BEARER = "bearerAuth";

    @Bean
    OpenApiCustomizer bearerAuthentication() {
        // springdoc's documented way to hide a resolved argument; its configuration is global by its design.
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(Caller.class);
        return openApi -> {
            Components components = openApi.getComponents() == null ? new Components() : openApi.getComponents();
            openApi.setComponents(components);
            components.addSecuritySchemes(
                    BEARER,
                    new SecurityScheme()
                            .type(SecurityScheme.Type.HTTP)
                            .scheme("bearer")
                            .description("Bearer authentication header of the form `Bearer <api key>`."));
            openApi.getPaths()
                    .forEach((path, item) -> item.readOperations().forEach(operation -> {
                        if (!PublicRoutes.contains(path)) {
                            operation.addSecurityItem(new SecurityRequirement().addList(BEARER));
                        }
                    }));
        };
    }
}
