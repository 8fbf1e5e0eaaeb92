package dev.runbook.benchmarks.store;

import dev.runbook.core.engine.CheckRun;
import dev.runbook.store.Store;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The store's commit of one run's 20 results against the raw-JDBC floor ({@link StoreFloorBenchmark}), as a
 * ratio that a shared, noisy machine can still decide (architecture.md's budget: ≤ 1.5× the floor). JMH measures
 * the two one after the other, so a change of the machine's load between them lands in the ratio. Here both
 * write side by side in one process, to two files in one directory: each round times a block of store commits and
 * a block of floor commits back to back (the order alternating from round to round), and the ratio is taken per
 * round, so load that changes over the run affects both sides of each ratio alike. Wall time and the thread's
 * CPU time (user and system: the WAL writes are system time) are both reported, as the median and the quartiles
 * of the per-round ratios.
 *
 * <p>Run (about a minute): {@code java -cp benchmarks/target/benchmarks.jar
 * dev.runbook.benchmarks.store.CommitRatio [rounds] [commits-per-block] [warm-up-commits]} (default 60, 200,
 * 3 000).
 */
public final class CommitRatio {
    private CommitRatio() {
    }

    /** One side: commits one run of 20 results. */
    private interface Side extends AutoCloseable {
        void commit() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        int block = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int warm = args.length > 2 ? Integer.parseInt(args[2]) : 3000;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        System.out.printf(Locale.ROOT, "commit ratio: %d rounds of %d store and %d floor commits (20 results each),"
                + " after %d warm-up commits each; load average %s%n", rounds, block, block, warm, load());
        Path dir = Files.createTempDirectory("runbook-commit-ratio");
        try (Side store = store(dir.resolve("store.db")); Side floor = floor(dir.resolve("floor.db"))) {
            for (int i = 0; i < warm; i++) {
                store.commit();
                floor.commit();
            }
            double[] wall = new double[rounds];
            double[] cpu = new double[rounds];
            double[] storeUs = new double[rounds];
            double[] floorUs = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                long[] s;
                long[] f;
                if (r % 2 == 0) {
                    s = time(store, block, threads);
                    f = time(floor, block, threads);
                } else {
                    f = time(floor, block, threads);
                    s = time(store, block, threads);
                }
                wall[r] = (double) s[0] / f[0];
                cpu[r] = (double) s[1] / f[1];
                storeUs[r] = s[0] / 1e3 / block;
                floorUs[r] = f[0] / 1e3 / block;
            }
            System.out.printf(Locale.ROOT, "wall µs per commit: store %s, floor %s%n", quartiles(storeUs),
                    quartiles(floorUs));
            System.out.printf(Locale.ROOT, "ratio store/floor, wall time: %s%n", quartiles(wall));
            System.out.printf(Locale.ROOT, "ratio store/floor, thread CPU time: %s%n", quartiles(cpu));
            System.out.printf(Locale.ROOT, "load average at the end %s%n", load());
        } finally {
            for (String f : new String[] {"store.db", "floor.db"}) {
                StoreData.deleteWithSidecars(dir.resolve(f));
            }
            Files.deleteIfExists(dir);
        }
    }

    /** Wall and thread CPU nanoseconds of {@code n} commits. */
    private static long[] time(Side side, int n, ThreadMXBean threads) throws Exception {
        long cpu0 = threads.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            side.commit();
        }
        return new long[] {System.nanoTime() - t0, threads.getCurrentThreadCpuTime() - cpu0};
    }

    /** "median m (quartiles q1–q3)". */
    static String quartiles(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return String.format(Locale.ROOT, "median %.2f (quartiles %.2f–%.2f)", at(v, 0.5), at(v, 0.25), at(v, 0.75));
    }

    private static double at(double[] sorted, double p) {
        double i = p * (sorted.length - 1);
        int lo = (int) Math.floor(i);
        int hi = (int) Math.ceil(i);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (i - lo);
    }

    private static String load() throws Exception {
        String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
        return parts[0] + " " + parts[1] + " " + parts[2];
    }

    /** The store's own commit path: {@code Store.runs().record()} of a run of 20 results, one run per minute. */
    private static Side store(Path file) {
        StoreData.SettableClock clock = new StoreData.SettableClock(Instant.parse("2026-01-01T00:00:00Z"));
        SplittableRandom random = new SplittableRandom(1);
        Store st = Store.open(file, Duration.ofDays(400), clock);
        return new Side() {
            private Instant next = clock.now;

            @Override
            public void commit() {
                List<CheckRun> rs = new ArrayList<>(20);
                for (int i = 0; i < 20; i++) {
                    rs.add(StoreData.result(i, next.plusMillis(i), random));
                }
                clock.now = next;
                st.runs().record(StoreData.run(next, rs));
                next = next.plusSeconds(60);
            }

            @Override
            public void close() {
                st.close();
            }
        };
    }

    /** {@link StoreFloorBenchmark}'s bare JDBC: 20 rows into a table with one index, WAL, synchronous=NORMAL. */
    private static Side floor(Path file) throws Exception {
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        PreparedStatement insert = FloorTable.create(c);
        Statement s = c.createStatement();
        return new Side() {
            private long n;

            @Override
            public void commit() throws Exception {
                FloorTable.commit(s, insert, ++n);
            }

            @Override
            public void close() throws Exception {
                c.close();
            }
        };
    }
}
