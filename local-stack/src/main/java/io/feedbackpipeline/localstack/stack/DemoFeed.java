package io.feedbackpipeline.localstack.stack;

import io.feedbackpipeline.schemas.FeedbackBatch;
import io.feedbackpipeline.schemas.FeedbackItem;
import io.feedbackpipeline.schemas.FeedbackSource;
import io.feedbackpipeline.schemas.contract.DurableProducer;
import io.feedbackpipeline.schemas.contract.Topics;
import io.feedbackpipeline.schemas.serde.EventSerializer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code bin/local-stack --demo}: a gentle stream of realistic feedback through the gateway's public APIs (about
 * two completions a second, most of them rated, some with a comment and a tag, a few ratings changed later), three
 * models liked differently on three endpoints, and every 90 seconds a poison record written straight to the topic
 * as a careless direct producer would, so the console's dead letters have something to show.
 */
public final class DemoFeed implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DemoFeed.class);
    private static final Duration POISON_EVERY = Duration.ofSeconds(90);

    /** A model and how often people like its answers. */
    private record Model(String name, double liked) {}

    private static final List<Model> MODELS =
            List.of(new Model("gpt-4o", 0.78), new Model("claude-sonnet-4", 0.86), new Model("llama-3.1-70b", 0.61));
    private static final List<String> PROMPTS = List.of(
            "How do I reset my password?",
            "Summarise the refund policy for annual plans.",
            "Why does my build fail with 'symbol not found'?",
            "Find the invoice from March for ACME Corp.",
            "Review this function for thread safety.",
            "What are the opening hours of the Lyon office?");
    private static final List<String> PRAISE = List.of(
            "Exactly what I needed, thanks!",
            "Clear and short.",
            "Found the right document on the first try.",
            "Good catch on the race condition.");
    private static final List<String> COMPLAINTS = List.of(
            "It made up a policy that does not exist.",
            "Far too long, I only wanted the steps.",
            "Wrong office, I asked about Lyon.",
            "It printed <b>tags</b> instead of bold text.",
            "Slow, and the answer was generic.");
    private static final List<String> GOOD_TAGS = List.of("helpful", "accurate", "concise");
    private static final List<String> BAD_TAGS = List.of("hallucination", "too-long", "wrong-facts", "slow");

    private final Map<String, String> env;
    private final DemoCatalog catalog;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final KafkaProducer<String, byte[]> producer;
    private final Random random = new Random();
    private final Deque<String[]> recent = new ArrayDeque<>();
    private final Thread thread;
    private volatile boolean running = true;
    private Instant nextPoison = Instant.now().plusSeconds(20);
    private Instant lastWarning = Instant.EPOCH;
    private int poisoned;

    /**
     * The demo feed for the project and key in {@code env} ({@code PROJECT_ID}, {@code API_KEY}, with the stack's
     * {@code GATEWAY_URL} and {@code KAFKA_BOOTSTRAP_SERVERS}), its endpoints and stars type created first: how a
     * test runs the demo beside other tenants on a stack started without it.
     */
    public static DemoFeed start(Map<String, String> env, DataSource owner) {
        return new DemoFeed(env, DemoCatalog.ensure(owner, UUID.fromString(env.get("PROJECT_ID"))));
    }

    DemoFeed(Map<String, String> env, DemoCatalog catalog) {
        this.env = env;
        this.catalog = catalog;
        this.producer = new KafkaProducer<>(
                DurableProducer.settings(env.get("KAFKA_BOOTSTRAP_SERVERS"), Map.of()),
                new StringSerializer(),
                new ByteArraySerializer());
        this.thread = new Thread(this::run, "demo-feed");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        while (running) {
            try {
                oneCompletion();
                if (Instant.now().isAfter(nextPoison)) {
                    poison();
                    nextPoison = Instant.now().plus(POISON_EVERY);
                }
                Thread.sleep(300 + random.nextInt(400));
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                warn(e);
            }
        }
    }

    private void oneCompletion() throws Exception {
        DemoCatalog.Endpoint endpoint =
                catalog.endpoints().get(random.nextInt(catalog.endpoints().size()));
        Model model = MODELS.get(random.nextInt(MODELS.size()));
        String usage = "demo-" + UUID.randomUUID();
        String prompt = PROMPTS.get(random.nextInt(PROMPTS.size()));
        post(
                "/v1/completion-logs",
                "{\"usage_id\": " + json(usage) + ", \"endpoint_id\": "
                        + json(endpoint.id().toString())
                        + ", \"openai_name\": " + json(model.name()) + ", \"prompt\": " + json(prompt)
                        + ", \"completion\": "
                        + json("(" + model.name() + ") An answer to: " + prompt) + ", \"template_id\": "
                        + json(endpoint.name() + "-v" + (1 + random.nextInt(2))) + ", \"values\": {\"lang\": "
                        + json(random.nextInt(4) == 0 ? "fr" : "en") + "}, \"timestamp\": "
                        + json(Instant.now().toString())
                        + "}");
        if (random.nextDouble() < 0.8) {
            boolean liked = random.nextDouble() < model.liked();
            StringBuilder item = new StringBuilder(
                    "{\"usage_id\": " + json(usage) + ", \"feedback_type_id\": 1, \"flag\": " + liked);
            if (random.nextDouble() < 0.3) {
                List<String> comments = liked ? PRAISE : COMPLAINTS;
                List<String> tags = liked ? GOOD_TAGS : BAD_TAGS;
                item.append(", \"comment\": ").append(json(comments.get(random.nextInt(comments.size()))));
                item.append(", \"tag\": ").append(json(tags.get(random.nextInt(tags.size()))));
            }
            item.append('}');
            String stars = random.nextDouble() < 0.3
                    ? ", {\"usage_id\": " + json(usage) + ", \"feedback_type_id\": " + catalog.starsTypeId()
                            + ", \"value\": " + (liked ? 3 + random.nextInt(3) : 1 + random.nextInt(3)) + "}"
                    : "";
            post(
                    "/v1/feedback",
                    "{\"endpoint_id\": " + json(endpoint.id().toString()) + ", \"items\": [" + item + stars + "]}");
            remember(usage, endpoint.id().toString(), liked);
        }
        if (random.nextDouble() < 0.05 && recent.size() > 5) {
            String[] changed = recent.pollFirst(); // someone changes their mind: last write wins
            post(
                    "/v1/feedback",
                    "{\"endpoint_id\": " + json(changed[1]) + ", \"items\": [{\"usage_id\": " + json(changed[0])
                            + ", \"feedback_type_id\": 1, \"flag\": " + !Boolean.parseBoolean(changed[2]) + "}]}");
        }
    }

    private void remember(String usage, String endpoint, boolean liked) {
        recent.addLast(new String[] {usage, endpoint, Boolean.toString(liked)});
        while (recent.size() > 50) {
            recent.removeFirst();
        }
    }

    /** What a careless direct producer sends: a tag over the 120-character limit, or a type that does not exist. */
    private void poison() throws Exception {
        boolean longTag = poisoned++ % 2 == 0;
        FeedbackBatch batch = FeedbackBatch.newBuilder()
                .setEventId(UUID.randomUUID())
                .setProjectId(UUID.fromString(env.get("PROJECT_ID")))
                .setEndpointId(null)
                .setReceivedAt(Instant.now().truncatedTo(ChronoUnit.MICROS))
                .setSource(FeedbackSource.DIRECT_PRODUCER)
                .setRequestId("demo-poison-" + poisoned)
                .setItems(List.of(FeedbackItem.newBuilder()
                        .setUsageId("demo-poison-" + poisoned)
                        .setFeedbackTypeId(longTag ? 1 : 424242)
                        .setFlag(true)
                        .setTag(longTag ? "x".repeat(121) : null)
                        .setOccurredAt(Instant.now().truncatedTo(ChronoUnit.MICROS))
                        .build()))
                .build();
        String topic = Topics.FEEDBACK.name();
        producer.send(new ProducerRecord<>(
                        topic,
                        batch.getItems().get(0).getUsageId(),
                        new EventSerializer<FeedbackBatch>().serialize(topic, batch)))
                .get();
    }

    private void post(String path, String body) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(env.get("GATEWAY_URL") + path))
                        .timeout(Duration.ofSeconds(10))
                        .header("Authorization", "Bearer " + env.get("API_KEY"))
                        .header("Content-Type", "application/json")
                        .header("Prefer", "respond-async")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
        }
    }

    private void warn(Exception e) {
        Instant now = Instant.now();
        if (Duration.between(lastWarning, now).toMinutes() >= 1) {
            lastWarning = now;
            log.warn("demo feed: {} (it keeps trying)", e.getMessage());
        }
    }

    private static String json(String text) {
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        quoted.append(String.format("\\u%04x", (int) c));
                    } else {
                        quoted.append(c);
                    }
                }
            }
        }
        return quoted.append('"').toString();
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        producer.close(Duration.ofSeconds(5));
    }
}
