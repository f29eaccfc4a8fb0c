package io.feedbackpipeline.localstack.process;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/** POSIX signals the JDK cannot send by itself: SIGSTOP and SIGCONT freeze a process and let it go on. */
public final class Signals {

    private Signals() {}

    /** Freezes the process as a hung machine would: it keeps its sockets and answers nothing. */
    public static void stop(long pid) {
        send(pid, "STOP");
    }

    public static void resume(long pid) {
        send(pid, "CONT");
    }

    private static void send(long pid, String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid))
                    .inheritIO()
                    .start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + pid + " failed");
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot send SIG" + signal + " to " + pid, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted sending SIG" + signal + " to " + pid, e);
        }
    }
}
