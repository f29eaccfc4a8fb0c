package io.feedbackpipeline.gateway.auth;

import io.feedbackpipeline.catalog.ApiKeySecret;
import java.util.HexFormat;

/** A key's SHA-256, computed once per request: as stored ({@code sha256}) and as the caches' key ({@code hex}). */
record KeyHash(byte[] sha256, String hex) {

    static KeyHash of(ApiKeySecret key) {
        byte[] sha256 = key.sha256();
        return new KeyHash(sha256, HexFormat.of().formatHex(sha256));
    }
}
