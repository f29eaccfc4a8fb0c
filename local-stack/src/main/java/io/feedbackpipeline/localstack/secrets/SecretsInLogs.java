package io.feedbackpipeline.localstack.secrets;

import io.feedbackpipeline.catalog.ApiKeySecret;
import io.feedbackpipeline.catalog.FeedbackTokenShape;
import io.feedbackpipeline.localstack.postgres.PasswordMark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds secrets in logs: a whole API key (the shape {@link ApiKeySecret} defines), a feedback token
 * ({@link FeedbackTokenShape}), a password of the local servers
 * as a bare value (they all carry {@link PasswordMark}), a password setting that is not null or masked (clients log
 * their settings; Hikari masks them), a URL carrying a user and a password. Used by {@code bin/check-logs-for-secrets}
 * in CI and by the fault suite, so both look for the same shapes. A find is reported by file, line and its first
 * characters, never the secret itself.
 */
public final class SecretsInLogs {

    /** One secret found. */
    public record Find(String what, Path file, int line, String start) {
        @Override
        public String toString() {
            return what + " in " + file + " line " + line + ": " + start + "…";
        }
    }

    private static final Map<String, Pattern> SHAPES = Map.of(
            "an API key",
            ApiKeySecret.IN_TEXT,
            "a feedback token",
            FeedbackTokenShape.IN_TEXT,
            "a local database password",
            Pattern.compile("[A-Za-z0-9_-]*" + Pattern.quote(PasswordMark.SUFFIX)),
            "a password setting",
            Pattern.compile(
                    "(?i)password\\s*[=:]\\s*(?!null\\b|<masked>|\\[hidden\\]|\\*+(?:[\\s,;}\"]|$))[^\\s,;}\"]+"),
            "a URL with credentials",
            Pattern.compile("://[^/\\s:@]+:[^@\\s/]+@"));

    private SecretsInLogs() {}

    /** Every secret in the text, line by line. */
    public static List<Find> in(Path file, String text) {
        List<Find> finds = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int index = 0; index < lines.length; index++) {
            for (Map.Entry<String, Pattern> shape : SHAPES.entrySet()) {
                Matcher found = shape.getValue().matcher(lines[index]);
                while (found.find()) {
                    String secret = found.group();
                    finds.add(new Find(
                            shape.getKey(), file, index + 1, secret.substring(0, Math.min(12, secret.length()))));
                }
            }
        }
        return finds;
    }

    public static List<Find> in(Path file) throws IOException {
        return in(file, new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
    }

    /** {@code SecretsInLogs FILE...}: exit code 1 and one line per find (at most 20 a file) when any log holds one. */
    public static void main(String[] files) throws IOException {
        int found = 0;
        for (String name : files) {
            List<Find> finds = in(Path.of(name));
            found += finds.size();
            finds.stream().limit(20).forEach(find -> System.err.println("secret in a log: " + find));
        }
        if (found == 0) {
            System.out.println("no secret in " + files.length + " log(s)");
        }
        System.exit(found == 0 ? 0 : 1);
    }
}
