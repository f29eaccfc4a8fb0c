package io.feedbackpipeline.schemas.history;

import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;

/**
 * The Confluent-style schema id of a released schema, derived from the schema itself: the top 31 bits of its
 * CRC-64-AVRO parsing fingerprint. Deriving it (instead of numbering versions in order) keeps every id stable
 * forever, whatever versions or record types are added later, and gives the same schema the same id under every
 * subject, as a Confluent registry does. {@link io.feedbackpipeline.schemas.registry.BundledRegistry} refuses to
 * start if two bundled schemas ever collide.
 */
public final class SchemaIds {

    private SchemaIds() {}

    public static int of(Schema schema) {
        long fingerprint = SchemaNormalization.parsingFingerprint64(schema);
        int id = (int) (fingerprint >>> 33);
        return id == 0 ? 1 : id; // 0 is the Confluent framing's magic byte value; never hand it out as an id
    }
}
