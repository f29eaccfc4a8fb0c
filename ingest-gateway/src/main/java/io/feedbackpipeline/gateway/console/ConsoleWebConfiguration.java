package io.feedbackpipeline.gateway.console;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The console: static files under {@code /console/} and the chart library from its webjar, with a strict
 * Content-Security-Policy. Only the page's own scripts run (no inline script, no eval), it talks only to this
 * gateway, and nothing may frame it. The page holds no data: every figure comes from the API with the key the user
 * typed, which stays in the tab's session storage.
 */
@Configuration
class ConsoleWebConfiguration implements WebMvcConfigurer {

    static final String CONTENT_SECURITY_POLICY = String.join(
            "; ",
            "default-src 'none'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:",
            "connect-src 'self'",
            "font-src 'self'",
            "base-uri 'none'",
            "form-action 'none'",
            "frame-ancestors 'none'");

    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        registry.addRedirectViewController("/console", "/console/");
        registry.addViewController("/console/").setViewName("forward:/console/index.html");
    }

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> consoleHeaders() {
        FilterRegistrationBean<OncePerRequestFilter> registration =
                new FilterRegistrationBean<>(new OncePerRequestFilter() {
                    @Override
                    protected void doFilterInternal(
                            HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                            throws ServletException, IOException {
                        response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
                        response.setHeader("X-Content-Type-Options", "nosniff");
                        response.setHeader("Referrer-Policy", "no-referrer");
                        response.setHeader("Cross-Origin-Opener-Policy", "same-origin");
                        // The page is small and changes with each release: always revalidate, never serve a stale one.
                        response.setHeader("Cache-Control", "no-cache");
                        chain.doFilter(request, response);
                    }
                });
        registration.addUrlPatterns("/console", "/console/*", "/webjars/*");
        registration.setName("consoleHeaders");
        return registration;
    }
}
