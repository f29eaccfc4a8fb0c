package io.feedbackpipeline.systemtests;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** A test class that talks to one local stack, started as a user starts it before its tests and stopped after. */
abstract class RunningStackTest {

    @TempDir
    static Path home;

    static StackProcess stack;
    /** The stack's {@code stack.env}: its addresses, the demo tenant's key and ids, the database login. */
    static Map<String, String> env;

    @BeforeAll
    static void startStack() throws Exception {
        stack = new StackProcess(home);
        env = stack.start();
    }

    @AfterAll
    static void stopStack() throws Exception {
        stack.terminate();
    }
}
