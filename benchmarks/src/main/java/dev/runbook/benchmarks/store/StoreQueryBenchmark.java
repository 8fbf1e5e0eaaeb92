package dev.runbook.benchmarks.store;

import dev.runbook.core.history.Aggregate;
import dev.runbook.core.Availability;
import dev.runbook.store.SqliteHistory;
import dev.runbook.store.SqliteRunStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Report queries: the month p95 of one check over 43 200 1-minute results (budget ≤ 30 ms), a month report of
 * 50 checks (p95, avg, max and availability of each; budget ≤ 1 s), and the same over a year whose first 11
 * months are hourly rollups (retention 30 days). {@code exact} reads detail wherever it exists; otherwise finished
 * hours come from rollups (percentiles within 1%).
 */
@State(Scope.Benchmark)
@Fork(1)
@org.openjdk.jmh.annotations.Warmup(iterations = 1, time = 2)
@Measurement(iterations = 3, time = 3)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class StoreQueryBenchmark {
    @Param({"true", "false"})
    public boolean exact;
    private SqliteRunStore month;
    private SqliteRunStore year;

    @Setup(Level.Trial)
    public void open() throws Exception {
        Path m = StoreData.month();
        Path y = StoreData.year();
        Clock at = Clock.fixed(StoreData.END, ZoneOffset.UTC);
        month = SqliteRunStore.open(m, Duration.ofDays(400), at);
        year = SqliteRunStore.open(y, Duration.ofDays(30), at);
        System.err.printf("%n[store] month file: %,d bytes for %,d results = %,.0f bytes per million results%n",
                Files.size(m), 30L * 24 * 60 * StoreData.CHECKS,
                Files.size(m) * 1e6 / (30.0 * 24 * 60 * StoreData.CHECKS));
        System.err.printf("[store] year file (11 months rolled up): %,d bytes%n", Files.size(y));
    }

    @TearDown(Level.Trial)
    public void close() {
        month.close();
        year.close();
    }

    @Benchmark
    public Aggregate monthP95OneCheck() {
        return month.history().aggregate("check-7", "latency", StoreData.MONTH_START, StoreData.END, !exact);
    }

    @Benchmark
    public void monthReport50Checks(Blackhole bh) {
        report(month.history(), StoreData.MONTH_START, bh);
    }

    @Benchmark
    public Aggregate yearP95OneCheck() {
        return year.history().aggregate("check-7", "latency", StoreData.YEAR_START, StoreData.END, !exact);
    }

    @Benchmark
    public void yearReport50Checks(Blackhole bh) {
        report(year.history(), StoreData.YEAR_START, bh);
    }

    private void report(SqliteHistory h, java.time.Instant from, Blackhole bh) {
        for (int i = 0; i < StoreData.CHECKS; i++) {
            String c = StoreData.check(i);
            bh.consume(h.aggregate(c, "latency", from, StoreData.END, !exact));
            Availability a = h.availability(c, from, StoreData.END, Duration.ofMinutes(1));
            bh.consume(a.percent());
            bh.consume(h.latest(c));
        }
    }
}
