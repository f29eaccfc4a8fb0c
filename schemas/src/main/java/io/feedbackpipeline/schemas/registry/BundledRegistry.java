package io.feedbackpipeline.schemas.registry;

import io.feedbackpipeline.schemas.contract.TopicContract;
import io.feedbackpipeline.schemas.contract.Topics;
import io.feedbackpipeline.schemas.history.SchemaIds;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;

/**
 * The bundled schema history seen as a Confluent schema registry: one subject per topic (the topic-name strategy,
 * {@code <topic>-value}), its versions numbered as released, ids from {@link SchemaIds}. It is read-only and has no
 * state of its own: the history in this jar is the only source of truth.
 */
public final class BundledRegistry {

    /** The compatibility the history is held to ({@link io.feedbackpipeline.schemas.history.CompatibilityRule}). */
    public static final String COMPATIBILITY_LEVEL = "FULL_TRANSITIVE";

    /** Where the gateway serves this registry's read-only Confluent-compatible API, below its base URL. */
    public static final String SERVED_AT = "/schema-registry";

    private static final String VALUE_SUFFIX = "-value";

    private final Map<String, List<RegisteredSchema>> subjects = new LinkedHashMap<>();
    private final Map<Integer, Schema> byId = new HashMap<>();

    public BundledRegistry(List<TopicContract<?>> topics) {
        for (TopicContract<?> topic : topics) {
            String subject = valueSubject(topic.name());
            List<RegisteredSchema> versions = new ArrayList<>();
            List<Schema> history = topic.valueType().history();
            for (int index = 0; index < history.size(); index++) {
                Schema schema = history.get(index);
                int id = SchemaIds.of(schema);
                Schema earlier = byId.putIfAbsent(id, schema);
                if (earlier != null && !earlier.equals(schema)) {
                    throw new IllegalStateException("schema id " + id + " derived for two different schemas: "
                            + earlier.getFullName() + " and " + schema.getFullName());
                }
                versions.add(new RegisteredSchema(subject, index + 1, id, schema));
            }
            subjects.put(subject, List.copyOf(versions));
        }
    }

    /** The registry of the pipeline's topics. */
    public static BundledRegistry ofPipeline() {
        return new BundledRegistry(Topics.CONTRACTS);
    }

    /** The subject of a topic's record values under the topic-name strategy. */
    public static String valueSubject(String topic) {
        return topic + VALUE_SUFFIX;
    }

    public List<String> subjects() {
        return List.copyOf(subjects.keySet());
    }

    /** The versions of a subject, oldest first; empty when the subject does not exist. */
    public List<RegisteredSchema> versions(String subject) {
        return subjects.getOrDefault(subject, List.of());
    }

    public Optional<RegisteredSchema> version(String subject, int version) {
        List<RegisteredSchema> versions = versions(subject);
        return version >= 1 && version <= versions.size() ? Optional.of(versions.get(version - 1)) : Optional.empty();
    }

    public Optional<RegisteredSchema> latest(String subject) {
        List<RegisteredSchema> versions = versions(subject);
        return versions.isEmpty() ? Optional.empty() : Optional.of(versions.get(versions.size() - 1));
    }

    public Optional<Schema> schema(int id) {
        return Optional.ofNullable(byId.get(id));
    }

    /**
     * The version of a subject that is the given schema. Schemas are compared by their parsing canonical form, as
     * records encoded with either are the same bytes; docs, defaults and formatting do not change an id.
     */
    public Optional<RegisteredSchema> find(String subject, Schema schema) {
        long fingerprint = SchemaNormalization.parsingFingerprint64(schema);
        return versions(subject).stream()
                .filter(candidate -> SchemaNormalization.parsingFingerprint64(candidate.schema()) == fingerprint)
                .findFirst();
    }
}
