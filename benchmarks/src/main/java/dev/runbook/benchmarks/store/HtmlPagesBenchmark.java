package dev.runbook.benchmarks.store;

import dev.runbook.core.engine.Engine;
import dev.runbook.core.model.Runbook;
import dev.runbook.core.spi.TypeRegistry;
import dev.runbook.reports.ReportSource;
import dev.runbook.reports.Reports;
import dev.runbook.runtime.StoreReports;
import dev.runbook.runtime.http.StatusPage;
import dev.runbook.runtime.schedule.Scheduler;
import dev.runbook.store.Store;
import dev.runbook.incidents.StoreIncidentService;
import dev.runbook.yaml.LoadResult;
import dev.runbook.yaml.RunbookLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The pages people look at, over {@link StoreData#month()} (30 days of 1-minute results of 50 http checks):
 * the month's HTML report of 50 checks with its charts and every section the seed's monthly report uses plus
 * {@code services} (budget ≤ 1 s), against the same report as text in the same run (the figures without the charts
 * and the page) and against reading each check's latest result of the month (the floor of any report); and the daemon's {@code /status} page of 30 checks with their
 * 24-hour sparklines (budget ≤ 100 ms server time), against reading the 30 latest results alone.
 */
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class HtmlPagesBenchmark {
    private Path dir;
    private Runbook report50;
    private Runbook status30;
    private Clock clock;
    private Store store;
    private StoreIncidentService incidents;
    private ReportSource source;
    private Engine engine;
    private StatusPage page;

    static Runbook runbook(Path dir, int checks, boolean report) throws Exception {
        StringBuilder y = new StringBuilder("runbook: bench\nversion: 1\ntimezone: UTC\nchecks:\n");
        for (int i = 0; i < checks; i++) {
            y.append("  ").append(StoreData.check(i)).append(": { type: http, title: \"Endpoint ").append(i)
                    .append("\", url: \"http://127.0.0.1:9/").append(i).append("\", warning: 100ms, critical: 500ms }\n");
        }
        if (report) {
            y.append("reports:\n  monthly:\n    title: Monthly Operations Report\n    period: month\n"
                    + "    sections: [services, availability, performance, metrics, resources, cost, security, backup,"
                    + " capacity, incidents, actions, notes]\n    metrics:\n");
            for (int i = 0; i < checks; i++) {
                y.append("      latency_").append(i).append(": { from: ").append(StoreData.check(i))
                        .append(".latency, agg: p95 }\n");
            }
        }
        y.append("procedures:\n  every-minute:\n    title: Every minute\n    schedule: every 1m\n    steps: [");
        for (int i = 0; i < checks; i++) {
            y.append(i == 0 ? "" : ", ").append(StoreData.check(i));
        }
        y.append("]\n");
        Path f = dir.resolve("bench-" + checks + ".yaml");
        Files.writeString(f, y);
        LoadResult r = new RunbookLoader(TypeRegistry.load(), Map.of(), Clock.systemUTC()).load(f);
        if (!r.isValid()) {
            throw new IllegalStateException(r.problems().toString());
        }
        return r.runbook();
    }

    @Setup(Level.Trial)
    public void open() throws Exception {
        dir = Files.createTempDirectory("runbook-html-bench");
        // a copy: opening it as the launcher does adds the incident and note tables to the file
        Path file = dir.resolve("month.db");
        Files.copy(StoreData.month(), file, StandardCopyOption.REPLACE_EXISTING);
        report50 = runbook(dir, 50, true);
        status30 = runbook(dir, 30, false);
        clock = Clock.fixed(StoreData.END.minusSeconds(60), ZoneOffset.UTC);
        store = Store.open(file, Store.DEFAULT_RETENTION, clock);
        incidents = StoreIncidentService.open(store, report50, clock);
        source = StoreReports.of(store, incidents);
        engine = Engine.builder().clock(clock).build();
        Scheduler scheduler = Scheduler.builder(status30, engine).clock(clock).build();
        page = new StatusPage(scheduler, store.runs(), incidents, List::of);
        String html = monthHtmlReport50Checks();
        // the thread's own CPU time per page: what an idle core would take, whatever the machine's load
        java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        for (int round = 0; round < 3; round++) {
            long t0 = cpu.getCurrentThreadCpuTime();
            monthHtmlReport50Checks();
            long t1 = cpu.getCurrentThreadCpuTime();
            monthTextReport50Checks();
            long t2 = cpu.getCurrentThreadCpuTime();
            statusPage30Checks();
            long t3 = cpu.getCurrentThreadCpuTime();
            System.err.printf("[cpu] round %d: month html %.0f ms, month text %.0f ms, status %.1f ms (thread CPU time)%n",
                    round + 1, (t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6);
        }
        System.err.printf("%n[html] month report: %,d bytes, %d charts; status page: %,d bytes, %d sparklines%n",
                html.length(), html.split("<svg", -1).length - 1, statusPage30Checks().length(),
                statusPage30Checks().split("class=\"spark\"", -1).length - 1);
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
        engine.close();
        incidents.close();
        store.close();
        for (String f : List.of("month.db", "month.db-wal", "month.db-shm", "bench-50.yaml", "bench-30.yaml")) {
            Files.deleteIfExists(dir.resolve(f));
        }
        Files.deleteIfExists(dir);
    }

    /** The month's report of 50 checks as one HTML page with its 100 charts (50 series, 50 timelines). */
    @Benchmark
    public String monthHtmlReport50Checks() {
        return Reports.render(report50, source, "monthly", LocalDate.of(2026, 11, 1), "html", clock);
    }

    /** The same report as text: its figures without charts, the floor the HTML page is compared with. */
    @Benchmark
    public String monthTextReport50Checks() {
        return Reports.render(report50, source, "monthly", LocalDate.of(2026, 11, 1), "text", clock);
    }

    /** {@code /status} of 30 checks, each with its 24-hour sparkline (1 440 values each). */
    @Benchmark
    public String statusPage30Checks() {
        return page.render();
    }

    /** Reading the 50 checks' latest results of the month: one indexed row per check, the floor of any report of them. */
    @Benchmark
    public int monthFloorLatest50() {
        int n = 0;
        for (int i = 0; i < 50; i++) {
            n += store.history().latest(StoreData.check(i), StoreData.MONTH_START, StoreData.END).isPresent() ? 1 : 0;
        }
        return n;
    }

    /** Reading the 30 checks' latest results alone: what any status page must do, without sparklines. */
    @Benchmark
    public int statusFloorLatest30() {
        int n = 0;
        for (int i = 0; i < 30; i++) {
            n += store.history().latest(StoreData.check(i)).isPresent() ? 1 : 0;
        }
        return n;
    }
}
