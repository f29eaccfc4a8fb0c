package io.feedbackpipeline.gateway.auth;

import io.feedbackpipeline.catalog.ApiKeyScope;
import java.util.Set;
import java.util.UUID;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/** An authenticated caller for controller slice tests, and the resolver that hands it to handlers. */
public final class Callers {

    private Callers() {}

    public static Caller of(UUID project, Set<ApiKeyScope> scopes) {
        return new Caller(project, UUID.randomUUID(), "fpk_testtest", scopes, null);
    }

    public static HandlerMethodArgumentResolver resolving(Caller caller) {
        return new HandlerMethodArgumentResolver() {
            @Override
            public boolean supportsParameter(MethodParameter parameter) {
                return parameter.getParameterType() == Caller.class;
            }

            @Override
            public Object resolveArgument(
                    MethodParameter parameter,
                    ModelAndViewContainer container,
                    NativeWebRequest request,
                    WebDataBinderFactory binders) {
                return caller;
            }
        };
    }
}
