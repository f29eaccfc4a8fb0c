package io.feedbackpipeline.properties;

import static org.assertj.core.api.Assertions.assertThat;

import io.feedbackpipeline.catalog.CachedCatalog;
import io.feedbackpipeline.catalog.CatalogAdmin;
import io.feedbackpipeline.catalog.FeedbackKind;
import io.feedbackpipeline.catalog.ProjectionTables;
import io.feedbackpipeline.localstack.postgres.PostgresServer;
import io.feedbackpipeline.projection.Projector;
import io.feedbackpipeline.projection.RunOutcome;
import io.feedbackpipeline.projection.TransactionLimits;
import io.feedbackpipeline.projection.intake.Intake;
import io.feedbackpipeline.projection.store.ProjectionWriter;
import io.feedbackpipeline.projection.store.RollupRefresh;
import io.feedbackpipeline.projection.store.Transactions;
import io.feedbackpipeline.schemas.CompletionLogged;
import io.feedbackpipeline.schemas.FeedbackBatch;
import io.feedbackpipeline.schemas.FeedbackItem;
import io.feedbackpipeline.schemas.FeedbackSource;
import io.feedbackpipeline.schemas.contract.Topics;
import io.feedbackpipeline.schemas.serde.EventSerializer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import javax.sql.DataSource;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Analytics are a function of the items alone: the same ratings and logs, projected once in order with the rollup
 * complete, or shuffled, duplicated, split into any batches and read while the rollup is caught half way, answer
 * every question the same, and that answer is the one last-write-wins gives (an oracle computed here in Java). On
 * the real database, through the processor's own intake, writer and refresher and the gateway's own API.
 */
class AnalyticsAreOrderFreeIT {

    private static final Instant BASE = Instant.parse("2026-11-29T21:00:00Z");
    private static final List<String> MODELS = List.of("m1", "m2", "m3");
    private static final List<String> TAGS = List.of("a", "b");
    private static final String RANGE = "from=2026-11-29T00:00:00Z&to=2026-12-01T00:00:00Z";
    /** Questions through the rollup (whole hours, an unaligned one-bucket range) and through the registers. */
    private static final List<String> QUESTIONS = List.of(
            RANGE + "&bucket=hour&group_by=model,endpoint",
            RANGE + "&bucket=day&time_zone=Europe/Paris&group_by=tag",
            "from=2026-11-29T21:07:00Z&to=2026-11-30T00:53:00Z&bucket=none&group_by=template,model",
            RANGE + "&bucket=hour&time_zone=Asia/Kolkata&group_by=endpoint",
            RANGE + "&bucket=day&time_basis=completion&group_by=model",
            RANGE + "&bucket=hour&value_key=lang&value=fr");

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static GatewayUnderTest gateway;
    private static DataSource processorRole;
    private static Projector projector;
    private static RollupRefresh rollup;

    /** A rating of one register: which usage, thumbs (type 1) or stars, its value, tag and time. */
    record Rating(int usage, boolean stars, int value, Integer tag, int second) {}

    /** A completion log: which usage, model, endpoint (0 or 1), template and when it was emitted. */
    record Log(int usage, int model, int endpoint, int template, boolean french, int second) {}

    /** One event: a feedback batch of ratings, or a log. Its id is fixed, so both deliveries version it alike. */
    record Event(UUID id, List<Rating> ratings, Log log) {}

    /** How the second project receives the events: their order, copies, batches and rollup refreshes. */
    record Delivery(long seed, int maxBatch, int refreshEvery, int refreshMarks) {}

    /** A project of a try: its id, endpoints and key. */
    record Tenant(UUID project, List<UUID> endpoints, String key) {}

    @BeforeContainer
    static void start() {
        gateway = new GatewayUnderTest();
        processorRole =
                gateway.infrastructure().postgres().newDataSource("analytics-property", PostgresServer.PROCESSOR);
        projector = new Projector(
                new Intake(new CachedCatalog(processorRole), 8 * 1024 * 1024),
                ProjectionWriter.live(new Transactions(processorRole, Transactions.Timeouts.DEFAULT)),
                TransactionLimits.DEFAULT);
        // Slices of a few registers, so every refresh of a try is cut into many transactions (the processor's are
        // tens of thousands of registers).
        rollup = new RollupRefresh(processorRole, ProjectionTables.LIVE, 3, RollupRefresh.SliceListener.NONE);
    }

