package io.feedbackpipeline.localstack.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RestartPolicyTest {

    @Test
    @DisplayName("restarts back off 1, 2, 4, 8, 16 s, then stay at 30 s")
    void backOff() {
        assertThat(RestartPolicy.delayBefore(0)).isEqualTo(Duration.ofSeconds(1));
        assertThat(RestartPolicy.delayBefore(1)).isEqualTo(Duration.ofSeconds(2));
        assertThat(RestartPolicy.delayBefore(4)).isEqualTo(Duration.ofSeconds(16));
        assertThat(RestartPolicy.delayBefore(5)).isEqualTo(Duration.ofSeconds(30));
        assertThat(RestartPolicy.delayBefore(50)).isEqualTo(Duration.ofSeconds(30));
    }
}
