package dev.runbook.benchmarks.store;

import dev.runbook.core.engine.CheckRun;
import dev.runbook.core.engine.RunResult;
import dev.runbook.store.PostgresDialect;
import dev.runbook.store.PostgresServer;
import dev.runbook.store.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The fleet's commit latency (issue #18, architecture.md's budget "p99 commit ≤ 50 ms"): 50 simulated hosts
 * each record a run of 20 check results every simulated minute, with their own host label, into one store, and
 * every {@code record} call is timed from the call to its return (waiting for the database's write lock
 * included). Time is compressed: a simulated minute lasts {@code minute-ms} of real time (default 1 000 ms) and
 * the run crosses an hour, so the hourly folding into rollups is in the figures. That hour's first
 * {@value #PREFILL_MINUTES} minutes of runs are written before the timed part, one after another, so its fold at
 * minute 10 reads a full hour of the 50 hosts (60 000 results), as it does on a fleet that has run for a while.
 *
 * <p>Two schedules: <b>aligned</b>, every host's run at the start of the minute (daemons whose "every minute"
 * fires on the minute, clocks in sync: the worst case), and <b>spread</b>, host {@code i} at {@code i/50} of the
 * minute. Two engines: <b>PostgreSQL</b> on loopback (the store tests' real server, {@link PostgresServer}: Debian's
 * binaries started as {@code nobody} when run as root), each host its own process-like connection (its own login
 * role, since one process shares one connection per server and user); and, as a peer, <b>SQLite</b>: the 50 host
 * labels writing through one process's one connection to one file, the most a single file can do. Beside
 * PostgreSQL, in the same run and schedule, its <b>floor</b> ({@code pg-floor}): each host commits the same 20
 * result rows into a bare table over plain JDBC on its own connection, nothing else (no run row, no lock, no fold)
 * — what 50 simultaneous transactions of 20 inserts cost on this machine, whatever the store does.
 *
 * <p>The first simulated minutes are a warm-up, alike for every engine and the floor: every host's first statements
 * are prepared and planned (the driver prepares a statement on the server at its fifth use, the server settles on a
 * generic plan after five more), and the JIT compiles the code the commits run, on the same two cores. The
 * percentiles count the minutes after it ({@code warm-up-minutes}, default 5: a daemon's first five minutes after
 * it starts); each line also gives the p99 from the first minute on, and the JIT's compile time per minute is
 * printed, so the warm-up can be seen, not assumed. A real fleet's hosts run for weeks between restarts.
 *
 * <p>Run (≈ 4 minutes): {@code java -cp benchmarks/target/benchmarks.jar
 * dev.runbook.benchmarks.store.FleetCommitBenchmark [hosts] [minutes] [minute-ms] [warm-up-minutes]}. Prints one line per engine and
 * schedule with p50, p99 and max, then the slowest commit of each minute (a lock held by the hourly fold shows
 * as one slow minute, CPU queueing as all minutes alike), and checks that every result reached the store (a lost
 * write fails the run).
 */
public final class FleetCommitBenchmark {
    private static final int CHECKS = 20;
    private static final String ROLE_PASSWORD = "bench-host-password";
    /** The simulated start: ten minutes before an hour ends, so that hour is folded during the run. */
    private static final Instant START = Instant.parse("2026-11-02T08:50:00Z");
    /** Minutes of the hour before {@link #START}, written before the timed part so the hour's fold is a full one. */
    static final int PREFILL_MINUTES = 50;
    /** The floor's table: the store's {@code results} columns and primary key, nothing else. */
    static final String FLOOR_TABLE = "CREATE TABLE floor_results(check_id BIGINT NOT NULL, at BIGINT NOT NULL,"
            + " run_id BIGINT NOT NULL, status BIGINT NOT NULL, first_status BIGINT, value DOUBLE PRECISION, unit TEXT,"
            + " metrics BYTEA, message TEXT, duration_ms BIGINT NOT NULL, flags BIGINT NOT NULL,"
            + " PRIMARY KEY(check_id, at, run_id))";

