package io.feedbackpipeline.systemtests.console;

import static io.feedbackpipeline.systemtests.console.ConsolePage.eventually;
import static io.feedbackpipeline.systemtests.console.ConsolePage.within;
import static org.assertj.core.api.Assertions.assertThat;

import io.feedbackpipeline.catalog.CatalogAdmin;
import io.feedbackpipeline.localstack.Folders;
import io.feedbackpipeline.localstack.kafka.ConsumerGroupProgress;
import io.feedbackpipeline.localstack.stack.DemoFeed;
import io.feedbackpipeline.schemas.FeedbackBatch;
import io.feedbackpipeline.schemas.FeedbackItem;
import io.feedbackpipeline.schemas.FeedbackSource;
import io.feedbackpipeline.schemas.contract.DurableProducer;
import io.feedbackpipeline.schemas.contract.Topics;
import io.feedbackpipeline.schemas.serde.EventSerializer;
import io.feedbackpipeline.systemtests.SharedStack;
import io.feedbackpipeline.systemtests.browser.Chromium;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.postgresql.ds.PGSimpleDataSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The console in a real headless Chromium against the whole local stack (the run's shared one), with the demo feed
 * flowing into a project of its own as {@code bin/local-stack --demo} runs it. Each test but the demo's works in a
 * project of its own, so its figures are exact.
 */
@ExtendWith(SharedStack.Resolver.class)
class ConsoleBrowserIT {

    private static final Duration VISIBLE_WITHIN = Duration.ofSeconds(5);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static Path home;
    /** The shared stack's environment with the demo's project and key in place of the stack's own. */
    private static Map<String, String> env;

    private static DemoFeed demo;
    private static WebDriver browser;
    private static ConsolePage console;

    /** A project of a test's own, with one endpoint and a key of every scope. */
    private record Tenant(UUID project, UUID endpoint, String key) {}

    @BeforeAll
    static void start(SharedStack stack) throws Exception {
        home = Files.createTempDirectory(stack.home(), "console-");
        env = new HashMap<>(stack.env());
        Tenant demoTenant = tenant();
        env.put("PROJECT_ID", demoTenant.project().toString());
        env.put("API_KEY", demoTenant.key());
        demo = DemoFeed.start(env, ownerDataSource());
        browser = Chromium.start(home.resolve("chromium"));
        console = new ConsolePage(browser, env.get("GATEWAY_URL"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (demo != null) {
            demo.close();
            // The demo's poison records are dead-lettered once the processor reaches them: before the next class
            // of the shared stack runs, so none of its dead letters (EndToEndIT re-drives by reason and time) is ours.
            ConsumerGroupProgress.awaitCaughtUp(
                    env.get("KAFKA_BOOTSTRAP_SERVERS"), ConsumerGroupProgress.PROCESSOR_GROUP, Duration.ofSeconds(30));
        }
        if (home != null) {
            Folders.deleteRecursively(home);
        }
    }

    @Test
    @DisplayName("a wrong key is refused on the page and nothing is stored; a valid one opens the overview")
    void signIn() {
        console.open().signIn("fpk_this-key-does-not-exist-0000000000000000000000");

        within(VISIBLE_WITHIN, () -> assertThat(console.text("sign-in-error")).contains("not valid"));
        assertThat(console.script("return sessionStorage.length")).isEqualTo(0L);
        assertThat(browser.getCurrentUrl()).doesNotContain("fpk_");

        Tenant tenant = tenant();
        console.signIn(tenant.key());
        console.awaitShown("overview");
        assertThat(browser.getCurrentUrl()).doesNotContain(tenant.key());
        assertThat(console.script("return document.cookie")).isEqualTo("");
    }

    @Test
    @DisplayName("a rating sent through the API shows in the chart, the counts and its model's row within 5 s")
    void ratingAppearsWithinSeconds() throws Exception {
        Tenant tenant = tenant();
        console.open().signIn(tenant.key());
        console.awaitShown("overview");
        within(VISIBLE_WITHIN, () -> assertThat(console.text("kpi-count")).isEqualTo("0"));

        logCompletion(tenant, "first", "browser-model-a");
        rate(tenant, "first", true, null, null);

        within(VISIBLE_WITHIN, () -> {
            assertThat(console.text("kpi-count")).isEqualTo("1");
            assertThat(console.attribute("chart", "data-positive")).isEqualTo("1");
            assertThat(console.cell("by-model", "browser-model-a", "count")).isEqualTo("1");
        });

        logCompletion(tenant, "second", "browser-model-b");
        rate(tenant, "second", false, null, null);
        within(
                VISIBLE_WITHIN,
                () -> assertThat(console.attribute("chart", "data-negative")).isEqualTo("1"));

        console.one("#by-model tr[data-key='browser-model-b'] button").click();

        within(VISIBLE_WITHIN, () -> {
            assertThat(console.text("filters")).contains("model: browser-model-b");
            assertThat(console.text("kpi-count")).isEqualTo("1");
            assertThat(console.all("#by-model tbody tr")).hasSize(1);
        });
        console.one("#filters .chip").click();
        within(VISIBLE_WITHIN, () -> assertThat(console.text("kpi-count")).isEqualTo("2"));
    }

    @Test
    @DisplayName("comments arrive in the live list; markup in a comment shows as text and runs nothing")
    void commentsAreLiveAndText() throws Exception {
        Tenant tenant = tenant();
        console.open().signIn(tenant.key());
        console.awaitShown("overview");
        console.view("comments");

        logCompletion(tenant, "talkative", "browser-model-a");
        rate(tenant, "talkative", true, "Selenium says hi", "browser");

        within(
                VISIBLE_WITHIN,
                () -> assertThat(console.all("#comment-list .text"))
                        .extracting(WebElement::getText)
                        .contains("Selenium says hi"));

        String markup = "<img src=x onerror=\"window.__xss = 1\"><script>window.__xss = 2</script>";
        rate(tenant, "hostile", false, markup, null);

        within(
                VISIBLE_WITHIN,
                () -> assertThat(console.all("#comment-list .text"))
                        .extracting(WebElement::getText)
                        .contains(markup));
        assertThat(console.all("#comment-list img"))
                .as("no element made from a comment")
                .isEmpty();
        assertThat(console.all("#comment-list script")).isEmpty();
        assertThat(console.script("return window.__xss === undefined")).isEqualTo(true);

        WebElement talkative = console.one("#comment-list li[data-usage-id='talkative']");
        talkative
                .findElement(By.xpath(".//button[normalize-space()='Show completion']"))
                .click();
        within(
                VISIBLE_WITHIN,
                () -> assertThat(talkative
                                .findElement(By.cssSelector(".completion"))
                                .getText())
                        .contains("Prompt")
                        .contains("the prompt of talkative")
                        .contains("the answer to talkative"));

        talkative.findElement(By.cssSelector(".tag")).click();
        within(
                VISIBLE_WITHIN,
                () -> assertThat(console.all("#comment-list li"))
                        .extracting(li -> li.getDomAttribute("data-usage-id"))
                        .containsExactly("talkative"));
    }

    @Test
    @DisplayName("a poison record raises the dead-letter count; once its cause is fixed, re-drive brings it back")
    void poisonAndRedrive() throws Exception {
        Tenant tenant = tenant();
        int lateType = 700_000 + ThreadLocalRandom.current().nextInt(99_999);
        console.open().signIn(tenant.key());
        console.awaitShown("overview");
        console.view("pipeline");
        within(
                VISIBLE_WITHIN,
                () -> assertThat(console.text("dead-letter-count")).isEqualTo("0"));

        poison(tenant, lateType);

        within(
                Duration.ofSeconds(20),
                () -> assertThat(console.text("dead-letter-count")).isEqualTo("1"));
        assertThat(console.text("dead-letters")).contains("invalid-event").contains(Integer.toString(lateType));

        // The cause: a feedback type the producer used before anyone created it. An admin creates it now.
        try (var connection = ownerDataSource().getConnection();
                var insert = connection.prepareStatement(
                        "INSERT INTO feedback_type (id, project_id, name, kind) VALUES (?, ?, 'late', 'BOOLEAN')")) {
            insert.setInt(1, lateType);
            insert.setObject(2, tenant.project());
            insert.executeUpdate();
        }
        console.one("#dead-letters button.redrive").click();

        within(Duration.ofSeconds(10), () -> {
            assertThat(console.text("redrive-status")).startsWith("Re-drove");
            assertThat(console.text("dead-letter-count")).isEqualTo("0");
            assertThat(console.text("dead-letters")).contains("re-driven");
        });
        eventually(Duration.ofSeconds(15), () -> registers(tenant, lateType), n -> n == 1);
    }

    @Test
    @DisplayName("every figure of the overview equals the analytics API's answer for the same window")
    void pageEqualsTheApi() throws Exception {
        Tenant tenant = tenant();
        String[] models = {"browser-model-a", "browser-model-b"};
        for (int i = 0; i < 13; i++) {
            logCompletion(tenant, "u" + i, models[i % 2]);
            rate(tenant, "u" + i, i % 3 != 0, null, null);
        }
        console.open().signIn(tenant.key());
        within(
                Duration.ofSeconds(10),
                () -> assertThat(console.text("kpi-count")).isEqualTo("13"));

        Instant to = Instant.now();
        JsonNode total = analytics(tenant, to, "").path("groups").get(0).path("stats");
        assertThat(console.text("kpi-positive"))
                .isEqualTo(total.path("positive").asText());
        assertThat(console.text("kpi-negative"))
                .isEqualTo(total.path("negative").asText());
        assertThat(console.text("kpi-ratio")).isEqualTo(ratio(total));
        for (JsonNode group : analytics(tenant, to, "&group_by=model").path("groups")) {
            String model = group.path("model").asText();
            JsonNode stats = group.path("stats");
            assertThat(console.cell("by-model", model, "count"))
                    .isEqualTo(stats.path("count").asText());
            assertThat(console.cell("by-model", model, "positive"))
                    .isEqualTo(stats.path("positive").asText());
            assertThat(console.cell("by-model", model, "negative"))
                    .isEqualTo(stats.path("negative").asText());
            assertThat(console.cell("by-model", model, "ratio")).isEqualTo(ratio(stats));
        }
    }

    @Test
    @DisplayName("the demo feed keeps the console alive: ratings, comments and a dead letter, on a laptop and a phone")
    void demoFeedAndScreenshots() throws Exception {
        console.open().signIn(env.get("API_KEY"));
        console.awaitShown("overview");
        eventually(Duration.ofSeconds(60), () -> count(console.text("kpi-count")), n -> n >= 25);
        within(
                Duration.ofSeconds(5),
                () -> assertThat(console.all("#by-model tbody tr")).hasSizeGreaterThanOrEqualTo(3));
        Chromium.screenshot(browser, "overview");

        // The keyboard reaches every view: focus the Comments tab and press Enter.
        WebElement comments = console.one("[data-view='comments']");
        comments.sendKeys(Keys.ENTER);
        console.awaitShown("comments");
        within(
                Duration.ofSeconds(30),
                () -> assertThat(console.all("#comment-list li")).hasSizeGreaterThan(2));
        console.all("#comment-list li button.link").get(0).click();
        within(VISIBLE_WITHIN, () -> assertThat(console.text("comment-list")).contains("Completion"));
        Chromium.screenshot(browser, "comments");

        console.view("pipeline");
        within(
                Duration.ofSeconds(60),
                () -> assertThat(count(console.text("dead-letter-count"))).isGreaterThanOrEqualTo(1));
        assertThat(console.text("lag")).contains(Topics.FEEDBACK.name());
        Chromium.screenshot(browser, "pipeline");

        browser.manage().window().setSize(new Dimension(390, 844));
        try {
            console.view("overview");
            within(
                    VISIBLE_WITHIN,
                    () -> assertThat(count(console.text("kpi-count"))).isPositive());
            Number scrollWidth = (Number) console.script("return document.documentElement.scrollWidth");
            assertThat(scrollWidth.intValue())
                    .as("nothing wider than a phone's screen")
                    .isLessThanOrEqualTo(390);
            Chromium.screenshot(browser, "overview-phone");
        } finally {
            browser.manage().window().setSize(new Dimension(1280, 900));
        }
    }

    private static Tenant tenant() {
        CatalogAdmin catalog = new CatalogAdmin(ownerDataSource(), "console test");
        CatalogAdmin.Project project = catalog.createProject("console-" + UUID.randomUUID());
        CatalogAdmin.Endpoint endpoint = catalog.createEndpoint(project.id(), "console-endpoint");
        return new Tenant(
                project.id(),
                endpoint.id(),
                catalog.issueApiKey(project.id(), "console").secret().value());
    }

    private static PGSimpleDataSource ownerDataSource() {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(env.get("JDBC_URL"));
        dataSource.setUser(env.get("JDBC_USER"));
        dataSource.setPassword(env.get("JDBC_PASSWORD"));
        return dataSource;
    }

    private static void logCompletion(Tenant tenant, String usage, String model) throws Exception {
        post(
                tenant,
                "/v1/completion-logs",
                Map.of(
                        "usage_id",
                        usage,
                        "endpoint_id",
                        tenant.endpoint().toString(),
                        "openai_name",
                        model,
                        "prompt",
                        "the prompt of " + usage,
                        "completion",
                        "the answer to " + usage));
    }

    private static void rate(Tenant tenant, String usage, boolean positive, String comment, String tag)
            throws Exception {
        Map<String, Object> item =
                new java.util.HashMap<>(Map.of("usage_id", usage, "feedback_type_id", 1, "flag", positive));
        if (comment != null) {
            item.put("comment", comment);
        }
        if (tag != null) {
            item.put("tag", tag);
        }
        post(tenant, "/v1/feedback", Map.of("endpoint_id", tenant.endpoint().toString(), "items", List.of(item)));
    }

    private static void post(Tenant tenant, String path, Map<String, Object> body) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(env.get("GATEWAY_URL") + path))
                        .header("Authorization", "Bearer " + tenant.key())
                        .header("Content-Type", "application/json")
                        .header("Prefer", "respond-async")
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    }

    /** The window the page shows by default: the last hour, as one bucket. */
    private static JsonNode analytics(Tenant tenant, Instant to, String more) throws Exception {
        String query = "from=" + encode(to.minus(Duration.ofHours(1)).toString()) + "&to=" + encode(to.toString())
                + "&bucket=none&feedback_type_id=1" + more;
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(env.get("GATEWAY_URL") + "/v1/analytics/feedback?" + query))
                        .header("Authorization", "Bearer " + tenant.key())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    /** What the page writes for a ratio and its interval, from the API's numbers. */
    private static String ratio(JsonNode stats) {
        return String.format(
                Locale.ROOT,
                "%.1f%% (%.1f–%.1f%%)",
                100 * stats.path("positive_ratio").asDouble(),
                100 * stats.path("ratio_low").asDouble(),
                100 * stats.path("ratio_high").asDouble());
    }

    /** A feedback event of a type nobody has created yet, as a direct producer might send it. */
    private static void poison(Tenant tenant, int type) throws Exception {
        FeedbackBatch batch = FeedbackBatch.newBuilder()
                .setEventId(UUID.randomUUID())
                .setProjectId(tenant.project())
                .setEndpointId(null)
                .setReceivedAt(Instant.now().truncatedTo(ChronoUnit.MICROS))
                .setSource(FeedbackSource.DIRECT_PRODUCER)
                .setRequestId(null)
                .setItems(List.of(FeedbackItem.newBuilder()
                        .setUsageId("poison")
                        .setFeedbackTypeId(type)
                        .setFlag(true)
                        .setOccurredAt(Instant.now().truncatedTo(ChronoUnit.MICROS))
                        .build()))
                .build();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                DurableProducer.settings(env.get("KAFKA_BOOTSTRAP_SERVERS"), Map.of()),
                new StringSerializer(),
                new ByteArraySerializer())) {
            String topic = Topics.FEEDBACK.name();
            producer.send(new ProducerRecord<>(
                            topic, "poison", new EventSerializer<FeedbackBatch>().serialize(topic, batch)))
                    .get();
        }
    }

    private static long registers(Tenant tenant, int type) {
        try (var connection = ownerDataSource().getConnection();
                var query = connection.prepareStatement(
                        "SELECT count(*) FROM completion_feedback WHERE project_id = ? AND feedback_type_id = ?")) {
            query.setObject(1, tenant.project());
            query.setInt(2, type);
            try (var rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long count(String shown) {
        return Long.parseLong(shown.replaceAll("[^0-9]", "").isEmpty() ? "0" : shown.replaceAll("[^0-9]", ""));
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
