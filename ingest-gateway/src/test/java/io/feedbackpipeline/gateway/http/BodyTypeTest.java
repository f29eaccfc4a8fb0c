package io.feedbackpipeline.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.HttpStatus;
import org.springframework.mock.web.MockHttpServletRequest;

class BodyTypeTest {

    private static final List<BodyType> PARADIGM =
            List.of(BodyType.JSON, BodyType.FORM, BodyType.MULTIPART, BodyType.NONE);

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "application/json|JSON",
                "application/json; charset=utf-8|JSON",
                "APPLICATION/JSON|JSON",
                "application/merge-patch+json|JSON",
                "application/x-www-form-urlencoded|FORM",
                "multipart/form-data; boundary=abc|MULTIPART"
            })
    void detectsTheEncodingsTheSeedAPIsUse(String contentType, BodyType expected) {
        assertThat(BodyType.of(request(contentType), PARADIGM)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  "})
    void noContentTypeIsNone(String contentType) {
        assertThat(BodyType.of(request(contentType), PARADIGM)).isEqualTo(BodyType.NONE);
        assertThat(BodyType.of(request(null), PARADIGM)).isEqualTo(BodyType.NONE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/xml", "text/plain", "not a media type", "application/"})
    void anythingElseIs415NamingWhatIsAccepted(String contentType) {
        assertThatThrownBy(() -> BodyType.of(request(contentType), PARADIGM))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.status()).isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE);
                    assertThat(e.getMessage())
                            .contains("application/json", "application/x-www-form-urlencoded", "multipart/form-data");
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/x-www-form-urlencoded", "multipart/form-data; boundary=x"})
    void aJsonOnlyRouteRefusesForms(String contentType) {
        assertThatThrownBy(() -> BodyType.of(request(contentType), List.of(BodyType.JSON)))
                .isInstanceOfSatisfying(
                        GatewayException.class, e -> assertThat(e.getMessage()).endsWith("; use application/json."));
    }

    private static MockHttpServletRequest request(String contentType) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/");
        if (contentType != null) {
            request.setContentType(contentType);
        }
        return request;
    }
}
