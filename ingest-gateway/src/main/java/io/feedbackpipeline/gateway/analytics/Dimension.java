package io.feedbackpipeline.gateway.analytics;

import java.util.Arrays;
import java.util.Optional;

/** What analytics can group and filter by, as the API names it. */
enum Dimension {
    ENDPOINT("endpoint", 2),
    MODEL("model", 1),
    TEMPLATE("template", 4),
    TAG("tag", 8),
    FEEDBACK_TYPE("feedback_type", 0);

    private final String wireName;
    /** Its bit in the rollup's grouping sets ({@code feedback_rollup.dims}, RollupRefresh); 0 when every set has it. */
    private final int rollupBit;

    Dimension(String wireName, int rollupBit) {
        this.wireName = wireName;
        this.rollupBit = rollupBit;
    }

    String wireName() {
        return wireName;
    }

    int rollupBit() {
        return rollupBit;
    }

    /** Whether it is a completion log's: the rollup holds at most two of these together. */
    boolean ofTheLog() {
        return this == ENDPOINT || this == MODEL || this == TEMPLATE;
    }

    static Optional<Dimension> parse(String text) {
        return Arrays.stream(values())
                .filter(d -> d.wireName.equals(text.trim()))
                .findFirst();
    }
}
