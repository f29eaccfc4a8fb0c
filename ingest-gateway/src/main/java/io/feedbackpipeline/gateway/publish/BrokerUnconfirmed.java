package io.feedbackpipeline.gateway.publish;

/**
 * The broker did not confirm an event in time. The event may still have been stored (the request can reach the
 * broker just before the wait ends), so nothing is promised either way; a retry with the same Idempotency-Key
 * publishes the identical event, which changes nothing if the first one was stored.
 */
public final class BrokerUnconfirmed extends RuntimeException {

    public BrokerUnconfirmed(String topic, Throwable cause) {
        super("the broker did not confirm an event for " + topic + ": " + cause, cause);
    }
}
