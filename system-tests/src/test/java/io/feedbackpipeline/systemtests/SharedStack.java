package io.feedbackpipeline.systemtests;

import io.feedbackpipeline.localstack.Folders;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One local stack, started as a user starts it, shared by every test class of the run that only talks to it: the
 * first class that asks starts it, the end of the test run stops it. Each stack costs ~40 s of CI's 25 minutes on 2
 * cores; the classes sharing it work in tenants or usage ids of their own, so none sees another's data. Tests that
 * start, kill or reconfigure a stack ({@code LocalStackIT}) start their own; {@code ConsoleBrowserIT} runs the demo
 * feed in a project of its own for as long as it runs.
 *
 * <p>Its gateway reloads browser origins every second (the default is 30 s), so a test that lists one need not wait.
 */
public record SharedStack(Path home, Map<String, String> env) {

    /** Extracted service jars and their class data sharing archives, shared by the stacks of a test run. */
    public static Path classCache() {
        return Path.of("target", "class-cache").toAbsolutePath();
    }

    /** Resolves a {@code SharedStack} parameter (of a {@code @BeforeAll} or a test method) to the run's one stack. */
    public static final class Resolver implements ParameterResolver {

        private static final ExtensionContext.Namespace NAMESPACE =
                ExtensionContext.Namespace.create(SharedStack.class);

        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == SharedStack.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            return context.getRoot()
                    .getStore(NAMESPACE)
                    .computeIfAbsent(Running.class, key -> Running.start(), Running.class)
                    .stack();
        }
    }

    /** The started stack as the root store keeps it: closed, so stopped, when the test run ends. */
    private record Running(SharedStack stack, StackProcess process) implements AutoCloseable {

        static Running start() {
            try {
                Path home = Files.createTempDirectory("shared-stack-");
                StackProcess process = new StackProcess(home.resolve("stack"))
                        .withClassCache(classCache())
                        .with("PIPELINE_GATEWAY_BROWSER_ORIGINSREFRESH", "1s");
                return new Running(new SharedStack(home, process.start()), process);
            } catch (Exception e) {
                throw new IllegalStateException("the shared local stack did not start", e);
            }
        }

        @Override
        public void close() throws Exception {
            process.close();
            Folders.deleteRecursively(stack.home());
        }
    }
}
