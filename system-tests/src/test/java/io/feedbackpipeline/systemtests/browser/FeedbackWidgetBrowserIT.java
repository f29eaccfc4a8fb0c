package io.feedbackpipeline.systemtests.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.feedbackpipeline.catalog.ApiKeyScope;
import io.feedbackpipeline.catalog.CatalogAdmin;
import io.feedbackpipeline.catalog.WebOrigin;
import io.feedbackpipeline.localstack.FreePorts;
import io.feedbackpipeline.systemtests.SharedStack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.logging.LogType;
import org.postgresql.ds.PGSimpleDataSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 22: the example widget (examples/feedback-widget, its page and its one-file backend, unchanged) in Debian's
 * headless Chromium against the whole local stack. The page is served from one origin and sends to the gateway on
 * another; a copy on an origin its project has not listed is stopped by the browser's own CORS check.
 */
@ExtendWith(SharedStack.Resolver.class)
class FeedbackWidgetBrowserIT {

    private static final Path EXAMPLE =
            Path.of("..", "examples", "feedback-widget").toAbsolutePath().normalize();
    private static final String END_USER = "widget-test-user";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static Path home;
    private static Map<String, String> env;
    private static WebDriver browser;
    private static final List<Process> backends = new ArrayList<>();
    private static String listedPage;
    private static String unlistedPage;
    private static String apiKey;

    @BeforeAll
    static void start(SharedStack stack) throws Exception {
        home = Files.createTempDirectory(stack.home(), "widget-");
        // The shared stack reloads origins every second, so the test need not wait the default 30 s.
        env = stack.env();
        CatalogAdmin catalog = new CatalogAdmin(ownerDataSource(), "widget test");
        UUID project = catalog.createProject("widget-" + UUID.randomUUID()).id();
        apiKey = catalog.issueApiKey(project, "widget backend", Set.of(ApiKeyScope.INGEST), null)
                .secret()
                .value();
        listedPage = startBackend();
        unlistedPage = startBackend();
        catalog.allowOrigin(project, WebOrigin.parse(listedPage).orElseThrow());
        await().atMost(Duration.ofSeconds(20)).until(() -> preflightAllowed(listedPage));
        browser = Chromium.start(home.resolve("chromium"));
        browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        backends.forEach(Process::destroy);
    }

    @Test
    @DisplayName("a click on the page lands as a row, with the end user the backend named")
    void aClickLandsAsARow() throws Exception {
        String usage = "answer-" + UUID.randomUUID();
        browser.get(listedPage + "/?usage_id=" + usage);
        browser.findElement(By.cssSelector(".thumb[data-flag='true']")).click();
        assertThat(browser.findElement(By.cssSelector(".thumb[data-flag='true']"))
                        .getAttribute("aria-pressed"))
                .isEqualTo("true");
        browser.findElement(By.name("comment")).sendKeys("Clear and quick, thanks");
        browser.findElement(By.cssSelector(".send")).click();

        await().atMost(Duration.ofSeconds(10)).until(() -> status().contains("Thanks"));
        Map<String, Object> row =
                await().atMost(Duration.ofSeconds(10)).until(() -> feedbackRow(usage), r -> r != null);
        assertThat(row)
                .containsEntry("flag", true)
                .containsEntry("comment", "Clear and quick, thanks")
                .containsEntry("end_user_id", END_USER);
        Chromium.screenshot(browser, "feedback-widget");
    }

    @Test
    @DisplayName("the same page on an origin its project has not listed is stopped by the browser's CORS check")
    void anUnlistedOriginIsStoppedByTheBrowser() throws Exception {
        String usage = "answer-" + UUID.randomUUID();
        browser.get(unlistedPage + "/?usage_id=" + usage);
        browser.findElement(By.cssSelector(".thumb[data-flag='true']")).click();
        browser.findElement(By.cssSelector(".send")).click();

        await().atMost(Duration.ofSeconds(10)).until(() -> status().startsWith("Not sent"));
        assertThat(status()).contains("could not be reached from this page");
        assertThat(browser.manage().logs().get(LogType.BROWSER).getAll())
                .as("Chromium's own account of why")
                .anySatisfy(entry -> assertThat(entry.getMessage())
                        .contains("blocked by CORS policy")
                        .contains(unlistedPage));
        Chromium.screenshot(browser, "feedback-widget-unlisted-origin");

        // A rating sent afterwards by a server lands; the browser's never reached the gateway at all.
        HttpResponse<String> control = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(env.get("GATEWAY_URL") + "/api/v2/rate/1/" + usage))
                                .header("Authorization", "Bearer " + apiKey)
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString("{\"flag\":false}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(control.statusCode()).isEqualTo(200);
        Map<String, Object> row =
                await().atMost(Duration.ofSeconds(10)).until(() -> feedbackRow(usage), r -> r != null);
        assertThat(row).containsEntry("flag", false).containsEntry("end_user_id", null);
    }

