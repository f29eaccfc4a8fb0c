package io.feedbackpipeline.gateway.auth;

import java.util.UUID;

/** The authenticated project behind a request, and which of its keys was used. */
public record Caller(UUID projectId, UUID apiKeyId, String keyPrefix) {}
