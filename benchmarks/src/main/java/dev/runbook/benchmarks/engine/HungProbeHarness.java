package dev.runbook.benchmarks.engine;

import dev.runbook.core.CheckResult;
import dev.runbook.core.ManualClock;
import dev.runbook.core.action.ActionResult;
import dev.runbook.core.engine.ActionRun;
import dev.runbook.core.engine.CheckRun;
import dev.runbook.core.engine.Engine;
import dev.runbook.core.engine.RunRequest;
import dev.runbook.core.engine.RunResult;
import dev.runbook.core.model.Runbook;
import dev.runbook.dsl.RunbookBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * architecture.md's row "daemon under a hung probe": one check whose probe ignores interrupts (it blocks for a
 * random while, often past its timeout, like open(2) on a FIFO until a writer comes), with a remediation (an
 * action that overruns its own timeout, then a recheck), run cycle after cycle at a fast pace on a fake clock that
 * advances 1 s per cycle. Prints: the longest run against its deadline (the sum of the timeouts of what the run
 * did in sequence) + 100 ms, the most live engine threads against pool + 2 x the abandoned bound, and RSS after
 * warm-up against the end.
 *
 * <pre>
 * mvn -B -q -pl benchmarks -am package -DskipTests
 * java -cp benchmarks/target/benchmarks.jar dev.runbook.benchmarks.engine.HungProbeHarness [cycles]
 * </pre>
 */
public final class HungProbeHarness {
    private static final Duration PROBE_TIMEOUT = Duration.ofMillis(10);
    private static final Duration ACTION_TIMEOUT = Duration.ofMillis(10);
    private static final int POOL = 4;
    private static final int ABANDONED_BOUND = 4;

    private HungProbeHarness() {
    }

    /** Blocks for {@code millis}, ignoring every interrupt. */
    private static void blockUninterruptibly(long millis) {
        long end = System.nanoTime() + millis * 1_000_000L;
        long left;
        while ((left = end - System.nanoTime()) > 0) {
            try {
                Thread.sleep(Math.max(1, left / 1_000_000L));
            } catch (InterruptedException ignored) {
                // like a FIFO's open(2): the interrupt does not reach it
            }
        }
    }

