package io.feedbackpipeline.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.feedbackpipeline.benchmarks.projection.GrowthBenchmark;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class GrowthTimesOptionTest {

    @Test
    @DisplayName("the growth step times its feedback on arrival unless told to spread it over 30 days")
    void growthTimes() {
        assertThat(Size.FULL.growthTimes()).isEqualTo(GrowthBenchmark.Times.ARRIVAL);
        assertThat(Size.SMOKE.growthTimes()).isEqualTo(GrowthBenchmark.Times.ARRIVAL);

        Benchmarks spread = new Benchmarks();
        Benchmarks.commandLine(spread).parseArgs("--growth-times", "spread");
        assertThat(spread.growthTimes).isEqualTo(GrowthBenchmark.Times.SPREAD);

        Size chosen = Size.FULL.withGrowthTimes(spread.growthTimes);
        assertThat(chosen.growthTimes()).isEqualTo(GrowthBenchmark.Times.SPREAD);
        assertThat(chosen.growthRegisters()).isEqualTo(Size.FULL.growthRegisters());
        assertThat(chosen.name()).isEqualTo("full, growth times spread");
    }
}
