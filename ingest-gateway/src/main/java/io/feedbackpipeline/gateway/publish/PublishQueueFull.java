package io.feedbackpipeline.gateway.publish;

/**
 * Too many events are already waiting for the broker's acknowledgement; this one was not sent at all. Bounding the
 * wait keeps a slow or absent broker from exhausting the gateway's memory.
 */
public final class PublishQueueFull extends RuntimeException {

    public PublishQueueFull(int limit) {
        super("as many events or bytes as allowed (" + limit + " events) are already waiting for the broker");
    }
}
