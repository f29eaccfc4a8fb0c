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
    @DisplayName("a backlog that would take half the request threads or more stops start-up")
    void leavesThreadsForRefusals() {
        TomcatServerProperties tomcat = new TomcatServerProperties();
        tomcat.getThreads().setMax(50);

        assertThatIllegalStateException()
                .isThrownBy(() -> new LoadShedding(overload(true, 25), tomcat, new ProblemWriter(), meters()))
                .withMessageContaining("server.tomcat.threads.max (50)");
        assertThatNoException()
                .isThrownBy(() -> new LoadShedding(overload(true, 24), tomcat, new ProblemWriter(), meters()));
        assertThatNoException()
                .isThrownBy(() -> new LoadShedding(overload(false, 25), tomcat, new ProblemWriter(), meters()));
    }

    private static OverloadProperties overload(boolean enabled, int backlog) {
        return new OverloadProperties(enabled, 500, backlog, Duration.ofMillis(50), Duration.ofSeconds(1));
    }

    private static SimpleMeterRegistry meters() {
        return new SimpleMeterRegistry();
    }
}
