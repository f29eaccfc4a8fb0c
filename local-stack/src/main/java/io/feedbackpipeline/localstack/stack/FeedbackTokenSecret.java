package io.feedbackpipeline.localstack.stack;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * The secret the local gateway signs feedback tokens with: random, kept in {@code .local/stack.env} (its owner's
 * only) so tokens survive a restart of the gateway or of the stack, as they would in a deployment.
 */
final class FeedbackTokenSecret {

    static final String ENV = "FEEDBACK_TOKEN_SECRET";
    private static final String GATEWAY_SETTING = "PIPELINE_GATEWAY_FEEDBACKTOKENS_SECRETS_LOCAL";

    private FeedbackTokenSecret() {}

    static String reuseOrCreate(Map<String, String> previous) {
        String kept = previous.get(ENV);
        if (kept != null && kept.length() >= 32) {
            return kept;
        }
        byte[] random = new byte[33];
        new SecureRandom().nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    static Map<String, String> into(Map<String, String> gatewayEnvironment, String secret) {
        Map<String, String> environment = new HashMap<>(gatewayEnvironment);
        environment.put(GATEWAY_SETTING, secret);
        return environment;
    }
}
