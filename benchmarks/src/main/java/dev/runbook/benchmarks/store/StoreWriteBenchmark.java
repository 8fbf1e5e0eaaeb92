package dev.runbook.benchmarks.store;

import dev.runbook.core.engine.CheckRun;
import dev.runbook.core.engine.RunResult;
import dev.runbook.store.SqliteRunStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Writing to the store: one run of 20 results per commit (budget ≤ 150 µs, WAL + synchronous=NORMAL) and
 * batched inserts (budget ≥ 50 000 results/s). Each trial writes a fresh file in a temporary directory; time
 * moves one minute per run, so hourly folding into rollups is included in the figures.
 */
@State(Scope.Thread)
@Fork(1)
@Warmup(iterations = 1, time = 2)
@Measurement(iterations = 3, time = 3)
public class StoreWriteBenchmark {
    private static final int BATCH = 1000;
    private Path dir;
    private SqliteRunStore store;
    private StoreData.SettableClock clock;
    private SplittableRandom random;
    private Instant next;
    private long bytes;
    private long written;

    @Setup(Level.Trial)
    public void open() throws Exception {
        dir = Files.createTempDirectory("runbook-store-bench");
        next = Instant.parse("2026-01-01T00:00:00Z");
        clock = new StoreData.SettableClock(next);
        random = new SplittableRandom(1);
        store = SqliteRunStore.open(dir.resolve("bench.db"), Duration.ofDays(400), clock);
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
        store.close();
        bytes = Files.size(dir.resolve("bench.db"));
        System.err.printf("%n[store] %,d results in %,d bytes: %,.0f bytes per million results%n", written, bytes,
                bytes * 1e6 / Math.max(1, written));
        StoreData.deleteWithSidecars(dir.resolve("bench.db"));
        Files.deleteIfExists(dir);
    }

    private RunResult nextRun(int results) {
        List<CheckRun> rs = new ArrayList<>(results);
        for (int i = 0; i < results; i++) {
            if (i % StoreData.CHECKS == 0 && i > 0) {
                next = next.plus(Duration.ofMinutes(1));
            }
            rs.add(StoreData.result(i % StoreData.CHECKS, next.plusMillis(i % StoreData.CHECKS), random));
        }
        clock.now = next;
        RunResult run = StoreData.run(next, rs);
        next = next.plus(Duration.ofMinutes(1));
        written += results;
        return run;
    }

    /** One run of 20 results, committed: the launcher's and the daemon's case. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public void runOf20ResultsPerCommit() {
        store.record(nextRun(20));
    }

    /** Results per second when 1000 go in one transaction (importing, catching up). */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(BATCH)
    public void batchedInsertResults() {
        store.record(nextRun(BATCH));
    }
}
