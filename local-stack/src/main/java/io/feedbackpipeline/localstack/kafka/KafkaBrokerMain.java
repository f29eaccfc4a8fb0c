package io.feedbackpipeline.localstack.kafka;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * A Kafka broker as a process of its own: {@code KafkaBrokerMain <data directory> <port> <controller port>}. Runs
 * until SIGTERM (a clean shutdown); a SIGKILL or SIGSTOP hits the broker, not the process that started it, which is
 * how fault tests stop, kill and freeze a broker for real.
 */
public final class KafkaBrokerMain {

    private KafkaBrokerMain() {}

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 3) {
            System.err.println("usage: KafkaBrokerMain <data directory> <port> <controller port>");
            System.exit(2);
        }
        KafkaBroker broker = KafkaBroker.start(
                new KafkaBroker.Settings(Path.of(args[0]), Integer.parseInt(args[1]), Integer.parseInt(args[2])));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            broker.stop();
                            stopped.countDown();
                        },
                        "broker-shutdown"));
        System.out.println("broker ready at " + broker.bootstrapServers());
        stopped.await();
    }
}
