package io.feedbackpipeline.gateway.http;

import jakarta.servlet.MultipartConfigElement;
import org.apache.catalina.core.StandardHost;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Tomcat's own refusals speak problem+json too, through the one writer (see {@link ProblemErrorReportValve}), and its
 * form and multipart parsing is held to the same body limit as every other body ({@link RequestLimits}).
 */
@Configuration
class TomcatConfiguration {

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> formBodyLimit(RequestLimits limits) {
        int maxBody = (int) Math.min(Integer.MAX_VALUE, limits.maxBodySize().toBytes());
        return factory -> factory.addConnectorCustomizers(connector -> connector.setMaxPostSize(maxBody));
    }

    /** Multipart bodies are parsed when a handler reads them, after authentication, within the body limit. */
    @Bean
    MultipartConfigElement multipartConfig(RequestLimits limits) {
        long maxBody = limits.maxBodySize().toBytes();
        return new MultipartConfigElement("", maxBody, maxBody, 0);
    }

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReports(ProblemWriter writer) {
        return factory -> factory.addContextCustomizers(context -> {
            if (context.getParent() instanceof StandardHost host) {
                // The host would add its own report valve by class name at start; ours is an instance with the writer.
                host.setErrorReportValveClass("");
                host.getPipeline().addValve(new ProblemErrorReportValve(writer));
            }
        });
    }
}
