package io.feedbackpipeline.schemas.history;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;

/**
 * The released versions of one record schema, bundled as {@code history/<Record>/v1.avsc, v2.avsc, ...}.
 *
 * <p>The history is append-only: a released version is never edited or removed, so every record ever written
 * stays readable. Versions are numbered without gaps; loading stops at the first missing number.
 */
public final class SchemaHistory {

    private static final String ROOT = "/io/feedbackpipeline/schemas/history/";

    private SchemaHistory() {}

    /** All released versions of the named record, oldest first. */
    public static List<Schema> of(String recordName) {
        List<Schema> versions = new ArrayList<>();
        for (int version = 1; ; version++) {
            String resource = ROOT + recordName + "/v" + version + ".avsc";
            try (InputStream in = SchemaHistory.class.getResourceAsStream(resource)) {
                if (in == null) {
                    break;
                }
                versions.add(new Schema.Parser().parse(in));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read bundled schema " + resource, e);
            }
        }
        if (versions.isEmpty()) {
            throw new IllegalStateException("no bundled schema history for record " + recordName);
        }
        return List.copyOf(versions);
    }
}
