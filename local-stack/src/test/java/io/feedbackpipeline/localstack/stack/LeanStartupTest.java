package io.feedbackpipeline.localstack.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LeanStartupTest {

    private static final Map<String, String> SERVICE = Map.of("SPRING_DATASOURCE_URL", "jdbc:postgresql://db/x");

    @Test
    void servicesOfTheStackKeepOneIdleConnectionSkipTheTopicCheckAndKeepTheirOtherSettings() {
        assertThat(LeanStartup.into(SERVICE, Map.of()))
                .containsEntry("SPRING_DATASOURCE_HIKARI_MINIMUM_IDLE", "1")
                .containsEntry("PIPELINE_TOPICS_CREATE", "false")
                .containsEntry("SPRING_DATASOURCE_URL", "jdbc:postgresql://db/x");
    }

    @Test
    void theUsersOwnSettingsWin() {
        assertThat(LeanStartup.into(
                        SERVICE,
                        Map.of("SPRING_DATASOURCE_HIKARI_MINIMUM_IDLE", "10", "PIPELINE_TOPICS_CREATE", "true")))
                .containsEntry("SPRING_DATASOURCE_HIKARI_MINIMUM_IDLE", "10")
                .containsEntry("PIPELINE_TOPICS_CREATE", "true");
    }
}
