package dev.runbook.benchmarks.store;

import dev.runbook.core.Status;
import dev.runbook.core.engine.CheckRun;
import dev.runbook.core.engine.RunResult;
import dev.runbook.core.quantity.Unit;
import dev.runbook.store.LogHistogram;
import dev.runbook.store.SqliteRunStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Synthetic store contents for the store benchmarks: 1-minute results of 50 checks, each with a latency
 * (primary), a byte count and a percentage, written through {@link SqliteRunStore#record}. Files are built once
 * under {@code java.io.tmpdir/runbook-bench} and reused by later benchmarks and runs. Not thread-safe.
 */
final class StoreData {
    static final int CHECKS = 50;
    static final Instant END = Instant.parse("2026-11-01T00:00:00Z");
    static final Instant MONTH_START = END.minus(Duration.ofDays(30));
    static final Instant YEAR_START = END.minus(Duration.ofDays(365));
    private static final Path DIR = Path.of(System.getProperty("java.io.tmpdir"), "runbook-bench");

    private StoreData() {
    }

    static String check(int i) {
        return "check-" + i;
    }

    /** A clock fixed at an instant (moved by the writer). */
    static final class SettableClock extends Clock {
        volatile Instant now;

        SettableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    static CheckRun result(int check, Instant at, SplittableRandom r) {
        Map<String, Double> m = new LinkedHashMap<>();
        double latency = Math.exp(r.nextDouble() * 2 - 5);
        m.put("latency", latency);
        m.put("size_bytes", (double) (1_000_000 + r.nextInt(1000)));
        m.put("used", Math.round(r.nextDouble() * 1000) / 10.0);
        Status s = r.nextInt(1000) == 0 ? Status.CRITICAL : Status.OK;
        return new CheckRun(check(check), "http", null, s, s, latency, Unit.SECONDS,
                s == Status.OK ? "HTTP 200 in " + Math.round(latency * 1000) + " ms" : "connection refused",
                m, Duration.ofMillis(2), null, false, false, false, false, Map.of(), List.of(), at);
    }

    static RunResult run(Instant at, List<CheckRun> results) {
        return new RunResult("bench", "every-minute", Status.OK, at.atZone(ZoneOffset.UTC), Duration.ofMillis(30),
                null, results, List.of(), List.of(), false, null);
    }

    /** 30 days of 1-minute results for 50 checks (2.16 million results), retention 400 days. */
    static Path month() throws IOException {
        Path file = DIR.resolve("month-v3.db");
        if (Files.exists(file)) {
            return file;
        }
        Files.createDirectories(DIR);
        Path tmp = DIR.resolve("month-building.db");
        deleteWithSidecars(tmp);
        SettableClock clock = new SettableClock(MONTH_START);
        SplittableRandom r = new SplittableRandom(42);
        long t0 = System.nanoTime();
        try (SqliteRunStore store = SqliteRunStore.open(tmp, Duration.ofDays(400), clock)) {
            writeMinutes(store, clock, MONTH_START, END, r);
        }
        System.err.printf("built %s in %.1f s%n", file, (System.nanoTime() - t0) / 1e9);
        Files.move(tmp, file);
        return file;
    }

    /**
     * A year as the store holds it with a 30-day retention: the last 30 days as detail, the 335 days before
     * as hourly rollups and status summaries (written straight into their tables, as folding would have left
     * them; the rolled-up months are all up).
     */
    static Path year() throws Exception {
        Path file = DIR.resolve("year-v3.db");
        if (Files.exists(file)) {
            return file;
        }
        Files.createDirectories(DIR);
        Path tmp = DIR.resolve("year-building.db");
        deleteWithSidecars(tmp);
        Files.copy(month(), tmp);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + tmp)) {
            c.setAutoCommit(false);
            Map<String, Integer> checkIds = ids(c, "check_names");
            Map<String, Integer> metricIds = ids(c, "metric_names");
            SplittableRandom r = new SplittableRandom(7);
            try (PreparedStatement ps = c.prepareStatement("INSERT OR REPLACE INTO rollups(check_id, metric_id, hour,"
                    + " count, sum, min, max, histogram) VALUES(?, ?, ?, ?, ?, ?, ?, ?)")) {
                long firstHour = YEAR_START.toEpochMilli() / 3_600_000L;
                long lastHour = MONTH_START.toEpochMilli() / 3_600_000L;
                for (long h = firstHour; h < lastHour; h++) {
                    for (int i = 0; i < CHECKS; i++) {
                        LogHistogram[] hs = {new LogHistogram(), new LogHistogram(), new LogHistogram()};
                        for (int m = 0; m < 60; m++) {
                            CheckRun x = result(i, Instant.EPOCH, r);
                            hs[0].add(x.metrics().get("latency"));
                            hs[1].add(x.metrics().get("size_bytes"));
                            hs[2].add(x.metrics().get("used"));
                        }
                        String[] names = {"latency", "size_bytes", "used"};
                        for (int k = 0; k < 3; k++) {
                            ps.setInt(1, checkIds.get(check(i)));
                            ps.setInt(2, metricIds.get(names[k]));
                            ps.setLong(3, h);
                            ps.setLong(4, hs[k].count());
                            ps.setDouble(5, hs[k].sum());
                            ps.setDouble(6, hs[k].min());
                            ps.setDouble(7, hs[k].max());
                            ps.setBytes(8, hs[k].encodeBuckets());
                            ps.addBatch();
                        }
                    }
                    ps.executeBatch();
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT OR REPLACE INTO status_rollups(check_id, hour, count,"
                    + " first_at, first_code, last_at, last_code, max_gap, up_ms, down_ms, maint_ms)"
                    + " VALUES(?, ?, 60, ?, 0, ?, 0, 60000, 3540000, 0, 0)")) {
                long firstHour = YEAR_START.toEpochMilli() / 3_600_000L;
                long lastHour = MONTH_START.toEpochMilli() / 3_600_000L;
                for (long h = firstHour; h < lastHour; h++) {
                    for (int i = 0; i < CHECKS; i++) {
                        ps.setInt(1, checkIds.get(check(i)));
                        ps.setLong(2, h);
                        ps.setLong(3, h * 3_600_000L + i);
                        ps.setLong(4, h * 3_600_000L + 59 * 60_000L + i);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
            }
            try (var s = c.createStatement()) {
                s.execute("UPDATE meta SET value = '" + MONTH_START.toEpochMilli()
                        + "' WHERE key = 'history.purged_before_ms'");
            }
            c.commit();
        }
        Files.move(tmp, file);
        return file;
    }

    private static Map<String, Integer> ids(Connection c, String table) throws Exception {
        Map<String, Integer> out = new LinkedHashMap<>();
        try (var s = c.createStatement(); var rs = s.executeQuery("SELECT id, name FROM " + table)) {
            while (rs.next()) {
                out.put(rs.getString(2), rs.getInt(1));
            }
        }
        return out;
    }

    /** Writes one result per check per minute in {@code [from, to)}, an hour per transaction. */
    static void writeMinutes(SqliteRunStore store, SettableClock clock, Instant from, Instant to, SplittableRandom r) {
        List<CheckRun> batch = new ArrayList<>();
        for (Instant t = from; t.isBefore(to); t = t.plus(Duration.ofMinutes(1))) {
            for (int i = 0; i < CHECKS; i++) {
                batch.add(result(i, t.plusMillis(i), r));
            }
            if (batch.size() >= CHECKS * 60) {
                clock.now = t.plusSeconds(59);
                store.record(run(batch.get(0).at(), batch));
                batch = new ArrayList<>();
            }
        }
        if (!batch.isEmpty()) {
            clock.now = to;
            store.record(run(batch.get(0).at(), batch));
        }
    }

    static void deleteWithSidecars(Path file) throws IOException {
        Files.deleteIfExists(file);
        Files.deleteIfExists(Path.of(file + "-wal"));
        Files.deleteIfExists(Path.of(file + "-shm"));
    }
}
