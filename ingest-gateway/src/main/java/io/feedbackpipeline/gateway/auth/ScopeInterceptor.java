package io.feedbackpipeline.gateway.auth;

import io.feedbackpipeline.gateway.http.GatewayException;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * After authentication: the key must hold the scope its route names ({@link RequiresScope}), else 403 naming the
 * missing scope. An API route that names none is a programming error and is refused, never let through.
 */
@Component
class ScopeInterceptor implements HandlerInterceptor {

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (request.getDispatcherType() == DispatcherType.ASYNC || !(handler instanceof HandlerMethod method)) {
            return true;
        }
        RequiresScope required = method.getMethodAnnotation(RequiresScope.class);
        if (required == null) {
            throw new IllegalStateException("API route " + method + " names no scope");
        }
        Caller caller = Caller.of(request);
        if (!caller.may(required.value())) {
            String scope = required.value().wireName();
            throw new GatewayException(
                    HttpStatus.FORBIDDEN,
                    "This API key lacks the scope '" + scope + "' that this route needs.",
                    null,
                    Map.of("missing_scope", scope));
        }
        return true;
    }
}
