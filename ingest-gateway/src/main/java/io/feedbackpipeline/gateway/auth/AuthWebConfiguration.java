package io.feedbackpipeline.gateway.auth;

import io.feedbackpipeline.gateway.http.PublicRoutes;
import java.util.List;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Authentication, then the key's scope, on every route but the few public ones ({@link PublicRoutes}): deny by
 * default, so a route added later under any path needs a credential until it is listed as public. Handlers take the
 * authenticated {@link Caller} as a parameter.
 */
@Configuration
class AuthWebConfiguration implements WebMvcConfigurer {

    static final int AUTHENTICATION_ORDER = 0;
    static final int SCOPE_ORDER = 1;

    private final ApiKeyInterceptor authentication;
    private final ScopeInterceptor scopes;
    private final CallerArgumentResolver callers;

    AuthWebConfiguration(ApiKeyInterceptor authentication, ScopeInterceptor scopes, CallerArgumentResolver callers) {
        this.authentication = authentication;
        this.scopes = scopes;
        this.callers = callers;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(authentication)
                .addPathPatterns("/**")
                .excludePathPatterns(PublicRoutes.patterns())
                .order(AUTHENTICATION_ORDER);
        registry.addInterceptor(scopes)
                .addPathPatterns("/**")
                .excludePathPatterns(PublicRoutes.patterns())
                .order(SCOPE_ORDER);
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(callers);
    }
}
