package io.feedbackpipeline.projection;

/**
 * How much one projection transaction may hold. Consumer batches are bounded in records only; items and bytes per
 * record vary by orders of magnitude, so a batch is cut into transactions of at most {@code maxItems} feedback
 * items and {@code maxBytes} of record values (a single larger record still forms a transaction of its own).
 */
public record TransactionLimits(int maxItems, long maxBytes) {

    public static final TransactionLimits DEFAULT = new TransactionLimits(100_000, 8L * 1024 * 1024);

    public TransactionLimits {
        if (maxItems < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("transaction limits must be positive: " + maxItems + ", " + maxBytes);
        }
    }
}
