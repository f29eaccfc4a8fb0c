package io.feedbackpipeline.gateway.registryapi;

import io.feedbackpipeline.schemas.registry.BundledRegistry;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** The registry API's own throttle, on its routes only. */
@Configuration
class RegistryWebConfiguration implements WebMvcConfigurer {

    private final RegistryThrottle throttle;

    RegistryWebConfiguration(RegistryThrottle throttle) {
        this.throttle = throttle;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(throttle).addPathPatterns(BundledRegistry.SERVED_AT + "/**");
    }
}
