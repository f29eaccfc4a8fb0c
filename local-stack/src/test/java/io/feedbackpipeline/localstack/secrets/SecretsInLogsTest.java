package io.feedbackpipeline.localstack.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import io.feedbackpipeline.catalog.ApiKeySecret;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Issue 19 item 4: the CI check looked for {@code fpk_[0-9A-Za-z]{40,}}, but keys are URL-safe Base64, so every key
 * with a '-' or '_' in its first 40 characters (about 72% of them) passed it. The check now uses the key's own shape.
 */
class SecretsInLogsTest {

    private static final Path LOG = Path.of("service.log");

    @Test
    @DisplayName("every generated key is found in a log line, those with '-' and '_' included")
    void everyGeneratedKeyIsFound() {
        SecureRandom random = new SecureRandom();
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            keys.add(ApiKeySecret.generate(random).value());
        }
        long withDashOrUnderscore = keys.stream()
                .filter(key -> key.substring(0, 44).matches(".*[-_].*"))
                .count();
        assertThat(withDashOrUnderscore).as("the keys the old pattern missed").isGreaterThan(1_000);

        StringBuilder log = new StringBuilder();
        keys.forEach(key ->
                log.append("2026-12-03 INFO request with Bearer ").append(key).append(" done\n"));

        assertThat(SecretsInLogs.in(LOG, log.toString()))
                .hasSize(keys.size())
                .allSatisfy(find -> assertThat(find.what()).isEqualTo("an API key"));
    }

    @Test
    @DisplayName("a key issued before checksums, at the start or end of a line, in quotes or JSON, is found too")
    void keysWhereverTheyStand() {
        String legacy = "fpk_" + "a-b_".repeat(10) + "xyz";
        String checksummed = ApiKeySecret.generate(new SecureRandom()).value();

        assertThat(SecretsInLogs.in(LOG, legacy + "\n\"" + checksummed + "\"\n{\"key\":\"" + legacy + "\"}"))
                .hasSize(3);
    }

    @Test
    @DisplayName("a feedback token is found in a log line, and so is one in JSON or a URL; a token id alone is not")
    void feedbackTokens() {
        String token = "fbt_2026-a.eyJ2IjoxLCJpZCI6IkFCQyIsInAiOiIxIn0.Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFyYmF";

        assertThat(SecretsInLogs.in(
                        LOG,
                        "Authorization: Bearer " + token + "\n{\"token\":\"" + token + "\"}\n"
                                + "token id fbt_AbCdEfGhIjKl refused"))
                .hasSize(2)
                .allSatisfy(find -> assertThat(find.what()).isEqualTo("a feedback token"));
    }

    @Test
    @DisplayName("local passwords, password settings and credentialed URLs are found; masked and null ones are not")
    void otherSecrets() {
        String text = """
                connecting with owner-not-for-production
                jdbc password=s3cret
                url postgresql://feedback:s3cret@host/db
                HikariPool password=<masked> sasl.jaas.password = null
                nothing to see: fpk_short and a prefix fpk_AbCdEfGhIjKl…
                """;

        assertThat(SecretsInLogs.in(LOG, text))
                .extracting(SecretsInLogs.Find::line)
                .containsExactlyInAnyOrder(1, 2, 3);
    }
}
