package io.feedbackpipeline.localstack.stack;

import io.feedbackpipeline.catalog.connection.StackEnvFile;
import java.util.Map;
import java.util.Optional;

/**
 * {@code java -jar local-stack-exec.jar}: runs the whole pipeline locally until Ctrl-C or SIGTERM.
 *
 * <p>Exit codes: 0 stopped cleanly, 1 could not start, 3 another local stack already runs on this directory.
 */
public final class LocalStackMain {

    static final int EXIT_FAILED = 1;

    private static final String USAGE = """
            usage: bin/local-stack [--demo]
              --demo   keep a gentle stream of demo feedback flowing (three models on three endpoints, comments,
                       tags, a poison record every 90 s), so the console at $GATEWAY_URL/console is alive at once
                       (also LOCAL_STACK_DEMO=true). Settings are environment variables: see README.md.""";
    static final int EXIT_ALREADY_RUNNING = 3;

    private LocalStackMain() {}

    static final int EXIT_USAGE = 2;

    public static void main(String[] args) throws InterruptedException {
        boolean demo = "true".equalsIgnoreCase(System.getenv("LOCAL_STACK_DEMO"));
        for (String arg : args) {
            if (arg.equals("--demo")) {
                demo = true;
            } else {
                System.err.println(
                        arg.equals("--help") || arg.equals("-h")
                                ? USAGE
                                : "local stack: unknown option " + arg + "\n" + USAGE);
                System.exit(arg.equals("--help") || arg.equals("-h") ? 0 : EXIT_USAGE);
                return;
            }
        }
        // Chosen before the first logger exists; a plain logback.xml would leak into the services' test classpaths.
        System.setProperty("logback.configurationFile", "local-stack-logback.xml");
        long began = System.nanoTime();
        StackSettings settings;
        try {
            settings = StackSettings.fromEnvironment(System.getenv());
        } catch (StackException e) {
            System.err.println("local stack: " + e.getMessage());
            System.exit(EXIT_FAILED);
            return;
        }
        System.setProperty("STACK_LOGS", settings.logs().toString());

        Optional<StackLock> lock = StackLock.tryAcquire(settings.lockFile());
        if (lock.isEmpty()) {
            System.err.println(alreadyRunning(settings));
            System.exit(EXIT_ALREADY_RUNNING);
            return;
        }

        LocalStack stack = new LocalStack(settings, demo);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            System.out.println("\nStopping the local stack...");
                            stack.stop();
                            lock.get().close();
                        },
                        "local-stack-shutdown"));
        try {
            Map<String, String> env = stack.start();
            System.out.println(
                    Banner.ready(env, settings, demo, (System.nanoTime() - began) / 1_000_000, stack.readyAfter()));
        } catch (RuntimeException e) {
            System.err.println("local stack: could not start: " + e.getMessage());
            System.exit(EXIT_FAILED);
            return;
        }
        stack.awaitStop();
    }

    private static String alreadyRunning(StackSettings settings) {
        Map<String, String> env = StackEnvFile.read(settings.envFile());
        String pid =
                StackLock.holderPid(settings.lockFile()).map(Object::toString).orElse("unknown");
        return "local stack: already running (pid " + pid + ") on " + settings.home() + "\n"
                + "  gateway at " + env.getOrDefault("GATEWAY_URL", settings.gatewayUrl())
                + ", details in " + settings.envFile() + "\n"
                + "  stop it with Ctrl-C in its terminal or: kill " + pid;
    }
}
