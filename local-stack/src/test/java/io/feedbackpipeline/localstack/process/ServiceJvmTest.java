package io.feedbackpipeline.localstack.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceJvmTest {

    @Test
    void aServiceGetsTheDefaultsWhenNothingIsSet() {
        for (String service : new String[] {"ingest-gateway", "rating-processor"}) {
            assertThat(ServiceJvm.of(service, Map.of()))
                    .as(service)
                    .startsWith(ServiceJvm.defaults().toArray(String[]::new))
                    .endsWith("-XX:GCTimeRatio=4");
        }
    }

    @Test
    void theStackStartsServicesOnTheFirstJitTierAndTheBenchmarksMeasureEveryTier() {
        assertThat(ServiceJvm.defaults()).contains("-XX:TieredStopAtLevel=1");
        assertThat(ServiceJvm.measured())
                .doesNotContain("-XX:TieredStopAtLevel=1")
                .containsExactlyElementsOf(
                        ServiceJvm.defaults().subList(0, ServiceJvm.measured().size()));
    }

    @Test
    void aServicesOwnOptionsComeAfterTheCommonOnesSoTheyWin() {
        Map<String, String> environment = Map.of(
                "SERVICE_JAVA_OPTS", " -Xmx512m  -XX:+UseG1GC ",
                "GATEWAY_JAVA_OPTS", "-Xmx256m",
                "PROCESSOR_JAVA_OPTS", "-Xmx1g -Dprocessor=yes");

        assertThat(ServiceJvm.of("ingest-gateway", environment))
                .as("the gateway's own defaults before its variable's, so the variable can override them too")
                .containsExactly("-Xmx512m", "-XX:+UseG1GC", "-XX:GCTimeRatio=4", "-Xmx256m");
        assertThat(ServiceJvm.of("rating-processor", environment))
                .containsExactly("-Xmx512m", "-XX:+UseG1GC", "-XX:GCTimeRatio=4", "-Xmx1g", "-Dprocessor=yes");
        assertThat(ServiceJvm.own("rating-processor", Map.of("PROCESSOR_JAVA_OPTS", "  ")))
                .containsExactly("-XX:GCTimeRatio=4");
    }

    @Test
    void anUnknownServiceIsAMistake() {
        assertThatThrownBy(() -> ServiceJvm.of("kafka", Map.of())).hasMessageContaining("kafka");
    }
}
