package io.feedbackpipeline.gateway.overload;

import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNoException;

import io.feedbackpipeline.gateway.http.ProblemWriter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.tomcat.autoconfigure.TomcatServerProperties;

class LoadSheddingTest {

    @Test
    @DisplayName("a limit and backlog that would take every request thread stop start-up")
    void leavesThreadsForRefusals() {
        TomcatServerProperties tomcat = new TomcatServerProperties();
        tomcat.getThreads().setMax(50);

        assertThatIllegalStateException()
                .isThrownBy(() -> new LoadShedding(overload(true, 30, 20), tomcat, new ProblemWriter(), meters()))
                .withMessageContaining("server.tomcat.threads.max (50)");
        assertThatNoException()
                .isThrownBy(() -> new LoadShedding(overload(true, 30, 19), tomcat, new ProblemWriter(), meters()));
        assertThatNoException()
                .isThrownBy(() -> new LoadShedding(overload(false, 30, 20), tomcat, new ProblemWriter(), meters()));
    }

    private static OverloadProperties overload(boolean enabled, int maxConcurrency, int backlog) {
        return new OverloadProperties(enabled, maxConcurrency, backlog, Duration.ofMillis(50), Duration.ofSeconds(1));
    }

    private static SimpleMeterRegistry meters() {
        return new SimpleMeterRegistry();
    }
}