    @AfterContainer
    static void stop() {
        gateway.close();
    }

    /** Feedback and log times over four hours, uniform, so registers move between hours as often as not. */
    private static final Arbitrary<Integer> SECONDS =
            Arbitraries.integers().between(0, 4 * 3600).withDistribution(RandomDistribution.uniform());

    @Provide
    Arbitrary<List<Event>> histories() {
        Arbitrary<Rating> rating = Combinators.combine(
                        Arbitraries.integers().between(0, 4),
                        Arbitraries.of(false, true),
                        Arbitraries.integers().between(0, 5),
                        Arbitraries.integers().between(0, 2).map(t -> t == 2 ? null : t),
                        SECONDS)
                .as(Rating::new);
        Arbitrary<Log> log = Combinators.combine(
                        Arbitraries.integers().between(0, 4),
                        Arbitraries.integers().between(0, 2),
                        Arbitraries.integers().between(0, 1),
                        Arbitraries.integers().between(0, 1),
                        Arbitraries.of(false, true),
                        SECONDS)
                .as(Log::new);
        Arbitrary<Event> event = Arbitraries.frequencyOf(
                Tuple.of(3, rating.list().ofMinSize(1).ofMaxSize(3).map(r -> new Event(null, r, null))),
                Tuple.of(1, log.map(l -> new Event(null, List.of(), l))));
        return event.list()
                .ofMinSize(1)
                .ofMaxSize(25)
                .map(events -> events.stream()
                        .map(e -> new Event(UUID.randomUUID(), e.ratings(), e.log()))
                        .toList());
    }

    @Provide
    Arbitrary<Delivery> deliveries() {
        return Combinators.combine(
                        Arbitraries.longs(),
                        Arbitraries.integers().between(1, 8),
                        Arbitraries.integers().between(1, 3),
                        Arbitraries.frequencyOf(
                                Tuple.of(1, Arbitraries.just(0)),
                                Tuple.of(2, Arbitraries.integers().between(1, 4)),
                                Tuple.of(2, Arbitraries.just(1_000))))
                .as(Delivery::new);
    }

    @Property(tries = 60)
    @Label("any order, duplication and batching of the same items gives the same, last-write-wins analytics")
    void analyticsAreOrderFree(@ForAll("histories") List<Event> history, @ForAll("deliveries") Delivery delivery)
            throws Exception {
        Tenant inOrder = tenant();
        Tenant shuffled = tenant();
        int stars = starsType(inOrder);
        int starsShuffled = starsType(shuffled);

        project(records(inOrder, stars, history));
        rollup.refreshAll(1_000);
        deliver(records(shuffled, starsShuffled, history), delivery);

        for (String question : QUESTIONS) {
            assertThat(groups(shuffled, question, starsShuffled, stars))
                    .as("%s after %s", question, delivery)
                    .isEqualTo(groups(inOrder, question, stars, stars));
        }
        assertThat(thumbsPerHourModelEndpoint(inOrder)).isEqualTo(oracle(history, inOrder));
    }

    private static Tenant tenant() {
        CatalogAdmin catalog = new CatalogAdmin(gateway.infrastructure().dataSource());
        UUID project = catalog.createProject("analytics-" + UUID.randomUUID()).id();
        List<UUID> endpoints = List.of(
                catalog.createEndpoint(project, "e0").id(),
                catalog.createEndpoint(project, "e1").id());
        return new Tenant(
                project,
                endpoints,
                catalog.issueApiKey(project, "analytics").secret().value());
    }

    private static int starsType(Tenant tenant) {
        return new CatalogAdmin(gateway.infrastructure().dataSource())
                .createFeedbackType(tenant.project(), "stars", FeedbackKind.NUMERIC, 0.0, 5.0)
                .orElseThrow()
                .id();
    }

