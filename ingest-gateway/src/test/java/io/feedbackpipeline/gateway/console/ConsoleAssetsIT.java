package io.feedbackpipeline.gateway.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.feedbackpipeline.gateway.support.GatewayIT;
import io.feedbackpipeline.gateway.support.GatewayTestBase;
import io.feedbackpipeline.gateway.support.Http.Response;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The console's files are public and inert; everything they show comes from the API with the user's key. */
@GatewayIT
class ConsoleAssetsIT extends GatewayTestBase {

    @Test
    @DisplayName("/console leads to the page, served without a key under a strict Content-Security-Policy")
    void pageUnderStrictPolicy() {
        Response bare = http.get("/console", null);
        assertThat(bare.status()).isEqualTo(302);
        assertThat(bare.header("Location")).endsWith("/console/");

        Response page = http.get("/console/", null);

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type")).startsWith("text/html");
        assertThat(page.header("Content-Security-Policy"))
                .contains(
                        "default-src 'none'",
                        "script-src 'self'",
                        "style-src 'self'",
                        "connect-src 'self'",
                        "frame-ancestors 'none'",
                        "form-action 'none'")
                .doesNotContain("unsafe-inline")
                .doesNotContain("unsafe-eval");
        assertThat(page.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(page.body())
                .doesNotContain("<script>")
                .doesNotContain("onclick=")
                .doesNotContain(" style=");
    }

    @Test
    @DisplayName("the page's scripts, styles and chart library are served; its API calls still need a key")
    void assetsServedApiClosed() {
        for (String asset : List.of(
                "/console/console.js",
                "/console/overview.js",
                "/console/comments.js",
                "/console/pipeline.js",
                "/console/console.css",
                "/webjars/uplot/dist/uPlot.iife.min.js",
                "/webjars/uplot/dist/uPlot.min.css")) {
            Response response = http.get(asset, null);
            assertThat(response.status()).as(asset).isEqualTo(200);
            assertThat(response.header("Content-Security-Policy")).as(asset).isNotNull();
        }
        assertThat(http.get("/console/console.js", null).body()).doesNotContain("innerHTML");
        assertThat(http.get("/v1/analytics/feedback", null).status()).isEqualTo(401);
    }
}