    /** The JIT's total compilation time (ms) at the start of each simulated minute, sampled by the first host. */
    private static final ConcurrentLinkedQueue<long[]> JIT_BY_MINUTE = new ConcurrentLinkedQueue<>();

    /** Every counted commit of the case being run: simulated minute and nanoseconds. */
    private static final ConcurrentLinkedQueue<long[]> BY_MINUTE = new ConcurrentLinkedQueue<>();

    /**
     * The slowest commit of each simulated minute, and the minute that crosses the hour: a lock the hourly fold
     * holds shows there as one slow minute, CPU queueing as every minute alike.
     */
    static String minutes() {
        java.util.Map<Long, Long> max = new java.util.TreeMap<>();
        for (long[] r : BY_MINUTE) {
            max.merge(r[0], r[1], Math::max);
        }
        BY_MINUTE.clear();
        StringBuilder sb = new StringBuilder("  slowest commit per minute, ms (minute 10 crosses the hour):");
        max.forEach((m, n) -> sb.append(String.format(Locale.ROOT, " %d:%.0f", m, n / 1e6)));
        // compiling competes with the commits for the cores: slow first minutes with JIT time in them are warm-up
        sb.append("\n  JIT compilation per minute, ms:");
        long previous = -1;
        for (long[] j : JIT_BY_MINUTE) {
            if (previous >= 0) {
                sb.append(String.format(Locale.ROOT, " %d:%d", j[0] - 1, j[1] - previous));
            }
            previous = j[1];
        }
        JIT_BY_MINUTE.clear();
        return sb.toString();
    }

    private FleetCommitBenchmark() {
    }

