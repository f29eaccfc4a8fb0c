package io.feedbackpipeline.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.HexFormat;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ApiKeySecretTest {

    @Test
    @DisplayName("generated keys are well formed, distinct, and hash to 32 bytes")
    void generatedKeysAreWellFormed() {
        SecureRandom random = new SecureRandom();
        ApiKeySecret one = ApiKeySecret.generate(random);
        ApiKeySecret two = ApiKeySecret.generate(random);

        assertThat(ApiKeySecret.isWellFormed(one.value())).isTrue();
        assertThat(one).isNotEqualTo(two);
        assertThat(one.sha256()).hasSize(32);
        assertThat(one.prefix()).hasSize(ApiKeySecret.PREFIX_LENGTH).startsWith("fpk_");
    }

    @Test
    @DisplayName("the hash is the SHA-256 of the key text (vector computed with sha256sum)")
    void hashIsSha256OfTheKey() {
        ApiKeySecret key = new ApiKeySecret("fpk_" + "A".repeat(43));

        assertThat(HexFormat.of().formatHex(key.sha256()))
                .isEqualTo("d00c02e3189db03f441429a53c65b7f979ccc57dff08e493f3f00bc62d7bad8b");
    }

    @Test
    @DisplayName("toString never reveals the secret")
    void toStringHidesTheSecret() {
        ApiKeySecret key = ApiKeySecret.generate(new SecureRandom());

        assertThat(key.toString()).doesNotContain(key.value().substring(ApiKeySecret.PREFIX_LENGTH));
    }

    @Test
    @DisplayName("malformed candidates are rejected")
    void malformedKeysAreRejected() {
        for (String bad :
                new String[] {null, "", "fpk_short", "xyz_" + "A".repeat(43), "fpk_" + "A".repeat(42) + "!"}) {
            assertThat(ApiKeySecret.isWellFormed(bad)).as(bad).isFalse();
            assertThatThrownBy(() -> new ApiKeySecret(bad)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    @DisplayName("generated keys end in a checksum: any one character changed is no longer well formed")
    void checksumCatchesEverySingleCharacterChange() {
        ApiKeySecret key = ApiKeySecret.generate(new SecureRandom());
        String value = key.value();

        assertThat(value).hasSize(53);
        assertThat(key.isLegacy()).isFalse();
        for (int index = 4; index < value.length(); index++) {
            char changed = value.charAt(index) == 'a' ? 'b' : 'a';
            String mistyped = value.substring(0, index) + changed + value.substring(index + 1);
            assertThat(ApiKeySecret.isWellFormed(mistyped))
                    .as("changed at " + index)
                    .isFalse();
        }
    }

    @Test
    @DisplayName("keys issued before checksums (fpk_ and 43 characters) are still well formed, and known as legacy")
    void legacyKeysStayValid() {
        ApiKeySecret legacy = new ApiKeySecret("fpk_" + "A".repeat(43));

        assertThat(legacy.isLegacy()).isTrue();
        assertThat(ApiKeySecret.isWellFormed("fpk_" + "A".repeat(43) + "000000"))
                .isFalse();
    }
}
