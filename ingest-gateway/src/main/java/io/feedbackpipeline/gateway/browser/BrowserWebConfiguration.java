package io.feedbackpipeline.gateway.browser;

import io.feedbackpipeline.gateway.http.PublicRoutes;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** The checks on feedback-token requests, after authentication (0), the scope check (1) and the per-key limit (2). */
@Configuration
class BrowserWebConfiguration implements WebMvcConfigurer {

    static final int ORDER = 3;

    private final TokenRequestChecks checks;

    BrowserWebConfiguration(TokenRequestChecks checks) {
        this.checks = checks;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(checks)
                .addPathPatterns("/**")
                .excludePathPatterns(PublicRoutes.patterns())
                .order(ORDER);
    }
}
