package dev.runbook.benchmarks.store;

import dev.runbook.core.engine.CheckRun;
import dev.runbook.core.model.Runbook;
import dev.runbook.incidents.StoreIncidentService;
import dev.runbook.reports.ReportSource;
import dev.runbook.reports.Reports;
import dev.runbook.runtime.StoreReports;
import dev.runbook.store.PostgresDialect;
import dev.runbook.store.PostgresServer;
import dev.runbook.store.Store;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A month report for one host (issue #18, architecture.md's budget "a month report for one host ≤ 1 s"): a
 * PostgreSQL store on loopback holds 30 days of 1-minute results of 20 checks from each of several hosts, and the
 * month report is rendered with {@code report --host} semantics ({@link ReportSource#forHost}: every figure over
 * that host's runs only, read from the host's hourly rollups, schema 7) as text and as HTML with its charts. Each
 * render is timed in wall time and in the thread's own CPU time (what an idle core would take, whatever the load).
 *
 * <p>The month is written quickly: the first hour of every host goes through {@code Store.runs().record} (the real
 * encoding, host labels, ids), and the database copies it to the month's other 719 hours with
 * {@code generate_series}, shifting times and run ids; then {@code maintain()} folds the month into the fleet's and
 * the hosts' rollups, as a daemon does hour by hour (timed and printed). Every figure then reads real rows of the
 * real schema.
 *
 * <p>Run (≈ 1–2 minutes): {@code java -cp benchmarks/target/benchmarks.jar
 * dev.runbook.benchmarks.store.HostMonthReportBenchmark [hosts] [rounds] [days]}. Prints the load, the rows, and per
 * format the wall and CPU times of each round with their medians; fails when the narrowed report misses the
 * host's figures or names another host.
 */
public final class HostMonthReportBenchmark {
    private static final int CHECKS = 20;
    private static final Instant START = Instant.parse("2026-10-01T00:00:00Z");
    private static final long RUN_ID_SHIFT = 1_000_000L;

    private HostMonthReportBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int hosts = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int days = args.length > 2 ? Integer.parseInt(args[2]) : 31; // a shorter month tries the benchmark out
        final int hours = days * 24;
        System.out.printf(Locale.ROOT, "one-host month report benchmark: %d hosts x %d checks x 1-minute results,"
                + " October 2026; load average %.2f at start; %d cores%n", hosts, CHECKS, load(),
                Runtime.getRuntime().availableProcessors());
        PostgresServer pg = PostgresServer.shared();
        String database = pg.newDatabase();
        String url = pg.url(database);
        long t0 = System.nanoTime();
        StoreData.SettableClock writeClock = new StoreData.SettableClock(START);
        try (Store store = Store.open(PostgresDialect.of(url, PostgresServer.USER, PostgresServer.PASSWORD), null,
                writeClock)) {
            for (int h = 0; h < hosts; h++) {
                store.host(host(h));
                SplittableRandom random = new SplittableRandom(h);
                for (int m = 0; m < 60; m++) {
                    Instant at = START.plus(Duration.ofMinutes(m)).plusSeconds(h);
                    writeClock.now = at;
                    List<CheckRun> results = new ArrayList<>(CHECKS);
                    for (int c = 0; c < CHECKS; c++) {
                        results.add(StoreData.result(c, at.plusMillis(c), random));
                    }
                    store.runs().record(StoreData.run(at, results));
                }
            }
        }
        long rows;
        try (Connection c = pg.connect(database); Statement s = c.createStatement()) {
            s.execute("INSERT INTO runs(id, runbook, procedure, started_at, duration_ms, status, operator, host,"
                    + " trigger_kind, state, finished_at) SELECT id + g * " + RUN_ID_SHIFT + ", runbook, procedure,"
                    + " started_at + g * 3600000, duration_ms, status, operator, host, trigger_kind, state,"
                    + " finished_at + g * 3600000 FROM runs, generate_series(CAST(1 AS BIGINT), " + (hours - 1) + ") g");
            s.execute("INSERT INTO results(check_id, at, run_id, status, value, unit, metrics, message, duration_ms,"
                    + " first_status, flags) SELECT check_id, at + g * 3600000, run_id + g * " + RUN_ID_SHIFT + ","
                    + " status, value, unit, metrics, message, duration_ms, first_status, flags FROM results,"
                    + " generate_series(CAST(1 AS BIGINT), " + (hours - 1) + ") g");
            s.execute("ANALYZE");
            try (ResultSet r = s.executeQuery("SELECT count(*) FROM results")) {
                r.next();
                rows = r.getLong(1);
            }
        }
        long expected = (long) hosts * CHECKS * 60 * hours;
        if (rows != expected) {
            throw new IllegalStateException("expected " + expected + " results, found " + rows);
        }
        System.out.printf(Locale.ROOT, "wrote %,d results (%,d per host) in %.1f s%n", rows, rows / hosts,
                (System.nanoTime() - t0) / 1e9);
        Clock clock = Clock.fixed(Instant.parse("2026-11-01T08:00:00Z"), ZoneOffset.UTC);
        // what a daemon does as each hour passes, here for the whole month at once: fold it into the fleet's and
        // each host's hourly rollups
        long f0 = System.nanoTime();
        try (Store store = Store.open(PostgresDialect.of(url, PostgresServer.USER, PostgresServer.PASSWORD), null,
                clock)) {
            store.runs().maintain();
        }
        try (Connection c = pg.connect(database); Statement s = c.createStatement()) {
            s.execute("ANALYZE");
            try (ResultSet r = s.executeQuery("SELECT count(*) FROM host_rollups")) {
                r.next();
                System.out.printf(Locale.ROOT, "folded the month into rollups in %.1f s (%,d per-host rollup rows)%n",
                        (System.nanoTime() - f0) / 1e9, r.getLong(1));
            }
        }

        Path dir = Files.createTempDirectory("runbook-host-report-bench");
        Runbook rb = HtmlPagesBenchmark.runbook(dir, CHECKS, true);
        LocalDate date = LocalDate.of(2026, 11, 1);
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        try (Store store = Store.open(PostgresDialect.of(url, PostgresServer.USER, PostgresServer.PASSWORD), null,
                clock);
             StoreIncidentService incidents = StoreIncidentService.open(store, rb, clock)) {
            ReportSource one = StoreReports.of(store, incidents).forHost(host(0));
            for (String format : List.of("text", "html")) {
                long[] wall = new long[rounds];
                long[] used = new long[rounds];
                String out = null;
                for (int i = 0; i < rounds; i++) {
                    long c0 = cpu.getCurrentThreadCpuTime();
                    long w0 = System.nanoTime();
                    out = Reports.render(rb, one, "monthly", date, format, clock);
                    wall[i] = System.nanoTime() - w0;
                    used[i] = cpu.getCurrentThreadCpuTime() - c0;
                }
                if (!out.contains("host " + host(0)) || out.contains("host " + host(1))) {
                    throw new IllegalStateException("the " + format + " report is not " + host(0) + "'s: "
                            + out.substring(0, Math.min(400, out.length())));
                }
                System.out.printf(Locale.ROOT, "month %s report of %d checks for %s: wall %s ms (median %.0f),"
                        + " thread CPU %s ms (median %.0f); %,d chars%n", format, CHECKS, host(0), ms(wall),
                        median(wall), ms(used), median(used), out.length());
            }
        } finally {
            Files.deleteIfExists(dir.resolve("bench-" + CHECKS + ".yaml"));
            Files.deleteIfExists(dir);
        }
        System.out.printf(Locale.ROOT, "load average %.2f at the end%n", load());
    }

    private static String host(int h) {
        return String.format(Locale.ROOT, "host-%02d", h);
    }

    private static String ms(long[] nanos) {
        StringBuilder b = new StringBuilder();
        for (long n : nanos) {
            b.append(b.length() == 0 ? "" : ", ").append(Math.round(n / 1e6));
        }
        return b.toString();
    }

    private static double median(long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        return s[s.length / 2] / 1e6;
    }

    private static double load() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
