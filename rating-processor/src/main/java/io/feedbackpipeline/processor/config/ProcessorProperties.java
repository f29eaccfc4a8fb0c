package io.feedbackpipeline.processor.config;

import io.feedbackpipeline.projection.store.RowTransport;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.apache.kafka.clients.consumer.GroupProtocol;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Tunables of the processor, from {@code pipeline.processor.*} (environment {@code PIPELINE_PROCESSOR_*}).
 *
 * @param groupId the consumer group; offsets of the projection
 * @param instanceId static group membership ({@code group.instance.id}; each consumer gets a {@code -n} suffix):
 *     a processor restarted under the same id within the session timeout gets its partitions back without a
 *     reassignment, but one that stops for good holds them until the session times out. Empty (the default) for
 *     dynamic membership, where a leaving member's partitions move at once. Must be unique per running instance
 * @param groupProtocol {@code classic} (the default: cooperative-sticky assignment, so a member that joins or
 *     leaves moves only its own partitions) or {@code consumer} (KIP-848). Classic because Kafka 4.2's consumer-
 *     protocol client left fetched records waiting up to a second (docs/benchmarks.md)
 * @param sessionTimeout how long a crashed member holds its partitions (classic protocol; under the consumer
 *     protocol the broker decides)
 * @param concurrency consumers per instance; at most the number of partitions is useful
 * @param maxPollRecords records per consumer batch
 * @param fetchMinBytes how many record bytes the broker gathers before it answers a fetch, unless
 *     {@code fetchMaxWait} passes first. With Kafka's default of 1 byte every fetch answered at once with the few
 *     records of the last produce request, and each became a transaction and a WAL flush: under load the processor
 *     and PostgreSQL spent most of their CPU on batch overhead, taken from the gateway on a shared machine
 *     (docs/benchmarks.md). The price is up to {@code fetchMaxWait} more visibility latency when traffic is light
 * @param fetchMaxWait how long the broker may hold a fetch to fill it; bounds the added latency
 * @param fetchMaxBytes the most record bytes one fetch returns, and per partition a quarter of it: bounds the
 *     memory a poll can take
 * @param stallThreshold a batch failing for longer than this makes readiness DOWN and logs a WARN a minute
 * @param schemaRegistry where the schema ids of Confluent-framed records are resolved
 */
