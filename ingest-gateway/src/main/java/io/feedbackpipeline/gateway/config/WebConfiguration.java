package io.feedbackpipeline.gateway.config;

import io.feedbackpipeline.gateway.auth.ApiKeyInterceptor;
import io.feedbackpipeline.gateway.auth.CallerArgumentResolver;
import io.feedbackpipeline.gateway.auth.ScopeInterceptor;
import io.feedbackpipeline.gateway.http.PublicRoutes;
import io.feedbackpipeline.gateway.ratelimit.RateLimitInterceptor;
import java.util.List;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Authentication, the key's scope, then rate limiting, on every route but the few public ones ({@link PublicRoutes}):
 * deny by default, so a route added later under any path needs a key until it is listed as public.
 */
@Configuration
class WebConfiguration implements WebMvcConfigurer {

    private final ApiKeyInterceptor authentication;
    private final ScopeInterceptor scopes;
    private final RateLimitInterceptor rateLimit;
    private final CallerArgumentResolver callerResolver;

    WebConfiguration(
            ApiKeyInterceptor authentication,
            ScopeInterceptor scopes,
            RateLimitInterceptor rateLimit,
            CallerArgumentResolver callerResolver) {
        this.authentication = authentication;
        this.scopes = scopes;
        this.rateLimit = rateLimit;
        this.callerResolver = callerResolver;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(authentication)
                .addPathPatterns("/**")
                .excludePathPatterns(PublicRoutes.patterns())
                .order(0);
        registry.addInterceptor(scopes)
                .addPathPatterns("/**")
                .excludePathPatterns(PublicRoutes.patterns())
                .order(1);
        registry.addInterceptor(rateLimit)
                .addPathPatterns("/**")
                .excludePathPatterns(PublicRoutes.patterns())
                .order(2);
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(callerResolver);
    }
}
