package io.feedbackpipeline.schemas.history;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;

/**
 * The evolution rule of the event contract: every version must be both backward compatible (it reads data
 * written with any earlier version) and forward compatible (any earlier version reads data written with it)
 * with every earlier version, so producers and consumers can be upgraded in any order and replays of old
 * records always work.
 */
public final class CompatibilityRule {

    private CompatibilityRule() {}

    /** One broken pair: {@code reader} cannot read data written with {@code writer}. */
    public record Violation(int readerVersion, int writerVersion, String direction, String description) {
        @Override
        public String toString() {
            return "v%d cannot read v%d (%s): %s".formatted(readerVersion, writerVersion, direction, description);
        }
    }

    /** Checks every later version against every earlier one; versions are numbered from 1 in list order. */
    public static List<Violation> check(List<Schema> versions) {
        List<Violation> violations = new ArrayList<>();
        for (int later = 1; later < versions.size(); later++) {
            for (int earlier = 0; earlier < later; earlier++) {
                verify(versions, later, earlier, "backward", violations);
                verify(versions, earlier, later, "forward", violations);
            }
        }
        return List.copyOf(violations);
    }

    private static void verify(List<Schema> versions, int reader, int writer, String direction, List<Violation> out) {
        var result = SchemaCompatibility.checkReaderWriterCompatibility(versions.get(reader), versions.get(writer));
        if (result.getType() != SchemaCompatibilityType.COMPATIBLE) {
            out.add(new Violation(reader + 1, writer + 1, direction, result.getDescription()));
        }
    }
}
