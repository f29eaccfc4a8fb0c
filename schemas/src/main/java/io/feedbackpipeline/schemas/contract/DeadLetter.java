package io.feedbackpipeline.schemas.contract;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;

/**
 * A record read from a dead-letter topic, with what its headers say ({@link DeadLetterHeaders}), and the record that
 * re-drives it: its original key, value and headers, back to its source topic. Every tool that reads or re-drives
 * dead letters (feedbackctl, the console) goes through this, so they agree on ids and on what goes back.
 */
public record DeadLetter(ConsumerRecord<byte[], byte[]> record) {

    /** Added to a re-driven record: the dead letter it came from, so a second failure can be traced to the first. */
    public static final String REDRIVEN_FROM = "redriven.from";

    /** {@code topic:partition:offset}: where the dead letter lies, which names it for good (topics are append-only). */
    public String id() {
        return record.topic() + ":" + record.partition() + ":" + record.offset();
    }

    /** A header's UTF-8 text; empty when absent. */
    public String header(String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
    }

    public String reason() {
        return header(DeadLetterHeaders.REASON);
    }

    public String detail() {
        return header(DeadLetterHeaders.DETAIL);
    }

    public String originalTopic() {
        return header(DeadLetterHeaders.ORIGINAL_TOPIC);
    }

    /** When the processor gave up on it; the record's own timestamp when the header is missing or unreadable. */
    public Instant failedAt() {
        String text = header(DeadLetterHeaders.FAILED_AT);
        try {
            return text.isEmpty() ? Instant.ofEpochMilli(record.timestamp()) : Instant.parse(text);
        } catch (DateTimeParseException e) {
            return Instant.ofEpochMilli(record.timestamp());
        }
    }

    /** {@code topic:partition:offset} of the original record. */
    public String origin() {
        return originalTopic() + ":" + header(DeadLetterHeaders.ORIGINAL_PARTITION) + ":"
                + header(DeadLetterHeaders.ORIGINAL_OFFSET);
    }

    /**
     * The original record, unchanged, for its source topic: same key, value and headers, without the dead-letter
     * headers, plus {@link #REDRIVEN_FROM}. Merges are idempotent, so re-driving twice changes nothing more.
     */
    public ProducerRecord<byte[], byte[]> backToSource() {
        ProducerRecord<byte[], byte[]> back = new ProducerRecord<>(originalTopic(), record.key(), record.value());
        for (Header header : record.headers()) {
            if (!header.key().startsWith("dlt.") && !header.key().equals(REDRIVEN_FROM)) {
                back.headers().add(header);
            }
        }
        back.headers().add(REDRIVEN_FROM, id().getBytes(StandardCharsets.UTF_8));
        return back;
    }
}
