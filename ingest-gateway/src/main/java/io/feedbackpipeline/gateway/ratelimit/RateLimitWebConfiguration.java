package io.feedbackpipeline.gateway.ratelimit;

import io.feedbackpipeline.gateway.http.PublicRoutes;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** The per-key rate limit, after authentication and the scope check, on every route that needs a credential. */
@Configuration
class RateLimitWebConfiguration implements WebMvcConfigurer {

    /** After authentication (0) and the scope check (1): it counts per authenticated caller. */
    static final int ORDER = 2;

    private final RateLimitInterceptor rateLimit;

    RateLimitWebConfiguration(RateLimitInterceptor rateLimit) {
        this.rateLimit = rateLimit;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(rateLimit)
                .addPathPatterns("/**")
                .excludePathPatterns(PublicRoutes.patterns())
                .order(ORDER);
    }
}