    @Test
    @DisplayName("from the page: an expired token, a token for another usage_id and a tampered one are problem+json")
    void badTokensAreProblemsThePageCanRead() {
        String usage = "answer-" + UUID.randomUUID();
        browser.get(listedPage + "/?usage_id=" + usage);

        JsonNode expired = sendFromPage(usage, usage, "expires_in=1", "sleep");
        assertProblem(expired, 401);
        assertThat(expired.get("body").get("detail").asString()).contains("expired at");

        JsonNode otherUsage = sendFromPage("someone-else", usage, "", "");
        assertProblem(otherUsage, 403);
        assertThat(otherUsage.get("body").get("field").asString()).isEqualTo("completion_id");

        JsonNode tampered = sendFromPage(usage, usage, "", "tamper");
        assertProblem(tampered, 401);

        assertThat(feedbackRow(usage)).isNull();
    }

    /**
     * Runs in the page: gets a token for {@code tokenUsage} from the page's backend, optionally waits for it to expire
     * or changes its signature, and rates {@code ratedUsage} with it; answers the status, type and parsed body.
     */
    private static JsonNode sendFromPage(String tokenUsage, String ratedUsage, String query, String twist) {
        Object answer = ((JavascriptExecutor) browser).executeAsyncScript("""
                        const [tokenUsage, ratedUsage, query, twist, done] = arguments;
                        (async () => {
                          const grant = await (await fetch('token?usage_id=' + encodeURIComponent(tokenUsage)
                              + (query ? '&' + query : ''))).json();
                          let token = grant.token;
                          if (twist === 'sleep') await new Promise(resolve => setTimeout(resolve, 2100));
                          if (twist === 'tamper') token = token.slice(0, -4) + (token.endsWith('AAAA') ? 'BBBB' : 'AAAA');
                          const response = await fetch(grant.gateway + '/api/v2/rate/1/' + encodeURIComponent(ratedUsage), {
                            method: 'POST',
                            headers: {'Authorization': 'Bearer ' + token, 'Content-Type': 'application/json'},
                            body: '{"flag":true}'
                          });
                          done(JSON.stringify({status: response.status, type: response.headers.get('content-type'),
                                               body: await response.json()}));
                        })().catch(failure => done(JSON.stringify({error: String(failure)})));
                        """, tokenUsage, ratedUsage, query, twist);
        return JSON.readTree((String) answer);
    }

    private static void assertProblem(JsonNode answer, int status) {
        assertThat(answer.has("error")).as(answer.toString()).isFalse();
        assertThat(answer.get("status").asInt()).as(answer.toString()).isEqualTo(status);
        assertThat(answer.get("type").asString()).startsWith("application/problem+json");
        assertThat(answer.get("body").get("status").asInt()).isEqualTo(status);
    }

    private static String status() {
        return browser.findElement(By.cssSelector(".status")).getText();
    }

    /** The example's backend, unchanged, as its README runs it; answers the page's origin. */
    private static String startBackend() throws Exception {
        int port = FreePorts.pick();
        Path log = Files.createTempFile(home, "widget-backend-", ".log");
        ProcessBuilder builder = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        EXAMPLE.resolve("DemoBackend.java").toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("FEEDBACK_GATEWAY_URL", env.get("GATEWAY_URL"));
        builder.environment().put("FEEDBACK_API_KEY", apiKey);
        builder.environment().put("PORT", Integer.toString(port));
        builder.environment().put("END_USER_ID", END_USER);
        builder.environment().put("PAGES_DIR", EXAMPLE.toString());
        backends.add(builder.start());
        String page = "http://127.0.0.1:" + port;
        await().atMost(Duration.ofSeconds(30))
                .ignoreExceptions()
                .until(() -> HttpClient.newHttpClient()
                                .send(
                                        HttpRequest.newBuilder(URI.create(page + "/"))
                                                .build(),
                                        HttpResponse.BodyHandlers.ofString())
                                .statusCode()
                        == 200);
        return page;
    }

    private static boolean preflightAllowed(String origin) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(env.get("GATEWAY_URL") + "/api/v2/rate/1/x"))
                                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                                .header("Origin", origin)
                                .header("Access-Control-Request-Method", "POST")
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 204;
    }

    private static Map<String, Object> feedbackRow(String usage) {
        try (var connection = ownerDataSource().getConnection();
                var statement = connection.prepareStatement(
                        "SELECT flag, comment, end_user_id FROM completion_feedback WHERE usage_id = ?")) {
            statement.setString(1, usage);
            try (ResultSet rows = statement.executeQuery()) {
                if (!rows.next()) {
                    return null;
                }
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("flag", rows.getObject("flag"));
                row.put("comment", rows.getString("comment"));
                row.put("end_user_id", rows.getString("end_user_id"));
                return row;
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static PGSimpleDataSource ownerDataSource() {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(env.get("JDBC_URL"));
        dataSource.setUser(env.get("JDBC_USER"));
        dataSource.setPassword(env.get("JDBC_PASSWORD"));
        return dataSource;
    }
}