    /**
     * CPU seconds (user and system) this process has used: the simulated hosts' side, which on a real fleet runs on
     * other machines but here shares the cores with the server.
     */
    static double clientCpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
    }

    /**
     * CPU seconds (user and system) this benchmark's PostgreSQL server has used (Linux /proc): its postmaster's own
     * and its reaped children's, plus its live children's (the backends, the writer, autovacuum). Other servers on
     * the machine (another build's tests) are not counted.
     */
    static double serverCpuSeconds() throws java.io.IOException {
        long postmaster = PostgresServer.shared().postmasterPid();
        long ticks = 0;
        try (var dirs = Files.list(Path.of("/proc"))) {
            for (Path d : (Iterable<Path>) dirs::iterator) {
                String name = d.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                String stat;
                try {
                    stat = Files.readString(d.resolve("stat"));
                } catch (java.io.IOException gone) {
                    continue;
                }
                // after "pid (comm) ": state, ppid, ... utime (index 11), stime, cutime, cstime
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                long pid = Long.parseLong(name);
                if (pid == postmaster) {
                    ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13])
                            + Long.parseLong(f[14]);
                } else if (Long.parseLong(f[1]) == postmaster) {
                    ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
                }
            }
        }
        return ticks / 100.0; // USER_HZ
    }

    /** One engine and schedule's figures. */
    record Figures(String engine, String schedule, int hosts, int minutes, int warmup, long[] nanos, long[] fromFirst,
                   long warmupMax, long stored,
                   long hostsSeen, double seconds, double clientCpu, double serverCpu) {
        String line() {
            long[] s = nanos.clone();
            Arrays.sort(s);
            long[] all = fromFirst.clone();
            Arrays.sort(all);
            return String.format(Locale.ROOT, "%-10s %-8s %d hosts x %d checks x %d minutes in %.1f s: after %d"
                    + " warm-up minutes (max %.0f ms), %d commits: p50 %.1f ms, p99 %.1f ms, max %.1f ms"
                    + " (from minute 1: p99 %.1f ms); %d results and %d hosts stored; CPU: this process (the hosts)"
                    + " %.1f s, PostgreSQL's processes %.1f s", engine, schedule, hosts, CHECKS, minutes, seconds,
                    warmup, warmupMax / 1e6, s.length, pct(s, 0.50), pct(s, 0.99), s[s.length - 1] / 1e6,
                    pct(all, 0.99), stored, hostsSeen, clientCpu, serverCpu);
        }

        static double pct(long[] sorted, double p) {
            int i = (int) Math.ceil(p * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
        }
    }

    public static void main(String[] args) throws Exception {
        int hosts = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        int minutes = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        long minuteMs = args.length > 2 ? Long.parseLong(args[2]) : 1000;
        int warmup = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        if (warmup < 1 || warmup >= minutes) {
            throw new IllegalArgumentException("warm-up minutes must be from 1 to minutes - 1: " + warmup);
        }
        System.out.printf("fleet commit benchmark: %d hosts, %d checks each, %d simulated minutes of %d ms;"
                + " load average %.2f at start%n", hosts, CHECKS, minutes, minuteMs, loadAverage());
        PostgresServer pg = PostgresServer.shared();
        List<Figures> all = new ArrayList<>();
        for (boolean aligned : new boolean[] {true, false}) {
            String database = pg.newDatabase();
            try (Connection admin = pg.connect(database); Statement s = admin.createStatement()) {
                for (int h = 0; h < hosts; h++) {
                    // one role per simulated host: one process shares one connection per server and user
                    s.execute("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '" + role(h)
                            + "') THEN CREATE ROLE " + role(h) + " LOGIN SUPERUSER PASSWORD '" + ROLE_PASSWORD
                            + "'; END IF; END $$");
                }
            }
            String url = pg.url(database);
            Figures f = run("postgresql", aligned, hosts, minutes, minuteMs, warmup,
                    (h, clock) -> storeWriter(Store.open(PostgresDialect.of(url, role(h), ROLE_PASSWORD), null, clock), h),
                    () -> count(pg, database, "SELECT (SELECT count(*) FROM results), (SELECT count(DISTINCT host) FROM runs)"));
            all.add(f);
            System.out.println(f.line());
            System.out.println(minutes());
            String floorDb = pg.newDatabase();
            try (Connection admin = pg.connect(floorDb); Statement s = admin.createStatement()) {
                s.execute(FLOOR_TABLE);
            }
            Figures floor = run("pg-floor", aligned, hosts, minutes, minuteMs, warmup,
                    (h, clock) -> floorWriter(java.sql.DriverManager.getConnection("jdbc:postgresql://127.0.0.1:"
                            + pg.port() + "/" + floorDb, role(h), ROLE_PASSWORD), h),
                    () -> count(pg, floorDb, "SELECT count(*), count(DISTINCT run_id) FROM floor_results"));
            all.add(floor);
            System.out.println(floor.line());
            System.out.println(minutes());
            Path dir = Files.createTempDirectory("runbook-fleet-bench");
            Path file = dir.resolve("fleet.db");
            try {
                Figures g = run("sqlite", aligned, hosts, minutes, minuteMs, warmup,
                        (h, clock) -> storeWriter(Store.open(file, null, clock), h), () -> count(file));
                all.add(g);
                System.out.println(g.line());
                System.out.println(minutes());
            } finally {
                StoreData.deleteWithSidecars(file);
                Files.deleteIfExists(dir);
            }
        }
        System.out.printf("load average %.2f at the end%n", loadAverage());
        for (Figures f : all) {
            long expected = (long) hosts * (minutes + PREFILL_MINUTES) * CHECKS;
            if (f.stored != expected || f.hostsSeen != hosts) {
                throw new IllegalStateException(f.engine + " " + f.schedule + ": expected "
                        + expected + " results of " + hosts + " hosts, found " + f.stored
                        + " of " + f.hostsSeen);
            }
        }
    }

    private static String role(int host) {
        return String.format(Locale.ROOT, "bench_host_%02d", host);
    }

    /** Opens host {@code h}'s writer on its clock. */
    @FunctionalInterface
    interface Opener {
        Writer open(int host, java.time.Clock clock) throws SQLException;
    }

    /** One host's way of committing a run: the store's {@code record}, or the bare-JDBC floor. */
    interface Writer extends AutoCloseable {
        void record(RunResult run) throws SQLException;

        @Override
        void close() throws SQLException;
    }

    /** Host {@code h}'s store, labelled with its host name. */
    static Writer storeWriter(Store store, int h) {
        store.host(String.format(Locale.ROOT, "host-%02d", h));
        return new Writer() {
            @Override
            public void record(RunResult run) {
                store.runs().record(run);
            }

            @Override
            public void close() {
                store.close();
            }
        };
    }

    /**
     * The floor on PostgreSQL: the same 20 result rows (same columns, same primary key) in one transaction over
     * bare JDBC on the host's own connection, with nothing else: no run row, no lock, no fold mark.
     */
    static Writer floorWriter(Connection c, int h) throws SQLException {
        c.setAutoCommit(false);
        PreparedStatement ins = c.prepareStatement("INSERT INTO floor_results(check_id, at, run_id, status,"
                + " first_status, value, unit, metrics, message, duration_ms, flags)"
                + " VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        return new Writer() {
            @Override
            public void record(RunResult run) throws SQLException {
                for (CheckRun r : run.results()) {
                    ins.setInt(1, Integer.parseInt(r.check().substring(r.check().lastIndexOf('-') + 1)));
                    ins.setLong(2, r.at().toEpochMilli());
                    ins.setLong(3, h);
                    ins.setInt(4, r.status().exitCode());
                    ins.setInt(5, r.firstStatus().exitCode());
                    ins.setDouble(6, r.value());
                    ins.setString(7, r.unit().symbol());
                    ins.setBytes(8, new byte[24]);
                    ins.setString(9, r.message());
                    ins.setLong(10, r.duration().toMillis());
                    ins.setInt(11, 0);
                    ins.addBatch();
                }
                ins.executeBatch();
                c.commit();
            }

            @Override
            public void close() throws SQLException {
                c.close();
            }
        };
    }

    @FunctionalInterface
    interface Counter {
        long[] count() throws Exception;
    }

    private static Figures run(String engine, boolean aligned, int hosts, int minutes, long minuteMs, int warmupMinutes,
                               Opener open, Counter counter) throws Exception {
        Writer[] stores = new Writer[hosts];
        StoreData.SettableClock[] clocks = new StoreData.SettableClock[hosts];
        ConcurrentLinkedQueue<Long> nanos = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Long> warmup = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Long> fromFirst = new ConcurrentLinkedQueue<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        try {
            for (int h = 0; h < hosts; h++) {
                clocks[h] = new StoreData.SettableClock(START);
                stores[h] = open.open(h, clocks[h]);
            }
            // the hour the run crosses is full when it is folded, as on a fleet that has run for a while: every host's
            // runs of its first PREFILL_MINUTES minutes, written one after another before the timed part
            long prefill0 = System.nanoTime();
            for (int m = -PREFILL_MINUTES; m < 0; m++) {
                for (int h = 0; h < hosts; h++) {
                    Instant at = START.plus(Duration.ofMinutes(m)).plusMillis(60_000L * h / hosts);
                    clocks[h].now = at;
                    stores[h].record(runOf(at, new SplittableRandom(h * 1000L + m)));
                }
            }
            System.out.printf(Locale.ROOT, "  %s: %d results of the hour's first %d minutes written first in %.1f s"
                    + " (not timed)%n", engine, (long) hosts * PREFILL_MINUTES * CHECKS, PREFILL_MINUTES,
                    (System.nanoTime() - prefill0) / 1e9);
            double client0 = clientCpuSeconds();
            double server0 = serverCpuSeconds();
            long t0 = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
            List<Thread> threads = new ArrayList<>();
            for (int h = 0; h < hosts; h++) {
                int host = h;
                Thread t = new Thread(() -> {
                    SplittableRandom random = new SplittableRandom(host);
                    long offsetMs = aligned ? 0 : minuteMs * host / hosts;
                    for (int m = 0; m < minutes && failure.get() == null; m++) {
                        long due = t0 + TimeUnit.MILLISECONDS.toNanos(m * minuteMs + offsetMs);
                        long wait = due - System.nanoTime();
                        if (wait > 0) {
                            try {
                                TimeUnit.NANOSECONDS.sleep(wait);
                            } catch (InterruptedException e) {
                                return;
                            }
                        }
                        if (host == 0) {
                            JIT_BY_MINUTE.add(new long[] {m, java.lang.management.ManagementFactory
                                    .getCompilationMXBean().getTotalCompilationTime()});
                        }
                        Instant at = START.plus(Duration.ofMinutes(m)).plusMillis(offsetMs * 60_000 / minuteMs);
                        RunResult run = runOf(at, random);
                        clocks[host].now = at;
                        long begin = System.nanoTime();
                        try {
                            stores[host].record(run);
                        } catch (RuntimeException | SQLException e) {
                            failure.compareAndSet(null, e);
                            return;
                        }
                        long took = System.nanoTime() - begin;
                        if (m > 0) {
                            BY_MINUTE.add(new long[] {m, took});
                            fromFirst.add(took);
                        }
                        // the first minutes warm up (each host's statements, the JIT): not in the percentiles
                        (m < warmupMinutes ? warmup : nanos).add(took);
                    }
                }, "host-" + h);
                threads.add(t);
                t.start();
            }
            long bound = TimeUnit.MILLISECONDS.toNanos(minutes * minuteMs + 120_000);
            for (Thread t : threads) {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(t0 + bound - System.nanoTime())));
                if (t.isAlive()) {
                    throw new IllegalStateException(engine + ": host writer " + t.getName()
                            + " did not finish within the run's bound");
                }
            }
            if (failure.get() != null) {
                throw new IllegalStateException(engine + ": a commit failed: " + failure.get(), failure.get());
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            double clientCpu = clientCpuSeconds() - client0;
            double serverCpu = serverCpuSeconds() - server0;
            long[] counted = counter.count();
            return new Figures(engine, aligned ? "aligned" : "spread", hosts, minutes, warmupMinutes,
                    nanos.stream().mapToLong(Long::longValue).toArray(),
                    fromFirst.stream().mapToLong(Long::longValue).toArray(),
                    warmup.stream().mapToLong(Long::longValue).max().orElse(0), counted[0], counted[1], seconds,
                    clientCpu, serverCpu);
        } finally {
            for (Writer w : stores) {
                if (w != null) {
                    w.close();
                }
            }
        }
    }

    private static RunResult runOf(Instant at, SplittableRandom random) {
        List<CheckRun> results = new ArrayList<>(CHECKS);
        for (int c = 0; c < CHECKS; c++) {
            results.add(StoreData.result(c, at.plusMillis(c), random));
        }
        return StoreData.run(at, results);
    }

    private static long[] count(PostgresServer pg, String database, String query) throws SQLException {
        try (Connection c = pg.connect(database); Statement s = c.createStatement(); ResultSet r = s.executeQuery(query)) {
            r.next();
            return new long[] {r.getLong(1), r.getLong(2)};
        }
    }

    private static long[] count(Path file) throws SQLException {
        try (Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file)) {
            return count(c);
        }
    }

    private static long[] count(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT (SELECT count(*) FROM results),"
                     + " (SELECT count(DISTINCT host) FROM runs)")) {
            r.next();
            return new long[] {r.getLong(1), r.getLong(2)};
        }
    }

    private static double loadAverage() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
