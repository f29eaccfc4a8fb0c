package io.feedbackpipeline.systemtests.faults;

import java.util.List;

/**
 * One row of the fault table. Every loss, duplicate, stale, valid-dead-letter and unexpected-5xx count must be 0;
 * 503s are the honest answer while the broker cannot confirm, and are retried by the client.
 */
record ScenarioResult(
        String scenario,
        long acknowledged,
        long found,
        long lost,
        long duplicatedInEffect,
        long stale,
        long validDeadLetters,
        long unexpected5xx,
        long answered503,
        long longestPauseMillis,
        long eventsChecked,
        long withoutReceipt,
        long registers,
        long changes,
        long changesMissing,
        long changesStale,
        String notes) {

    boolean clean() {
        return lost == 0
                && duplicatedInEffect == 0
                && stale == 0
                && validDeadLetters == 0
                && unexpected5xx == 0
                && withoutReceipt == 0
                && changesMissing == 0
                && changesStale == 0
                && found == acknowledged;
    }

    static String header() {
        return "| scenario | acknowledged | found | lost | duplicated in effect | stale | dead letters of valid data"
                + " | 5xx (not 503) | 503 (retried) | longest pause in projection | events without a receipt (of those checked)"
                + " | change stream: registers missing / stale (of those checked) | notes |\n"
                + "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n";
    }

    String row() {
        return "| %s | %,d | %,d | %d | %d | %d | %d | %d | %,d | %.1f s | %d of %,d | %d / %d of %,d (%,d changes) | %s |%n"
                .formatted(
                        scenario,
                        acknowledged,
                        found,
                        lost,
                        duplicatedInEffect,
                        stale,
                        validDeadLetters,
                        unexpected5xx,
                        answered503,
                        longestPauseMillis / 1000.0,
                        withoutReceipt,
                        eventsChecked,
                        changesMissing,
                        changesStale,
                        registers,
                        changes,
                        notes);
    }

    static String table(List<ScenarioResult> results) {
        StringBuilder table = new StringBuilder(header());
        results.forEach(result -> table.append(result.row()));
        return table.toString();
    }
}
