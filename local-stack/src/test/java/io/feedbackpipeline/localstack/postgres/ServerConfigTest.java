package io.feedbackpipeline.localstack.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ServerConfigTest {

    @Test
    @DisplayName("STACK_POSTGRES_SETTINGS is name=value pairs, in order; a malformed one names the variable")
    void settingsAreNameValuePairs() {
        assertThat(PostgresServer.serverConfig(" shared_buffers = 2GB ,wal_compression=off"))
                .containsExactly(Map.entry("shared_buffers", "2GB"), Map.entry("wal_compression", "off"));
        assertThat(PostgresServer.serverConfig("")).isEmpty();
        assertThat(PostgresServer.serverConfig(null)).isEmpty();
        assertThatThrownBy(() -> PostgresServer.serverConfig("shared_buffers"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("STACK_POSTGRES_SETTINGS")
                .hasMessageContaining("shared_buffers");
    }
}
