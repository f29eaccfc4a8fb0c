package io.feedbackpipeline.feedbackctl;

import java.util.UUID;

/** Parses ids given on the command line, with a usage error naming the option. */
public final class Uuids {

    private Uuids() {}

    public static UUID parse(String option, String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(FeedbackCtl.USAGE, option + " must be a UUID, was '" + text + "'");
        }
    }
}
