package dev.runbook.store;

import dev.runbook.core.Availability;
import dev.runbook.core.Status;
import dev.runbook.core.MetricPoint;
import dev.runbook.core.StoredResult;
import dev.runbook.core.history.Aggregate;
import dev.runbook.core.history.HistoryQueries;
import dev.runbook.core.history.StoredAction;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The read side of a {@link SqliteRunStore}: the {@link HistoryQueries} that reports and history-based checks
 * read, and the queries of the {@code history} verb — a check's results in a window, the latest result per
 * check, status changes, availability and downtime (runbook-format §8) and per-metric aggregates over any window
 * or calendar periods (hour, day, week, month).
 *
 * <pre>{@code
 * SqliteHistory h = store.history();
 * Availability a = h.availability("health", monthStart, monthEnd, Duration.ofMinutes(5));
 * Aggregate latency = h.aggregate("access", "p95", monthStart, monthEnd);
 * }</pre>
 *
 * <p>Windows are {@code from <= at < to}; unknown checks or metrics give empty answers, not errors. Detail
 * (exact) is used wherever it still exists; periods older than the retention come from hourly rollups, and
 * their percentiles are within {@link LogHistogram#RELATIVE_ERROR} ({@link Aggregate#approximate()}).
 * Thread-safe (calls share the store's connection under its lock); every call blocks on I/O.
 *
 * @throws dev.runbook.core.engine.RunStore.StoreException from any method when the file cannot be read
 */
public final class SqliteHistory implements HistoryQueries {
    private static final String RESULT_COLUMNS = "r.at, r.status, r.value, r.unit, r.message, runs.procedure,"
            + " r.metrics, r.flags";
    /** How many of a window's newest gaps {@link #typicalInterval} takes the median of. */
    static final int INTERVAL_SAMPLE = 1000;
    private final SqliteRunStore store;
    private final HostScope scope;

    SqliteHistory(SqliteRunStore store) {
        this(store, HostScope.FLEET);
    }

    private SqliteHistory(SqliteRunStore store, HostScope scope) {
        this.store = store;
        this.scope = scope;
    }

    /**
     * The same history narrowed to the results, runs and remediation steps of one host's runs (runbook-format §10:
     * {@code report --host NAME}); null gives the whole fleet. A narrowed history reads the host's hourly rollups
     * where the fleet's reads read the fleet's, and detail elsewhere.
     *
     * @throws IllegalArgumentException for a name {@link Hosts#check} refuses
     */
    public SqliteHistory forHost(String host) {
        return new SqliteHistory(store, HostScope.of(host));
    }

    /** The host this history is narrowed to, or null for the whole fleet. */
    public String host() {
        return scope.host();
    }

    // ------------------------------------------------------------------ HistoryReader

    @Override
    public List<MetricPoint> series(String check, String metric, Instant from, Instant to) {
        return locked("read the series " + check + "." + metric, () -> {
            List<MetricPoint> out = new ArrayList<>();
            int c = store.names.existingId(check, true);
            int m = store.names.existingId(metric, false);
            if (c < 0 || m < 0) {
                return out;
            }
            PreparedStatement ps = store.stmt(scope.narrow("SELECT at, metrics FROM results WHERE check_id = ? AND at >= ? AND at < ?"
                    + " ORDER BY at"));
            bindWindow(ps, c, from, to);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    double v = MetricCodec.find(rs.getBytes(2), m);
                    if (!Double.isNaN(v)) {
                        out.add(new MetricPoint(Instant.ofEpochMilli(rs.getLong(1)), v));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public List<StoredResult> results(String check, Instant from, Instant to) {
        return locked("read the results of " + check, () -> {
            int c = store.names.existingId(check, true);
            if (c < 0) {
                return List.of();
            }
            PreparedStatement ps = store.stmt(scope.narrow("SELECT " + RESULT_COLUMNS + " FROM results r LEFT JOIN runs ON runs.id"
                    + " = r.run_id WHERE r.check_id = ? AND r.at >= ? AND r.at < ? ORDER BY r.at"));
            bindWindow(ps, c, from, to);
            return readResults(ps, check);
        });
    }

    @Override
    public Optional<StoredResult> latest(String check) {
        return locked("read the latest result of " + check, () -> {
            int c = store.names.existingId(check, true);
            if (c < 0) {
                return Optional.empty();
            }
            PreparedStatement ps = store.stmt(scope.narrow("SELECT " + RESULT_COLUMNS + " FROM results r LEFT JOIN runs ON runs.id"
                    + " = r.run_id WHERE r.check_id = ? ORDER BY r.at DESC LIMIT 1"));
            scope.bind(ps, c);
            List<StoredResult> l = readResults(ps, check);
            return l.isEmpty() ? Optional.empty() : Optional.of(l.get(0));
        });
    }

    /**
     * The newest result of a check with {@code from <= at < to}: one indexed row, however long the window (the
     * reports' {@code services} section over a month reads this, not the month's results).
     */
    @Override
    public Optional<StoredResult> latest(String check, Instant from, Instant to) {
        return locked("read the latest result of " + check, () -> {
            int c = store.names.existingId(check, true);
            if (c < 0) {
                return Optional.empty();
            }
            PreparedStatement ps = store.stmt(scope.narrow("SELECT " + RESULT_COLUMNS + " FROM results r LEFT JOIN runs ON runs.id"
                    + " = r.run_id WHERE r.check_id = ? AND r.at >= ? AND r.at < ? ORDER BY r.at DESC LIMIT 1"));
            bindWindow(ps, c, from, to);
            List<StoredResult> l = readResults(ps, check);
            return l.isEmpty() ? Optional.empty() : Optional.of(l.get(0));
        });
    }

    /**
     * The newest value of {@code check.metric} with {@code from <= at < to}: results are read newest first and
     * the scan stops at the first that carries the metric.
     */
    @Override
    public Optional<MetricPoint> lastValue(String check, String metric, Instant from, Instant to) {
        return edgeValue(check, metric, from, to, "DESC");
    }

    /**
     * The oldest value of {@code check.metric} with {@code from <= at < to}: results are read oldest first and
     * the scan stops at the first that carries the metric.
     */
    @Override
    public Optional<MetricPoint> firstValue(String check, String metric, Instant from, Instant to) {
        return edgeValue(check, metric, from, to, "ASC");
    }

    private Optional<MetricPoint> edgeValue(String check, String metric, Instant from, Instant to, String order) {
        return locked("read a value of " + check + "." + metric,
                () -> WindowReads.edgeValue(store, scope, check, metric, from, to, order));
    }

    // ------------------------------------------------------------------ the history verb, services section

    /** Ids of every check with stored results or rollups, sorted. */
    public List<String> checks() {
        return locked("list the checks", () -> {
            List<String> out = new ArrayList<>();
            for (int id : store.names.allCheckIds()) {
                out.add(store.names.checkName(id));
            }
            out.sort(Comparator.naturalOrder());
            return out;
        });
    }

    /**
     * The hosts that recorded runs between {@code from} (inclusive) and {@code to}, with how many each, by name
     * (runbook-format §10: reports show a fleet's hosts). Runs written before hosts were recorded count under ''.
     */
    public Map<String, Integer> runsPerHost(Instant from, Instant to) {
        return locked("count the runs per host", () -> {
            Map<String, Integer> out = new java.util.LinkedHashMap<>();
            PreparedStatement ps = store.stmt("SELECT host, count(*) FROM runs WHERE started_at >= ? AND started_at < ?"
                    + (scope.fleet() ? "" : " AND host = ?") + " GROUP BY host ORDER BY host");
            if (!scope.fleet()) {
                ps.setString(3, scope.host());
            }
            ps.setLong(1, from.toEpochMilli());
            ps.setLong(2, to.toEpochMilli());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getInt(2));
                }
            }
            return out;
        });
    }

    /** The newest result of every check, by check id (sorted): the reports' {@code services} section. */
    public Map<String, StoredResult> latestPerCheck() {
        Map<String, StoredResult> out = new LinkedHashMap<>();
        for (String c : checks()) {
            latest(c).ifPresent(r -> out.put(c, r));
        }
        return out;
    }

    /**
     * One procedure's newest stored run ({@code docs --with-results}, {@code /status}): {@code id} is the run's id
     * (its steps through {@link dev.runbook.core.engine.RunJournal#run}), -1 when not known.
     */
    public record LastRun(String procedure, Instant startedAt, Duration duration, Status status, long id) {
        public LastRun(String procedure, Instant startedAt, Duration duration, Status status) {
            this(procedure, startedAt, duration, status, -1);
        }
    }

    /** The newest stored run of {@code procedure} of {@code runbook}, or empty. */
    public Optional<LastRun> lastRun(String runbook, String procedure) {
        return store.db.read("could not read the last run of " + procedure, () -> {
            PreparedStatement ps = store.stmt("SELECT started_at, duration_ms, status, id FROM runs WHERE runbook = ?"
                    + " AND procedure = ? ORDER BY started_at DESC, id DESC LIMIT 1");
            ps.setString(1, runbook);
            ps.setString(2, procedure);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new LastRun(procedure, Instant.ofEpochMilli(rs.getLong(1)),
                        Duration.ofMillis(rs.getLong(2)), Status.fromExitCode(rs.getInt(3)), rs.getLong(4)));
            }
        });
    }

    /**
     * What {@code runbook history FILE [--check ID] [--since 7d]} prints: results with {@code at >= since},
     * oldest first, of one check or (check null) of all.
     */
    public List<StoredResult> history(String check, Instant since) {
        return history(check, since, Integer.MAX_VALUE);
    }

    /** As {@link #history(String, Instant)}, keeping only the newest {@code limit} results. */
    public List<StoredResult> history(String check, Instant since, int limit) {
        Instant to = Instant.ofEpochMilli(Long.MAX_VALUE);
        List<StoredResult> all = new ArrayList<>();
        for (String c : check == null ? checks() : List.of(check)) {
            all.addAll(results(c, since, to));
        }
        all.sort(Comparator.comparing(StoredResult::at).thenComparing(StoredResult::check));
        return all.size() <= limit ? all : new ArrayList<>(all.subList(all.size() - limit, all.size()));
    }

    /** Remediation steps taken in a window, oldest first: the reports' {@code actions} section. */
    public List<StoredAction> actions(Instant from, Instant to) {
        return locked("read the actions", () -> {
            List<StoredAction> out = new ArrayList<>();
            PreparedStatement ps = store.stmt(scope.narrow("SELECT check_id, at, step, outcome, message FROM actions"
                    + " WHERE check_id = ? AND at >= ? AND at < ? ORDER BY at, run_id, seq"));
            for (int c : store.names.allCheckIds()) {
                bindWindow(ps, c, from, to);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new StoredAction(store.names.checkName(rs.getInt(1)), Instant.ofEpochMilli(rs.getLong(2)),
                                rs.getString(3), rs.getString(4), rs.getString(5)));
                    }
                }
            }
            out.sort(Comparator.comparing(StoredAction::at));
            return out;
        });
    }

    // ------------------------------------------------------------------ availability

    /**
     * Availability and downtime of a check over {@code [from, to)}, exactly as runbook-format §8 defines it: a
     * CRITICAL result means down until the next result; each result covers at most {@code 2 × interval} (its
     * schedule's interval; beyond that: no data, excluded); maintenance results' time is excluded. A result
     * before {@code from} still covers the start of the window.
     *
     * @param interval the check's schedule interval ({@link #typicalInterval} estimates one)
     */
    public Availability availability(String check, Instant from, Instant to, Duration interval) {
        Objects.requireNonNull(interval, "interval");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive, found " + interval);
        }
        long f = from.toEpochMilli();
        long t = Math.max(f, to.toEpochMilli());
        long reach = 2 * interval.toMillis();
        return locked("compute the availability of " + check, () -> {
            int c = store.names.existingId(check, true);
            Coverage cov = new Coverage(f, t, reach);
            if (c >= 0) {
                PreparedStatement rows = store.stmt(scope.narrow("SELECT at, status, flags FROM results WHERE check_id = ?"
                        + " AND at >= ? AND at < ? ORDER BY at"));
                long h0 = Math.max(ceilHour(f), scope.rollupsFromMs(store));
                long hEnd = Math.min(floorHour(t), store.rolledUntilHourNow() * SqliteRunStore.HOUR_MS);
                if (hEnd <= h0) {
                    Coverage.detail(rows, scope, c, f - reach, t, cov);
                } else { // the fleet's hours from status_rollups, one host's from host_status_rollups
                    Coverage.detail(rows, scope, c, f - reach, h0, cov);
                    Coverage.hours(store, scope, c, h0, hEnd, cov);
                    Coverage.detail(rows, scope, c, hEnd, t, cov);
                }
            }
            cov.close(Long.MAX_VALUE);
            return new Availability(check, from, to, Duration.ofMillis(cov.up), Duration.ofMillis(cov.down),
                    Duration.ofMillis(t - f - cov.up - cov.down - cov.maint), Duration.ofMillis(cov.maint),
                    cov.outages);
        });
    }

    /** {at, status, flags} of the newest result in {@code [before, from)} (if any) and every result in the window. */
    private List<long[]> statusRows(String check, Instant before, Instant from, Instant to) {
        return locked("read the statuses of " + check, () -> {
            List<long[]> rows = new ArrayList<>();
            int c = store.names.existingId(check, true);
            if (c < 0) {
                return rows;
            }
            PreparedStatement prev = store.stmt(scope.narrow("SELECT at, status, flags FROM results WHERE check_id = ? AND at >= ?"
                    + " AND at < ? ORDER BY at DESC LIMIT 1"));
            bindWindow(prev, c, before, from);
            try (ResultSet rs = prev.executeQuery()) {
                if (rs.next()) {
                    rows.add(new long[] {rs.getLong(1), rs.getInt(2), rs.getInt(3)});
                }
            }
            PreparedStatement ps = store.stmt(scope.narrow("SELECT at, status, flags FROM results WHERE check_id = ? AND at >= ?"
                    + " AND at < ? ORDER BY at"));
            bindWindow(ps, c, from, to);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new long[] {rs.getLong(1), rs.getInt(2), rs.getInt(3)});
                }
            }
            return rows;
        });
    }

    /**
     * Status changes of a check within {@code [from, to)}, oldest first; the first result is compared with the
     * one before the window ({@code from} is null when there is none).
     */
    public List<StatusChange> transitions(String check, Instant from, Instant to) {
        List<long[]> rows = statusRows(check, Instant.EPOCH, from, to);
        List<StatusChange> out = new ArrayList<>();
        Status prev = null;
        for (int i = 0; i < rows.size(); i++) {
            long[] r = rows.get(i);
            Status s = SqliteRunStore.status((int) r[1]);
            boolean inWindow = r[0] >= from.toEpochMilli();
            if (inWindow && s != prev) {
                out.add(new StatusChange(check, Instant.ofEpochMilli(r[0]), prev, s,
                        (r[2] & SqliteRunStore.FLAG_MAINTENANCE) != 0));
            }
            prev = s;
        }
        return out;
    }

    /**
     * The median gap between consecutive results of a check in the window: an estimate of its schedule's
     * interval when the caller does not know it. Only the window's newest {@value #INTERVAL_SAMPLE} gaps are read,
     * so a month of 1-minute results costs one short index scan, not 43 200 rows. Empty with fewer than two
     * results.
     */
    public Optional<Duration> typicalInterval(String check, Instant from, Instant to) {
        long[] ats = locked("read the result times of " + check,
                () -> WindowReads.newestTimes(store, scope, check, from, to, INTERVAL_SAMPLE + 1));
        if (ats.length < 2) {
            return Optional.empty();
        }
        long[] gaps = new long[ats.length - 1];
        for (int i = 1; i < ats.length; i++) {
            gaps[i - 1] = ats[i - 1] - ats[i];
        }
        Arrays.sort(gaps);
        long median = gaps[gaps.length / 2];
        return median > 0 ? Optional.of(Duration.ofMillis(median)) : Optional.empty();
    }

    // ------------------------------------------------------------------ aggregates

    /**
     * Count, sum, min, max, average, median, p95 and p99 of {@code check.metric} over {@code [from, to)}: exact
     * from detail wherever detail is kept; hours older than the retention from their rollups (approximate).
     */
    public Aggregate aggregate(String check, String metric, Instant from, Instant to) {
        return aggregate(check, metric, from, to, false);
    }

    /**
     * As {@link #aggregate(String, String, Instant, Instant)}; with {@code preferRollups} every finished hour
     * whose start lies in the window is read from its rollup even while detail exists — much faster over a
     * year, percentiles within {@link LogHistogram#RELATIVE_ERROR}.
     */
    public Aggregate aggregate(String check, String metric, Instant from, Instant to, boolean preferRollups) {
        MetricValues v = MetricValues.read(store, scope, check, metric, from, to, preferRollups, false);
        if (v.merged.count() == 0) {
            return Aggregate.exact(v.values, v.n);
        }
        LogHistogram h = v.merged;
        for (int i = 0; i < v.n; i++) {
            h.add(v.values[i]);
        }
        return h.aggregate();
    }

    /**
     * The mean of {@code check.metric} in each hour (UTC-aligned, as the rollups are) of {@code [from, to)} that
     * has values, oldest first, each at its hour's start: what a chart or sparkline draws. Finished hours are
     * read from their rollups' count and sum (exact means, no histogram decoded: a month of 1-minute results is
     * 720 rows), the hours not yet rolled up from detail.
     */
    public List<MetricPoint> hourlyMeans(String check, String metric, Instant from, Instant to) {
        return locked("read the hourly means of " + check + "." + metric,
                () -> WindowReads.read(store, scope, check, metric, from, to));
    }

    /** Calendar periods aggregates are computed over. */
    public enum Period {
        HOUR, DAY, WEEK, MONTH
    }

    /**
     * The aggregate of {@code check.metric} per calendar period in {@code zone} (weeks start on
     * {@code weekStart}) for every period overlapping {@code [from, to)} (clipped to it), oldest first.
     */
    public List<PeriodAggregate> aggregates(String check, String metric, Instant from, Instant to, Period period,
                                            ZoneId zone, DayOfWeek weekStart, boolean preferRollups) {
        List<Instant> bounds = new ArrayList<>();
        ZonedDateTime z = periodStart(from.atZone(zone), period, weekStart);
        bounds.add(from);
        while (true) {
            z = next(z, period);
            if (!z.toInstant().isBefore(to)) {
                break;
            }
            bounds.add(z.toInstant());
        }
        bounds.add(to);
        MetricValues v = MetricValues.read(store, scope, check, metric, from, to, preferRollups, true);
        List<PeriodAggregate> out = new ArrayList<>();
        int di = 0;
        for (int p = 0; p + 1 < bounds.size(); p++) {
            long ps = bounds.get(p).toEpochMilli();
            long pe = bounds.get(p + 1).toEpochMilli();
            int start = di;
            while (di < v.n && v.at[di] < pe) {
                di++;
            }
            LogHistogram h = null;
            for (Map.Entry<Long, LogHistogram> e : v.hours.subMap(ps, pe).entrySet()) {
                if (h == null) {
                    h = new LogHistogram();
                }
                h.merge(e.getValue());
            }
            Aggregate a;
            if (h == null) {
                a = Aggregate.exact(Arrays.copyOfRange(v.values, start, di), di - start);
            } else {
                for (int i = start; i < di; i++) {
                    h.add(v.values[i]);
                }
                a = h.aggregate();
            }
            out.add(new PeriodAggregate(bounds.get(p), bounds.get(p + 1), a));
        }
        return out;
    }

    private static ZonedDateTime periodStart(ZonedDateTime t, Period p, DayOfWeek weekStart) {
        switch (p) {
            case HOUR:
                return t.truncatedTo(ChronoUnit.HOURS);
            case DAY:
                return t.toLocalDate().atStartOfDay(t.getZone());
            case WEEK:
                return t.toLocalDate().with(TemporalAdjusters.previousOrSame(weekStart)).atStartOfDay(t.getZone());
            default:
                return t.toLocalDate().withDayOfMonth(1).atStartOfDay(t.getZone());
        }
    }

    private static ZonedDateTime next(ZonedDateTime t, Period p) {
        switch (p) {
            case HOUR:
                return t.plusHours(1);
            case DAY:
                return t.toLocalDate().plusDays(1).atStartOfDay(t.getZone());
            case WEEK:
                return t.toLocalDate().plusWeeks(1).atStartOfDay(t.getZone());
            default:
                return t.toLocalDate().plusMonths(1).atStartOfDay(t.getZone());
        }
    }

    static long floorHour(long ms) {
        return Math.floorDiv(ms, SqliteRunStore.HOUR_MS) * SqliteRunStore.HOUR_MS;
    }

    static long ceilHour(long ms) {
        return -Math.floorDiv(-ms, SqliteRunStore.HOUR_MS) * SqliteRunStore.HOUR_MS;
    }

    // ------------------------------------------------------------------ plumbing

    private List<StoredResult> readResults(PreparedStatement ps, String check) throws SQLException {
        List<StoredResult> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                double value = rs.getDouble(3);
                Double boxed = rs.wasNull() ? null : value;
                out.add(new StoredResult(check, Instant.ofEpochMilli(rs.getLong(1)),
                        SqliteRunStore.status(rs.getInt(2)), boxed, rs.getString(4), rs.getString(5), rs.getString(6),
                        MetricCodec.decode(rs.getBytes(7), store.names::metricName),
                        (rs.getInt(8) & SqliteRunStore.FLAG_MAINTENANCE) != 0));
            }
        }
        return out;
    }

    private void bindWindow(PreparedStatement ps, int check, Instant from, Instant to) throws SQLException {
        scope.bind(ps, check, from.toEpochMilli(), to.toEpochMilli());
    }

    @FunctionalInterface
    private interface Query<T> {
        T run() throws SQLException;
    }

    private <T> T locked(String what, Query<T> q) {
        store.lock.lock();
        try {
            store.connection();
            return q.run();
        } catch (SQLException e) {
            throw store.failure("could not " + what, e);
        } finally {
            store.lock.unlock();
        }
    }
}
