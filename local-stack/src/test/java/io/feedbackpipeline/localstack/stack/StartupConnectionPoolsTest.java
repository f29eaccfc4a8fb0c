package io.feedbackpipeline.localstack.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class StartupConnectionPoolsTest {

    private static final Map<String, String> SERVICE = Map.of("SPRING_DATASOURCE_URL", "jdbc:postgresql://db/x");

    @Test
    void servicesOfTheStackKeepOneIdleConnectionAndTheirOtherSettings() {
        assertThat(StartupConnectionPools.into(SERVICE, Map.of()))
                .containsEntry("SPRING_DATASOURCE_HIKARI_MINIMUM_IDLE", "1")
                .containsEntry("SPRING_DATASOURCE_URL", "jdbc:postgresql://db/x");
    }

    @Test
    void theUsersOwnSettingWins() {
        assertThat(StartupConnectionPools.into(SERVICE, Map.of("SPRING_DATASOURCE_HIKARI_MINIMUM_IDLE", "10")))
                .containsEntry("SPRING_DATASOURCE_HIKARI_MINIMUM_IDLE", "10");
    }
}
