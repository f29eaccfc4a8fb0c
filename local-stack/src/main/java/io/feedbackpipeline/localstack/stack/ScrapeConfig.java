package io.feedbackpipeline.localstack.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A Prometheus scrape configuration for the running stack ({@code prometheus --config.file=.local/prometheus.yml}):
 * the gateway's operations port and the processor's port, never the gateway's public one.
 */
final class ScrapeConfig {

    private ScrapeConfig() {}

    static void write(Path file, int gatewayManagementPort, int processorPort) {
        String config = """
                # Written by the local stack at each start.
                scrape_configs:
                  - job_name: ingest-gateway
                    metrics_path: /actuator/prometheus
                    static_configs:
                      - targets: ["127.0.0.1:%d"]
                  - job_name: rating-processor
                    metrics_path: /actuator/prometheus
                    static_configs:
                      - targets: ["127.0.0.1:%d"]
                """.formatted(gatewayManagementPort, processorPort);
        try {
            Files.writeString(file, config, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
