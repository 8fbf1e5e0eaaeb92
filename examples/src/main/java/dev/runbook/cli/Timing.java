package dev.runbook.cli;

import java.lang.management.ManagementFactory;

/**
 * Start-up phase timings on stderr when {@code RUNBOOK_TIMING=1}: milliseconds since the JVM started at each
 * mark, for the start-up benchmark (docs/benchmarks/startup.md). Costs nothing when off. Thread-safe.
 */
final class Timing {
    private static final boolean ON = "1".equals(System.getenv("RUNBOOK_TIMING"));

    private Timing() {
    }

    static void mark(String phase) {
        if (ON) {
            System.err.printf("runbook-timing %-14s %6d ms%n", phase, ManagementFactory.getRuntimeMXBean().getUptime());
        }
    }
}
