package io.feedbackpipeline.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.feedbackpipeline.catalog.ApiKeySecret;
import io.feedbackpipeline.gateway.support.GatewayIT;
import io.feedbackpipeline.gateway.support.GatewayTestBase;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Strangers cost nothing: random and mistyped keys are refused without a database lookup, an address that keeps
 * failing is throttled, and authentication happens before a body is parsed. Each test speaks from a loopback
 * address of its own (127.0.0.x), so the throttling it causes touches no other test.
 */
@GatewayIT
class CheapRefusalIT extends GatewayTestBase {

    private static final SecureRandom RANDOM = new SecureRandom();

    @Test
    @DisplayName("1,000 random well-formed keys: all refused (401, then 429), and not one database lookup")
    void randomKeysCostNoLookups() throws IOException {
        double lookupsBefore = metric("feedback_auth_lookups_total");
        Map<Integer, Integer> statuses = new HashMap<>();
        for (int attempt = 0; attempt < 1_000; attempt++) {
            String key = attempt % 2 == 0 ? randomChecksummedShape() : randomLegacyKey();
            statuses.merge(post("127.0.0.21", key, "application/json", "{\"flag\": true}".getBytes()), 1, Integer::sum);
        }

        assertThat(statuses.keySet()).containsOnly(401, 429);
        assertThat(statuses.get(401))
                .as("the first attempts are refused as unauthorized")
                .isGreaterThan(0);
        assertThat(statuses.get(429)).as("then the address is throttled").isGreaterThan(0);
        assertThat(metric("feedback_auth_lookups_total") - lookupsBefore)
                .as("database lookups caused by the random keys")
                .isZero();
    }

    @Test
    @DisplayName("while one address is throttled, a valid key from another address is answered as usual")
    void otherAddressesAreNotThrottled() throws IOException {
        int throttled = 0;
        for (int attempt = 0; attempt < 100; attempt++) {
            if (post("127.0.0.22", randomLegacyKey(), "application/json", "{}".getBytes()) == 429) {
                throttled++;
            }
        }

        assertThat(throttled).isGreaterThan(0);
        assertThat(post("127.0.0.25", tenant.apiKey(), "application/json", "{\"flag\": false}".getBytes()))
                .isEqualTo(200);
    }

    @Test
    @DisplayName("a mistyped key (one character changed) fails its checksum: refused without a lookup")
    void mistypedKeyFailsItsChecksum() throws IOException {
        String key = tenant.apiKey();
        char last = key.charAt(key.length() - 1);
        String mistyped = key.substring(0, key.length() - 1) + (last == 'a' ? 'b' : 'a');
        double lookupsBefore = metric("feedback_auth_lookups_total");

        assertThat(ApiKeySecret.isWellFormed(mistyped)).isFalse();
        assertThat(post("127.0.0.23", mistyped, "application/json", "{\"flag\": true}".getBytes()))
                .isEqualTo(401);
        assertThat(metric("feedback_auth_lookups_total") - lookupsBefore).isZero();
    }

    @Test
    @DisplayName("a stranger's body is never parsed: over the limit it is 413 unread, within it 401 before parsing")
    void authenticationBeforeTheBody() throws IOException {
        String boundary = "b0undary";

        assertThat(post(
                        "127.0.0.24",
                        randomLegacyKey(),
                        "multipart/form-data; boundary=" + boundary,
                        multipart(boundary, 2 * 1024 * 1024)))
                .isEqualTo(413);
        assertThat(post(
                        "127.0.0.24",
                        randomLegacyKey(),
                        "multipart/form-data; boundary=" + boundary,
                        multipart(boundary, 512 * 1024)))
                .isEqualTo(401);
    }

    private static byte[] multipart(String boundary, int commentLength) {
        return ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"comment\"\r\n\r\n"
                        + "x".repeat(commentLength) + "\r\n--" + boundary + "--\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** A Paradigm rate call from {@code source}, a loopback address; the status code of the answer. */
    private int post(String source, String key, String contentType, byte[] body) throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(source), 0));
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            String head = "POST /api/v2/rate/1/cheap-refusal HTTP/1.1\r\nHost: localhost\r\n"
                    + "Authorization: Bearer " + key + "\r\nContent-Type: " + contentType + "\r\nContent-Length: "
                    + body.length + "\r\nConnection: close\r\n\r\n";
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            try {
                out.write(body);
                out.flush();
            } catch (IOException e) {
                // The server may answer and close before reading a body it refused: the answer is still there.
            }
            return statusOf(socket.getInputStream());
        }
    }

    private static int statusOf(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int next = in.read(); next != -1 && next != '\n'; next = in.read()) {
            line.write(next);
        }
        String statusLine = line.toString(StandardCharsets.US_ASCII);
        return Integer.parseInt(statusLine.split(" ")[1]);
    }

    private double metric(String name) {
        return management
                .get("/actuator/prometheus", null)
                .body()
                .lines()
                .filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    /** The shape of a current key with 6 random characters where its checksum belongs. */
    private static String randomChecksummedShape() {
        String alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        StringBuilder checksum = new StringBuilder();
        for (int index = 0; index < 6; index++) {
            checksum.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return randomLegacyKey() + checksum;
    }

    /** The shape of a key issued before checksums: {@code fpk_} and 43 random characters. */
    private static String randomLegacyKey() {
        byte[] bits = new byte[32];
        RANDOM.nextBytes(bits);
        return "fpk_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bits);
    }
}
