package dev.runbook.runtime;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * How a long-running process (the daemon) learns it should stop: SIGTERM and SIGINT count down a latch instead
 * of exiting the JVM, so the caller can shut its runtime down gracefully. Where the JVM does not allow signal
 * handlers, a shutdown hook counts the latch down instead and holds the exit until the caller says it is done
 * (at most the stop bound plus 5 s), then exits 0.
 */
public final class StopSignals {
    private StopSignals() {
    }

    /**
     * Installs the handlers and returns the latch they count down. {@code done} is counted down by the caller when
     * it has stopped; {@code bound} is how long a run in progress may go on after the signal.
     */
    public static CountDownLatch install(CountDownLatch done, Duration bound) {
        CountDownLatch stop = new CountDownLatch(1);
        try {
            for (String name : List.of("TERM", "INT")) {
                sun.misc.Signal.handle(new sun.misc.Signal(name), s -> stop.countDown());
            }
        } catch (IllegalArgumentException | LinkageError e) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                stop.countDown();
                try {
                    done.await(bound.toSeconds() + 5, TimeUnit.SECONDS);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                }
                Runtime.getRuntime().halt(0);
            }, "runbook-daemon-stop"));
        }
        return stop;
    }
}
