package io.feedbackpipeline.gateway.auth;

import io.feedbackpipeline.gateway.http.GatewayException;
import org.springframework.http.HttpStatus;

/**
 * 401 with Baseplate's wording. The same answer for a missing, malformed, unknown or revoked key and for an
 * endpoint or feedback type of another project, so nothing about other projects leaks.
 */
public final class Unauthorized extends GatewayException {

    public static final String DETAIL = "Unauthorized for project or invalid API key";

    public Unauthorized() {
        super(HttpStatus.UNAUTHORIZED, DETAIL);
    }
}
