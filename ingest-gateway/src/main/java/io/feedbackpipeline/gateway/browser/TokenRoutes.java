package io.feedbackpipeline.gateway.browser;

import io.feedbackpipeline.gateway.auth.AcceptsFeedbackTokens;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.event.ContextRefreshedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.http.server.PathContainer;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.pattern.PathPattern;

/**
 * The paths of the routes marked {@link AcceptsFeedbackTokens}, read from the handler mappings once the application
 * has started: the annotation stays the one place that says which routes browsers may call.
 */
@Component
class TokenRoutes {

    private final RequestMappingHandlerMapping mappings;
    private volatile List<PathPattern> patterns = List.of();

    TokenRoutes(@Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping mappings) {
        this.mappings = mappings;
    }

    @EventListener(ContextRefreshedEvent.class)
    void readMappings() {
        patterns = mappings.getHandlerMethods().entrySet().stream()
                .filter(entry -> entry.getValue().hasMethodAnnotation(AcceptsFeedbackTokens.class))
                .map(Map.Entry::getKey)
                .map(RequestMappingInfo::getPathPatternsCondition)
                .filter(Objects::nonNull)
                .flatMap(condition -> condition.getPatterns().stream())
                .toList();
    }

    boolean contains(String path) {
        PathContainer container = PathContainer.parsePath(path);
        return patterns.stream().anyMatch(pattern -> pattern.matches(container));
    }

    /** For error messages and tests. */
    List<String> paths() {
        return patterns.stream().map(PathPattern::getPatternString).sorted().toList();
    }
}