    /** The history as the processor reads it for one project. */
    private static List<ConsumerRecord<byte[], byte[]>> records(Tenant tenant, int stars, List<Event> history) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (Event event : history) {
            if (event.log() != null) {
                Log log = event.log();
                CompletionLogged logged = CompletionLogged.newBuilder()
                        .setEventId(event.id())
                        .setEmittedAt(BASE.plusSeconds(log.second()))
                        .setUsageId("u" + log.usage())
                        .setProjectId(tenant.project())
                        .setEndpointId(tenant.endpoints().get(log.endpoint()))
                        .setCreatedAt(BASE.plusSeconds(log.second()))
                        .setModel(MODELS.get(log.model()))
                        .setTemplateId("t" + log.template())
                        .setValues(Map.of("lang", log.french() ? "fr" : "en"))
                        .build();
                String topic = Topics.COMPLETION_LOGS.name();
                records.add(record(topic, new EventSerializer<CompletionLogged>().serialize(topic, logged)));
            } else {
                List<FeedbackItem> items = event.ratings().stream()
                        .map(r -> FeedbackItem.newBuilder()
                                .setUsageId("u" + r.usage())
                                .setFeedbackTypeId(r.stars() ? stars : 1)
                                .setFlag(r.stars() ? null : r.value() % 2 == 0)
                                .setValue(r.stars() ? (double) r.value() : null)
                                .setTag(r.tag() == null ? null : TAGS.get(r.tag()))
                                .setOccurredAt(BASE.plusSeconds(r.second()))
                                .build())
                        .toList();
                FeedbackBatch batch = FeedbackBatch.newBuilder()
                        .setEventId(event.id())
                        .setProjectId(tenant.project())
                        .setEndpointId(tenant.endpoints().get(0))
                        .setReceivedAt(BASE.plus(Duration.ofHours(5)))
                        .setSource(FeedbackSource.DIRECT_PRODUCER)
                        .setRequestId(null)
                        .setItems(items)
                        .build();
                String topic = Topics.FEEDBACK.name();
                records.add(record(topic, new EventSerializer<FeedbackBatch>().serialize(topic, batch)));
            }
        }
        return records;
    }

    private static ConsumerRecord<byte[], byte[]> record(String topic, byte[] value) {
        return new ConsumerRecord<>(topic, 0, 0L, null, value);
    }

    /** Shuffled, some records two or three times, in batches, with the rollup refreshed part way now and then. */
    private static void deliver(List<ConsumerRecord<byte[], byte[]>> records, Delivery delivery) throws SQLException {
        Random random = new Random(delivery.seed());
        List<ConsumerRecord<byte[], byte[]>> copies = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            for (int copy = 0; copy <= random.nextInt(3); copy++) {
                copies.add(record);
            }
        }
        Collections.shuffle(copies, random);
        int batch = 0;
        for (int start = 0; start < copies.size(); batch++) {
            int end = Math.min(copies.size(), start + 1 + random.nextInt(delivery.maxBatch()));
            project(copies.subList(start, end));
            start = end;
            if (batch % delivery.refreshEvery() == 0 && delivery.refreshMarks() > 0) {
                rollup.refresh(delivery.refreshMarks());
            }
        }
    }

    private static void project(List<ConsumerRecord<byte[], byte[]>> records) {
        RunOutcome outcome = projector.project(records);
        assertThat(outcome.rejected()).as("every event is valid").isEmpty();
    }

    /**
     * The answer's groups, one per line, with the project's own ids replaced by the first project's (endpoint by its
     * name's index, the stars type by the first project's), so two projects' answers compare.
     */
    private static String groups(Tenant tenant, String question, int stars, int canonicalStars) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/v1/analytics/feedback?" + question))
                        .header("Authorization", "Bearer " + tenant.key())
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        String groups = JSON.readTree(response.body()).path("groups").toString();
        for (int i = 0; i < tenant.endpoints().size(); i++) {
            groups = groups.replace(tenant.endpoints().get(i).toString(), "endpoint-" + i);
        }
        groups = groups.replace("\"feedback_type_id\":" + stars + ",", "\"feedback_type_id\":" + canonicalStars + ",");
        // Groups are ordered by the ids' text, which differs between the projects: compare them as a sorted list.
        List<String> sorted = new ArrayList<>();
        JSON.readTree(groups).forEach(group -> sorted.add(group.toString()));
        Collections.sort(sorted);
        return String.join("\n", sorted);
    }

    /** Positive and negative thumbs per hour, model and endpoint, as the API answers them. */
    private static Map<String, List<Long>> thumbsPerHourModelEndpoint(Tenant tenant) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/v1/analytics/feedback?" + RANGE
                                + "&bucket=hour&group_by=model,endpoint&feedback_type_id=1"))
                        .header("Authorization", "Bearer " + tenant.key())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        Map<String, List<Long>> counts = new TreeMap<>();
        for (JsonNode group : JSON.readTree(response.body()).path("groups")) {
            String key = Instant.parse(group.path("bucket").asText().replace("Z", ":00Z"))
                    + " " + group.path("model").asText("-") + " "
                    + group.path("endpoint_id").asText("-");
            counts.put(
                    key,
                    List.of(
                            group.path("stats").path("positive").asLong(),
                            group.path("stats").path("negative").asLong()));
        }
        return counts;
    }

    /**
     * Last write wins, computed here: per (usage, type) the rating of the greatest (time, event id, index), with
     * PostgreSQL's unsigned uuid order; per usage the log of the greatest (emitted at, event id). Thumbs only.
     */
    private static Map<String, List<Long>> oracle(List<Event> history, Tenant tenant) {
        Map<String, Object[]> winners = new HashMap<>(); // usage -> {second, event id, index, flag}
        Map<Integer, Object[]> logs = new HashMap<>(); // usage -> {second, event id, log}
        for (Event event : history) {
            if (event.log() != null) {
                Object[] candidate = {event.log().second(), event.id(), event.log()};
                logs.merge(event.log().usage(), candidate, (a, b) -> newer(a, b, 2) ? a : b);
                continue;
            }
            for (int index = 0; index < event.ratings().size(); index++) {
                Rating r = event.ratings().get(index);
                if (r.stars()) {
                    continue;
                }
                Object[] candidate = {r.second(), event.id(), index, r.value() % 2 == 0, r.usage()};
                winners.merge("u" + r.usage(), candidate, (a, b) -> newer(a, b, 3) ? a : b);
            }
        }
        Map<String, List<Long>> counts = new TreeMap<>();
        for (Object[] winner : winners.values()) {
            Log log = (Log) (logs.containsKey((Integer) winner[4]) ? logs.get((Integer) winner[4])[2] : null);
            Instant hour = BASE.plusSeconds((Integer) winner[0]).truncatedTo(ChronoUnit.HOURS);
            String key = hour + " " + (log == null ? "-" : MODELS.get(log.model())) + " "
                    + tenant.endpoints().get(log == null ? 0 : log.endpoint());
            List<Long> count = counts.getOrDefault(key, List.of(0L, 0L));
            boolean positive = (Boolean) winner[3];
            counts.put(key, List.of(count.get(0) + (positive ? 1 : 0), count.get(1) + (positive ? 0 : 1)));
        }
        return counts;
    }

    /** Whether {@code a} is the later version: by time, then event id (unsigned), then the part at {@code at}. */
    private static boolean newer(Object[] a, Object[] b, int at) {
        int byTime = Integer.compare((Integer) a[0], (Integer) b[0]);
        if (byTime != 0) {
            return byTime > 0;
        }
        UUID x = (UUID) a[1];
        UUID y = (UUID) b[1];
        int byEvent = Long.compareUnsigned(x.getMostSignificantBits(), y.getMostSignificantBits());
        if (byEvent == 0) {
            byEvent = Long.compareUnsigned(x.getLeastSignificantBits(), y.getLeastSignificantBits());
        }
        if (byEvent != 0) {
            return byEvent > 0;
        }
        return at == 3 && (Integer) a[2] > (Integer) b[2];
    }
}
