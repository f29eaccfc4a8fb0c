package io.feedbackpipeline.schemas.contract;

/**
 * Headers on a dead letter: why the record could not be processed and where it came from. Values are UTF-8 text so
 * operators and tools read them without decoding. The original key, value and headers are kept unchanged.
 */
public final class DeadLetterHeaders {

    /** A short, stable code: {@code undecodable}, {@code unknown-schema}, {@code invalid-event}, ... */
    public static final String REASON = "dlt.reason";
    /** A sentence for humans, e.g. which field broke which rule. */
    public static final String DETAIL = "dlt.detail";

    public static final String EXCEPTION = "dlt.exception";
    public static final String ORIGINAL_TOPIC = "dlt.original.topic";
    public static final String ORIGINAL_PARTITION = "dlt.original.partition";
    public static final String ORIGINAL_OFFSET = "dlt.original.offset";
    public static final String ORIGINAL_TIMESTAMP = "dlt.original.timestamp";
    public static final String FAILED_AT = "dlt.failed.at";
    /**
     * Present when the dead letter carries no value because the original is too large for the dead-letter topic:
     * the original stays readable at its topic, partition and offset (topics keep their data).
     */
    public static final String VALUE_OMITTED = "dlt.value-omitted";

    private DeadLetterHeaders() {}
}
