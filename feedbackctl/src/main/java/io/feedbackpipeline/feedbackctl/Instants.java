package io.feedbackpipeline.feedbackctl;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Parses instants given on the command line, with a usage error naming the option. */
public final class Instants {

    private Instants() {}

    public static Instant parse(String option, String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new CommandFailure(
                    FeedbackCtl.USAGE,
                    option + " must be an ISO-8601 instant like " + "2026-11-22T10:00:00Z, was '" + text + "'");
        }
    }
}