@Validated
@ConfigurationProperties("pipeline.processor")
public record ProcessorProperties(
        @DefaultValue("rating-processor") @NotBlank String groupId,
        @DefaultValue("") String instanceId,
        @DefaultValue("classic") @NotNull GroupProtocol groupProtocol,
        @DefaultValue("10s") @NotNull Duration sessionTimeout,
        @DefaultValue("3") @Min(1) int concurrency,
        @DefaultValue("1000") @Min(1) int maxPollRecords,
        @DefaultValue("64KB") @NotNull DataSize fetchMinBytes,
        @DefaultValue("25ms") @NotNull Duration fetchMaxWait,
        @DefaultValue("16MB") @NotNull DataSize fetchMaxBytes,
        @DefaultValue("60s") @NotNull Duration stallThreshold,
        @Valid @NotNull @DefaultValue Transaction transaction,
        @Valid @NotNull @DefaultValue Retry retry,
        @Valid @NotNull @DefaultValue SchemaRegistry schemaRegistry,
        @Valid @NotNull @DefaultValue Analytics analytics,
        @Valid @NotNull @DefaultValue Receipts receipts,
        @Valid @NotNull @DefaultValue Changes changes) {

    /**
     * The change stream {@code feedback-changes.v1} (docs/consuming-changes.md): the projection records the
     * registers it changed in its own transaction (a batch row per statement, V17; a rebuild's swap an outbox row per
     * register, V15), and a relay publishes both in order.
     *
     * @param enabled off only to measure what the stream costs the projection (docs/benchmarks.md)
     * @param relayEvery how long the relay waits when the outbox is empty; bounds how late a change is published
     * @param relayBatch changes one step publishes and deletes: outbox rows at most this many, batch rows until they
     *     hold this many (a batch row goes whole, so the last one may pass it)
     * @param framing how records are framed: {@code confluent} (the default: 00 + the schema id the gateway's registry
     *     API serves, what Confluent's deserializers and their Python, Go and Node counterparts read) or
     *     {@code single-object} (Avro single-object encoding, as the pipeline's input topics are written). The
     *     {@code schemas} deserializer reads both
     */
    public record Changes(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("100ms") @NotNull Duration relayEvery,
            @DefaultValue("5000") @Min(1) int relayBatch,
            @DefaultValue("confluent") @NotNull Framing framing) {

        /** The framings of a change record. */
        public enum Framing {
            CONFLUENT,
            SINGLE_OBJECT
        }
    }

    /**
     * A receipt per event (V14, {@code GET /v1/events/{event_id}}), written in the projection's transaction.
     *
     * @param enabled off only to measure what receipts cost the projection (docs/benchmarks.md)
     * @param keep how long receipts are kept; older ones are pruned (never younger than an hour)
     * @param pruneEvery how often the processor prunes, a batch of {@code pruneBatch} at a time until none is left
     */
    public record Receipts(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("7d") @NotNull Duration keep,
            @DefaultValue("1m") @NotNull Duration pruneEvery,
            @DefaultValue("10000") @Min(1) int pruneBatch) {}

    /**
     * The analytics rollup (docs/design-decisions.md): the projection marks what changed, and a refresher recomputes
     * the marked hours from committed rows.
     *
     * @param enabled whether writes mark what changed and the refresher runs. Off only to measure what analytics
     *     costs ingestion: the rollup then goes stale, so the gateway must answer from the registers too
     *     ({@code pipeline.gateway.analytics.use-rollups=false})
     * @param refreshEvery how often the refresher looks for marks; a marked hour is read from the registers until
     *     then, so this trades the refresher's CPU against the speed of questions about the last hours
     * @param refreshBatch marks one refresh consumes at most
     * @param refreshSliceRows registers one transaction of a refresh reads, about: a busy hour is recomputed in
     *     slices, so the refresher never holds the live tables or a snapshot for long (a rebuild's swap and vacuum
     *     wait on both)
     * @param maxStaleness how long the refresher yields at most to a processor catching up on a backlog
     * @param lateWrites how long after an hour ends the refresher still leaves it alone, as open: events that come a
     *     little late land in it. Readers take an open hour from the registers, so this costs them only while it lasts
     */
    public record Analytics(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("2s") @NotNull Duration refreshEvery,
            @DefaultValue("2000") @Min(1) int refreshBatch,
            @DefaultValue("50000") @Min(1) long refreshSliceRows,
            @DefaultValue("5m") @NotNull Duration maxStaleness,
            @DefaultValue("1m") @NotNull Duration lateWrites) {}

    /** Back-off while the database or broker is down: exponential, never giving up. */
    public record Retry(
            @DefaultValue("200ms") @NotNull Duration initialInterval,
            @DefaultValue("10s") @NotNull Duration maxInterval) {}

    /**
     * What one projection transaction may hold and wait for.
     *
     * @param maxItems feedback items per transaction; a consumer batch is cut into several when it has more
     * @param maxBytes record bytes per transaction; the writer holds several copies of them while it builds its
     *     statements, so this bounds the memory of a transaction
     * @param maxRecordBytes a record value larger than this is dead-lettered as {@code too-large}, unread
     * @param lockTimeout the longest a write waits for a row lock before the batch is retried
     * @param statementTimeout the longest one statement may run before the batch is retried
     * @param workMem PostgreSQL's {@code work_mem} in the processor's transactions: what a statement may sort or keep
     *     in memory before it spills to disk; the default holds a transaction of the largest size
     * @param transport how a transaction's rows reach PostgreSQL: {@code copy} (binary COPY into a session's
     *     temporary table; needs the TEMPORARY privilege, which PUBLIC has by default) or {@code arrays} (one SQL
     *     array per column, for a database that allows no temporary tables, and to measure against)
     */
    public record Transaction(
            @DefaultValue("100000") @Min(1) int maxItems,
            @DefaultValue("8MB") @NotNull DataSize maxBytes,
            @DefaultValue("8MB") @NotNull DataSize maxRecordBytes,
            @DefaultValue("10s") @NotNull Duration lockTimeout,
            @DefaultValue("60s") @NotNull Duration statementTimeout,
            @DefaultValue("64MB") @NotNull DataSize workMem,
            @DefaultValue("copy") @NotNull RowTransport transport) {}

    /**
     * An external Confluent-compatible schema registry (Confluent, Apicurio's ccompat API, Karapace, Redpanda) that
     * resolves the ids of Confluent-framed records beyond the bundled history. Ids of the bundled history always
     * resolve in-process, so the processor never needs another service for them (the gateway's registry API serves
     * the same ids, for producers). Asked once per id; while it cannot be reached, records framed with its ids wait.
     *
     * @param url the external registry's base URL ({@code PIPELINE_PROCESSOR_SCHEMA_REGISTRY_URL}); empty (the
     *     default) for none: an id outside the bundled history is then an unknown schema, dead-lettered
     * @param timeout connect and request timeout of one lookup
     * @param username basic-auth user of a registry that needs one; empty for none
     * @param password basic-auth password, from the environment or a secret store
     */
    public record SchemaRegistry(
            @DefaultValue("") String url,

            @DefaultValue("5s") @NotNull Duration timeout,
            @DefaultValue("") String username,
            @DefaultValue("") String password) {}
}
