package io.feedbackpipeline.projection.failure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.sql.BatchUpdateException;
import java.sql.SQLException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FaultTest {

    @ParameterizedTest(name = "SQLState {0} is the fault of the {1}")
    @CsvSource({
        "22001, DATA",
        "22P02, DATA",
        "22021, DATA",
        "23505, DATA",
        "23514, DATA",
        "23503, DATA",
        "25006, ENVIRONMENT",
        "42501, ENVIRONMENT",
        "42P01, ENVIRONMENT",
        "42703, ENVIRONMENT",
        "55P03, ENVIRONMENT",
        "57014, ENVIRONMENT",
        "57P01, ENVIRONMENT",
        "08006, ENVIRONMENT",
        "40001, ENVIRONMENT",
        "53300, ENVIRONMENT",
        "XX000, ENVIRONMENT",
        "42601, ENVIRONMENT"
    })
    @DisplayName("only class 22 (data exception) and 23 (integrity constraint) are the data's fault")
    void bySqlState(String sqlState, Fault expected) {
        assertThat(Fault.of(new SQLException("refused", sqlState))).isEqualTo(expected);
    }

    @Test
    @DisplayName("the SQLState is found through wrappers and chained exceptions; none means the environment")
    void causeChains() {
        SQLException chained = new BatchUpdateException("batch", null, 0, new int[0], null);
        chained.setNextException(new SQLException("tag too long", "23514"));
        assertThat(Fault.of(new IllegalStateException("wrapped", chained))).isEqualTo(Fault.DATA);
        assertThat(Fault.of(new RuntimeException(new IOException("connection reset"))))
                .isEqualTo(Fault.ENVIRONMENT);
        assertThat(Fault.of(new NullPointerException())).isEqualTo(Fault.ENVIRONMENT);
    }

    @Test
    @DisplayName("a description names the SQLState and the first line of the message")
    void describe() {
        assertThat(Fault.describe(new SQLException(
                        "ERROR: cannot execute INSERT in a read-only transaction\n" + "  Where: ...", "25006")))
                .isEqualTo("[25006] ERROR: cannot execute INSERT in a read-only transaction");
        assertThat(new ProjectionOutage(new SQLException("x", "42501")).reason())
                .isEqualTo("SQLState 42501");
        assertThat(new ProjectionOutage(new IOException("y")).reason()).isEqualTo("java.io.IOException");
    }
}
