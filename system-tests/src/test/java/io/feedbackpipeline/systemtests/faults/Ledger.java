package io.feedbackpipeline.systemtests.faults;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the load client sent and what it was told, per key (a usage_id owned by one client thread, so its requests
 * are sequential and each later one wins its register). A request is acknowledged when it got a 2xx, uncertain when
 * it never did (the broker may still have stored it), and each has a per-key sequence number.
 */
final class Ledger {

    /** How the client learned the request's fate. */
    enum Outcome {
        ACKNOWLEDGED,
        UNCERTAIN
    }

    /**
     * One logical request (retries with its Idempotency-Key included).
     *
     * @param sequence the request's place in its key's history, from 1
     * @param eventId the event id the gateway answered with, when its API answers one
     */
    record Request(String requestId, int sequence, Outcome outcome, String eventId, Instant settledAt) {}

    /** The history of one key. {@code numeric}: its register holds the sequence number as its value. */
    static final class Key {
        final String usageId;
        final int feedbackTypeId;
        final boolean numeric;
        final List<Request> requests = new ArrayList<>();

        Key(String usageId, int feedbackTypeId, boolean numeric) {
            this.usageId = usageId;
            this.feedbackTypeId = feedbackTypeId;
            this.numeric = numeric;
        }

        synchronized void add(Request request) {
            requests.add(request);
        }

        synchronized List<Request> requests() {
            return List.copyOf(requests);
        }

        /** Which request the stored register is: by its value for numeric keys, by its event id otherwise. */
        synchronized int positionOf(Double value, String eventId) {
            if (numeric) {
                return value == null ? 0 : value.intValue();
            }
            return requests.stream()
                    .filter(r -> eventId != null && eventId.equals(r.eventId()))
                    .mapToInt(Request::sequence)
                    .findFirst()
                    .orElse(-1);
        }
    }

    private final Map<String, Key> keys = new ConcurrentHashMap<>();
    private final AtomicInteger unexpected5xx = new AtomicInteger();
    private final AtomicInteger refused503 = new AtomicInteger();
    private final AtomicInteger other4xx = new AtomicInteger();
    private final List<Instant> successesReceived = Collections.synchronizedList(new ArrayList<>());
    private final List<String> problems = Collections.synchronizedList(new ArrayList<>());

    Key key(String usageId, int feedbackTypeId, boolean numeric) {
        return keys.computeIfAbsent(usageId, id -> new Key(id, feedbackTypeId, numeric));
    }

    Collection<Key> keys() {
        return keys.values();
    }

    /** Every attempt's answer, including those of retries. */
    void answered(int status, Instant receivedAt, String detail) {
        if (status / 100 == 2) {
            successesReceived.add(receivedAt);
        } else if (status == 503) {
            refused503.incrementAndGet();
        } else if (status / 100 == 5) {
            unexpected5xx.incrementAndGet();
            problems.add(status + " " + detail);
        } else if (status / 100 == 4) {
            other4xx.incrementAndGet();
            problems.add(status + " " + detail);
        }
    }

    int unexpected5xx() {
        return unexpected5xx.get();
    }

    int refused503() {
        return refused503.get();
    }

    int other4xx() {
        return other4xx.get();
    }

    List<String> problems() {
        return List.copyOf(problems);
    }

    /** 2xx answers received between {@code from} and {@code to}, exclusive. */
    long successesBetween(Instant from, Instant to) {
        synchronized (successesReceived) {
            return successesReceived.stream()
                    .filter(at -> at.isAfter(from) && at.isBefore(to))
                    .count();
        }
    }

    long acknowledged() {
        return keys.values().stream()
                .flatMap(k -> k.requests().stream())
                .filter(r -> r.outcome() == Outcome.ACKNOWLEDGED)
                .count();
    }

    /** The acknowledged request of {@code key} with the highest sequence, if any. */
    static Optional<Request> lastAcknowledged(List<Request> requests) {
        return requests.stream()
                .filter(r -> r.outcome() == Outcome.ACKNOWLEDGED)
                .reduce((first, second) -> second);
    }
}
