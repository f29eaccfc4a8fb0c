package io.feedbackpipeline.benchmarks.load;

/** What a closed-loop HTTP load measured: throughput, latency percentiles in ms, and answers that were not 2xx. */
public record LoadResult(String tool, double requestsPerSecond, double p50, double p99, double p999, long failed) {}
