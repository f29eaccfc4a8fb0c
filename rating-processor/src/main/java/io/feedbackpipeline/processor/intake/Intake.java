package io.feedbackpipeline.processor.intake;

import io.feedbackpipeline.catalog.CachedCatalog;
import io.feedbackpipeline.catalog.FeedbackKind;
import io.feedbackpipeline.merge.FeedbackWrite;
import io.feedbackpipeline.merge.LogKey;
import io.feedbackpipeline.merge.LogVersion;
import io.feedbackpipeline.merge.LogWrite;
import io.feedbackpipeline.merge.Origin;
import io.feedbackpipeline.merge.RegisterKey;
import io.feedbackpipeline.merge.Version;
import io.feedbackpipeline.schemas.CompletionLogged;
import io.feedbackpipeline.schemas.FeedbackBatch;
import io.feedbackpipeline.schemas.FeedbackItem;
import io.feedbackpipeline.schemas.contract.Topics;
import io.feedbackpipeline.schemas.serde.EventDeserializer;
import io.feedbackpipeline.schemas.serde.MalformedEventException;
import io.feedbackpipeline.schemas.serde.UnknownSchemaException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns a consumer batch into what the projection writes (one write per feedback item, one per completion log) and
 * the records it cannot use (dead letters, each with its reason). Never throws for a bad record: a poison record
 * must not stall its partition. It does throw when the catalog cannot be read, which is a transient failure.
 */
@Component
public class Intake {

    /** A consumer batch, sorted into what to write and what to dead-letter. */
    public record Sorted(List<FeedbackWrite> feedback, List<LogWrite> logs, List<Rejected> rejected,
            List<Instant> receivedAt, int items) {}

    /** A record that goes to its topic's dead-letter twin. */
    public record Rejected(ConsumerRecord<byte[], byte[]> record, Rejection rejection) {}

    private final EventRules rules;
    private final CachedCatalog catalog;
    private final EventDeserializer<FeedbackBatch> feedbackDecoder = new EventDeserializer<>(Topics.FEEDBACK.valueType());
    private final EventDeserializer<CompletionLogged> logDecoder =
            new EventDeserializer<>(Topics.COMPLETION_LOGS.valueType());
    private final JsonMapper json = JsonMapper.builder().build();

    Intake(EventRules rules, CachedCatalog catalog) {
        this.rules = rules;
        this.catalog = catalog;
    }

    /** The same intake outside the service's Spring context (replay, rebuild). */
    public static Intake forDataSource(javax.sql.DataSource dataSource) {
        CachedCatalog catalog = new CachedCatalog(dataSource);
        return new Intake(new EventRules(catalog), catalog);
    }

    public Sorted sort(List<ConsumerRecord<byte[], byte[]>> records) {
        List<FeedbackWrite> feedback = new ArrayList<>();
        List<LogWrite> logs = new ArrayList<>();
        List<Rejected> rejected = new ArrayList<>();
        List<Instant> receivedAt = new ArrayList<>();
        int items = 0;
        for (ConsumerRecord<byte[], byte[]> record : records) {
            Origin origin = new Origin(record.topic(), record.partition(), record.offset());
            try {
                if (record.topic().startsWith(Topics.COMPLETION_LOGS.name())) {
                    CompletionLogged log = logDecoder.deserialize(record.topic(), record.value());
                    List<String> problems = rules.check(log);
                    if (!problems.isEmpty()) {
                        rejected.add(new Rejected(record, Rejection.invalid(String.join("; ", problems))));
                        continue;
                    }
                    logs.add(new LogWrite(new LogKey(log.getProjectId(), log.getUsageId()),
                            new LogVersion(log.getEmittedAt(), log.getEventId()), origin, log));
                } else {
                    FeedbackBatch batch = feedbackDecoder.deserialize(record.topic(), record.value());
                    List<String> problems = rules.check(batch);
                    if (!problems.isEmpty()) {
                        rejected.add(new Rejected(record, Rejection.invalid(String.join("; ", problems))));
                        continue;
                    }
                    feedback.addAll(writes(batch, origin));
                    receivedAt.add(batch.getReceivedAt());
                    items += batch.getItems().size();
                }
            } catch (UnknownSchemaException e) {
                rejected.add(new Rejected(record, new Rejection(Rejection.UNKNOWN_SCHEMA, e.getMessage(),
                        e.getClass().getName())));
            } catch (MalformedEventException e) {
                rejected.add(new Rejected(record, new Rejection(Rejection.UNDECODABLE, e.getMessage(),
                        e.getClass().getName())));
            }
        }
        return new Sorted(feedback, logs, rejected, receivedAt, items);
    }

    private List<FeedbackWrite> writes(FeedbackBatch batch, Origin origin) {
        List<FeedbackWrite> writes = new ArrayList<>(batch.getItems().size());
        for (int index = 0; index < batch.getItems().size(); index++) {
            FeedbackItem item = batch.getItems().get(index);
            FeedbackKind kind = catalog.feedbackType(item.getFeedbackTypeId()).orElseThrow().kind();
            writes.add(new FeedbackWrite(
                    new RegisterKey(batch.getProjectId(), item.getUsageId(), item.getFeedbackTypeId()),
                    new Version(item.getOccurredAt(), batch.getEventId(), index), origin, item.getFlag(),
                    item.getValue(), item.getComment(), item.getTag(), displayValue(kind, item),
                    batch.getEndpointId(), batch.getReceivedAt()));
        }
        return writes;
    }

    /** The JSON of what the type displays: BOOLEAN its flag, NUMERIC its value, TEXT its comment. */
    private String displayValue(FeedbackKind kind, FeedbackItem item) {
        Object shown = switch (kind) {
            case BOOLEAN -> item.getFlag();
            case NUMERIC -> item.getValue();
            case TEXT -> item.getComment();
        };
        return json.writeValueAsString(shown);
    }
}
