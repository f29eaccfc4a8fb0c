package io.feedbackpipeline.processor.consume;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.kafka.event.ConsumerStoppedEvent;
import org.springframework.stereotype.Component;

/**
 * A consumer that stops for any reason but a shutdown (an Error such as OutOfMemoryError, fencing, lost
 * authorization) leaves its partitions unprojected while the process looks alive. Rather than be a healthy-looking
 * zombie, the processor exits, so its restart policy or orchestrator starts it afresh; it resumes from the last
 * committed offsets, losing nothing.
 */
@Component
class ExitOnConsumerStop {

    static final int EXIT_CONSUMER_STOPPED = 70;
    private static final Logger log = LoggerFactory.getLogger(ExitOnConsumerStop.class);

    private final ApplicationContext context;
    private volatile boolean shuttingDown;

    ExitOnConsumerStop(ApplicationContext context) {
        this.context = context;
    }

    @EventListener
    void onShutdown(ContextClosedEvent closed) {
        shuttingDown = true;
    }

    @EventListener
    void onConsumerStopped(ConsumerStoppedEvent stopped) {
        if (shuttingDown || stopped.getReason() == ConsumerStoppedEvent.Reason.NORMAL) {
            return;
        }
        log.error(
                "A projection consumer stopped for good ({}); exiting with code {} so that the processor is"
                        + " restarted and resumes from its committed offsets",
                stopped.getReason(),
                EXIT_CONSUMER_STOPPED);
        Thread exit = new Thread(
                () -> System.exit(SpringApplication.exit(context, () -> EXIT_CONSUMER_STOPPED)),
                "consumer-stopped-exit");
        exit.start();
    }
}
