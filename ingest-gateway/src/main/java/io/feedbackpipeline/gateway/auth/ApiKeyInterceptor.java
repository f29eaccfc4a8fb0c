package io.feedbackpipeline.gateway.auth;

import io.feedbackpipeline.catalog.ApiKeySecret;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;

/** Every API route needs {@code Authorization: Bearer <key>}; the caller's project is attached to the request. */
@Component
public class ApiKeyInterceptor implements HandlerInterceptor {

    static final String CALLER_ATTRIBUTE = Caller.class.getName();
    private static final String BEARER = "Bearer ";

    private final ApiKeyDirectory directory;

    ApiKeyInterceptor(ApiKeyDirectory directory) {
        this.directory = directory;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (request.getDispatcherType() == DispatcherType.ASYNC) {
            return true; // the request was authenticated before its handler went asynchronous
        }
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw new Unauthorized();
        }
        String token = header.substring(BEARER.length()).trim();
        if (!ApiKeySecret.isWellFormed(token)) {
            throw new Unauthorized();
        }
        Caller caller = directory.find(new ApiKeySecret(token)).orElseThrow(Unauthorized::new);
        request.setAttribute(CALLER_ATTRIBUTE, caller);
        return true;
    }

    public static Caller callerOf(HttpServletRequest request) {
        Object caller = request.getAttribute(CALLER_ATTRIBUTE);
        if (caller == null) {
            throw new Unauthorized();
        }
        return (Caller) caller;
    }
}
