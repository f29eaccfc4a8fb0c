package io.feedbackpipeline.systemtests;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/** A test class that talks to the run's shared local stack ({@link SharedStack}), started as a user starts it. */
@ExtendWith(SharedStack.Resolver.class)
abstract class RunningStackTest {

    /** A folder of the stack's test run, for files the tests hand to it. */
    static Path home;
    /** The stack's {@code stack.env}: its addresses, the demo tenant's key and ids, the database login. */
    static Map<String, String> env;

    @BeforeAll
    static void joinStack(SharedStack stack) {
        home = stack.home();
        env = stack.env();
    }
}
