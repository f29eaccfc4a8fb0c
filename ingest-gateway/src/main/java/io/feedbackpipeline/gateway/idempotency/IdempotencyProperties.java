package io.feedbackpipeline.gateway.idempotency;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code pipeline.gateway.idempotency.*} (environment {@code PIPELINE_GATEWAY_IDEMPOTENCY_*}).
 *
 * @param window how long an Idempotency-Key is remembered: a retry within it reuses its event, after it the key may
 *     be used afresh. The database keeps at least an hour whatever this says
 * @param pruneEvery how often the gateway deletes keys past the window
 * @param pruneBatch the most keys one pruning statement deletes; it repeats until fewer are left, so no pruning
 *     holds locks or a transaction for long
 */
@Validated
@ConfigurationProperties("pipeline.gateway.idempotency")
record IdempotencyProperties(
        @DefaultValue("24h") @NotNull Duration window,
        @DefaultValue("1m") @NotNull Duration pruneEvery,
        @DefaultValue("10000") @Min(1) int pruneBatch) {}
