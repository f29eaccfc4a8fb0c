package io.feedbackpipeline.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class WebOriginTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "https://app.example.com, https://app.example.com",
        "HTTPS://App.Example.COM/, https://app.example.com",
        "https://app.example.com:443, https://app.example.com",
        "http://localhost:80, http://localhost",
        "http://127.0.0.1:8070, http://127.0.0.1:8070",
        "https://app.example.com:8443, https://app.example.com:8443"
    })
    @DisplayName("an origin is kept as a browser sends it: lower case, no default port, no trailing slash")
    void normalises(String typed, String stored) {
        assertThat(WebOrigin.parse(typed))
                .hasValueSatisfying(origin -> assertThat(origin.value()).isEqualTo(stored));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "null",
                "app.example.com",
                "ftp://app.example.com",
                "https://app.example.com/widget",
                "https://app.example.com/?q=1",
                "https://app.example.com/#top",
                "https://user:secret@app.example.com",
                "javascript:alert(1)",
                "https://"
            })
    @DisplayName("anything that is not an http(s) origin is refused, not trimmed into one")
    void refuses(String typed) {
        assertThat(WebOrigin.parse(typed)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://App.example.com", "https://app.example.com/", "https://app.example.com:443"})
    @DisplayName("the record only holds normalised origins")
    void recordHoldsNormalisedOnly(String value) {
        assertThatThrownBy(() -> new WebOrigin(value)).isInstanceOf(IllegalArgumentException.class);
    }
}
