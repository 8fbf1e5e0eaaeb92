package dev.runbook.benchmarks.store;

import dev.runbook.core.engine.CheckRun;
import dev.runbook.core.engine.RunResult;
import dev.runbook.store.PostgresServer;
import dev.runbook.store.Store;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * What one commit costs on PostgreSQL with nothing else running: one host records runs of 20 results one after
 * another, through the store's {@code record} and through the bare-JDBC floor of {@link FleetCommitBenchmark}
 * (the same 20 rows in one transaction, nothing else), in alternating rounds. For each it prints the median wall
 * time of a commit, the median CPU time of the recording thread (the host's side) and the server's CPU per commit
 * (this benchmark's server, from /proc). The fleet benchmark's aligned case queues 50 such commits on the same cores,
 * so these are what its p99 is made of. The first third of each round's commits is warm-up and not counted; every
 * run stays in one hour, so no fold is in the figures.
 *
 * <p>Run (≈ 1 minute): {@code java -cp benchmarks/target/benchmarks.jar
 * dev.runbook.benchmarks.store.PostgresCommitCost [commits-per-round] [rounds]}.
 */
public final class PostgresCommitCost {
    private static final Instant START = Instant.parse("2026-11-02T08:00:00Z");

    private PostgresCommitCost() {
    }

    public static void main(String[] args) throws Exception {
        int commits = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        if (commits < 3 || commits > 3000) {
            throw new IllegalArgumentException("commits per round must be from 3 to 3000 (one hour of runs a"
                    + " second apart): " + commits);
        }
        PostgresServer pg = PostgresServer.shared();
        System.out.printf(Locale.ROOT, "PostgreSQL commit cost: %d commits of 20 results per round, %d rounds;"
                + " load average %.2f%n", commits, rounds, loadAverage());
        for (int round = 1; round <= rounds; round++) {
            for (String writer : new String[] {"store", "pg-floor"}) {
                System.out.println(round(pg, writer, commits));
            }
        }
        System.out.printf(Locale.ROOT, "load average %.2f at the end%n", loadAverage());
    }

    private static String round(PostgresServer pg, String which, int n) throws Exception {
        StoreData.SettableClock clock = new StoreData.SettableClock(START);
        String db = pg.newDatabase();
        FleetCommitBenchmark.Writer w;
        if (which.equals("store")) {
            w = FleetCommitBenchmark.storeWriter(Store.open(dev.runbook.store.PostgresDialect.of(pg.url(db),
                    PostgresServer.USER, PostgresServer.PASSWORD), null, clock), 1);
        } else {
            try (Connection admin = pg.connect(db); Statement s = admin.createStatement()) {
                s.execute(FleetCommitBenchmark.FLOOR_TABLE);
            }
            w = FleetCommitBenchmark.floorWriter(pg.connect(db), 1);
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        SplittableRandom random = new SplittableRandom(1);
        int warm = n / 3;
        long[] cpu = new long[n - warm];
        long[] wall = new long[n - warm];
        double server0 = 0;
        try (w) {
            for (int i = 0; i < n; i++) {
                if (i == warm) {
                    server0 = FleetCommitBenchmark.serverCpuSeconds();
                }
                Instant at = START.plusSeconds(i);
                List<CheckRun> results = new ArrayList<>(20);
                for (int c = 0; c < 20; c++) {
                    results.add(StoreData.result(c, at.plusMillis(c), random));
                }
                RunResult run = StoreData.run(at, results);
                clock.now = at;
                long c0 = threads.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                w.record(run);
                if (i >= warm) {
                    wall[i - warm] = System.nanoTime() - t0;
                    cpu[i - warm] = threads.getCurrentThreadCpuTime() - c0;
                }
            }
        }
        double server = (FleetCommitBenchmark.serverCpuSeconds() - server0) * 1000 / (n - warm);
        Arrays.sort(cpu);
        Arrays.sort(wall);
        return String.format(Locale.ROOT, "%-8s %d commits after %d warm-up: wall median %.3f ms, host CPU median"
                + " %.3f ms, server CPU %.3f ms per commit", which, n - warm, warm, wall[wall.length / 2] / 1e6,
                cpu[cpu.length / 2] / 1e6, server);
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