    public static void main(String[] args) throws Exception {
        int cycles = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int warmUp = Math.min(1_000, cycles / 10);
        Runbook rb = RunbookBuilder.runbook("hung")
                .action("poke", "Poke the reader", ACTION_TIMEOUT.toMillis() + "ms", ctx -> {
                    Thread.sleep(ThreadLocalRandom.current().nextLong(0, 4 * ACTION_TIMEOUT.toMillis()));
                    return ActionResult.done("poked");
                })
                .check("fifo", c -> c.of(ctx -> {
                    blockUninterruptibly(ThreadLocalRandom.current().nextLong(0, 6 * PROBE_TIMEOUT.toMillis()));
                    return CheckResult.ok("read");
                }).timeout(PROBE_TIMEOUT.toMillis() + "ms").onUnknown("fifo-fix"))
                .remediation("fifo-fix", r -> r.run("poke").recheck("fifo"))
                .build();
        ManualClock clock = new ManualClock(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC);
        long[] excessMicros = new long[cycles];
        long worstWallMicros = 0;
        int maxEngineThreads = 0;
        int maxJvmThreads = 0;
        long rssAfterWarmUp = 0;
        long heapAfterWarmUp = 0;
        int late = 0;
        StringBuilder rssSeries = new StringBuilder();
        long rssMax = 0;
        Map<String, Integer> outcomes = new TreeMap<>();
        long t0 = System.nanoTime();
        try (Engine engine = Engine.builder().clock(clock).concurrency(POOL).abandonedBound(ABANDONED_BOUND).build()) {
            for (int i = 0; i < cycles; i++) {
                long start = System.nanoTime();
                RunResult r = engine.run(rb, RunRequest.allChecks());
                long wall = (System.nanoTime() - start) / 1_000;
                CheckRun fifo = r.results().get(0);
                long deadline = PROBE_TIMEOUT.toNanos() / 1_000;
                for (ActionRun a : fifo.actions()) {
                    deadline += (a.step().equals("poke") ? ACTION_TIMEOUT : PROBE_TIMEOUT).toNanos() / 1_000;
                }
                excessMicros[i] = wall - deadline;
                if (excessMicros[i] > 100_000) {
                    late++;
                }
                worstWallMicros = Math.max(worstWallMicros, wall);
                outcomes.merge(fifo.firstStatus() + " " + shorten(fifo.message()), 1, Integer::sum);
                clock.advance(Duration.ofSeconds(1));
                if (i % 50 == 0) {
                    maxEngineThreads = Math.max(maxEngineThreads, engineThreads());
                    maxJvmThreads = Math.max(maxJvmThreads, Thread.activeCount());
                }
                if (i == warmUp) {
                    System.gc();
                    rssAfterWarmUp = rssKb();
                    heapAfterWarmUp = heapUsedKb();
                }
                if (i > warmUp && i % 500 == 0) {
                    rssMax = Math.max(rssMax, rssKb());
                }
                if (i % (cycles / 10) == 0) {
                    rssSeries.append(rssSeries.length() == 0 ? "" : ", ").append(rssKb() / 1024);
                }
            }
        }
        long total = (System.nanoTime() - t0) / 1_000_000;
        System.gc();
        long rssEnd = rssKb();
        long heapEnd = heapUsedKb();
        long[] sorted = excessMicros.clone();
        Arrays.sort(sorted);
        long worstExcess = sorted[sorted.length - 1];
        System.out.printf("cycles: %d in %.1f s (%d warm-up); pool %d, abandoned bound %d%n", cycles, total / 1000.0,
                warmUp, POOL, ABANDONED_BOUND);
        System.out.printf("run wall time over its deadline: p50 %.1f ms, p99 %.1f ms, max %.1f ms (budget +100 ms);"
                + " longest run %.1f ms%n", sorted[cycles / 2] / 1000.0, sorted[(int) (cycles * 0.99)] / 1000.0,
                worstExcess / 1000.0, worstWallMicros / 1000.0);
        System.out.printf("live engine threads (runbook-*): max %d (bound pool + 2 x abandoned = %d); JVM threads max %d%n",
                maxEngineThreads, POOL + 2 * ABANDONED_BOUND, maxJvmThreads);
        System.out.printf("runs later than their deadline + 100 ms: %d of %d%n", late, cycles);
        System.out.printf("RSS: %d MB after warm-up, max %d MB during, %d MB at the end; heap used after GC: %d KB"
                + " after warm-up, %d KB at the end%n", rssAfterWarmUp / 1024, rssMax / 1024, rssEnd / 1024,
                heapAfterWarmUp, heapEnd);
        System.out.println("RSS every " + cycles / 10 + " cycles, MB: " + rssSeries);
        double load = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        System.out.printf("machine: %d CPUs, load average %.1f at the end; Java %s%n",
                Runtime.getRuntime().availableProcessors(), load, System.getProperty("java.version"));
        System.out.println("first results of the check:");
        outcomes.forEach((k, v) -> System.out.printf("  %6d  %s%n", v, k));
        boolean ok = worstExcess <= 100_000 && maxEngineThreads <= POOL + 2 * ABANDONED_BOUND + 2;
        System.out.println(ok ? "budget met" : "BUDGET MISSED");
        System.exit(ok ? 0 : 1);
    }

    private static String shorten(String m) {
        return m.length() > 70 ? m.substring(0, 70) + "…" : m;
    }

    /** Threads the engine made: its workers, deadline timer and event lane. */
    private static int engineThreads() {
        int n = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("runbook-")) {
                n++;
            }
        }
        return n;
    }

    private static long heapUsedKb() {
        return java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1024;
    }

    private static long rssKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }
}
