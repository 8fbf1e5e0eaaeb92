package dev.runbook.store;

import dev.runbook.core.Availability;
import dev.runbook.core.ManualClock;
import dev.runbook.core.MetricPoint;
import dev.runbook.core.Status;
import dev.runbook.core.StoredResult;
import dev.runbook.core.engine.CheckRun;
import dev.runbook.core.history.Aggregate;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Per-host hourly rollups (schema version 7; issue #18: a month report for one host reads rollups, not the
 * host's detail), run against every engine: {@link SqliteHostRollupsTest} on a file, {@link PostgresHostRollupsTest}
 * on a real PostgreSQL server. Each test's {@link #openStore} calls reach one new, empty database.
 *
 * <p>Two hosts write a month of 15-minute results of one check with different latencies, outages and
 * maintenance; a history narrowed to one host must give, from its rollups, the figures its detail gives: counts,
 * sums, min, max and availability exact, percentiles within {@link LogHistogram#RELATIVE_ERROR}.
 */
abstract class HostRollupsSuite {
    static final Instant MONTH = Instant.parse("2026-10-01T00:00:00Z");
    static final Instant END = Instant.parse("2026-11-01T00:00:00Z");
    static final Duration EVERY = Duration.ofMinutes(15);
    /** A host name with a quote: narrowed reads bind it, never splice it into SQL. */
    static final String[] HOSTS = {"web-1", "db'2"};

    /** Opens (or reopens) this test's store. */
    abstract Store openStore(Duration retention, Clock clock);

    /**
     * Writes the hours {@code [from, to)} for both hosts as a daemon would: each host records an hour's four
     * results in one run near the hour's end, so the hour before is folded by the next record.
     */
    static void write(Store[] hosts, ManualClock clock, Instant from, Instant to) {
        for (Instant hour = from; hour.isBefore(to); hour = hour.plus(Duration.ofHours(1))) {
            clock.set(hour.plus(Duration.ofMinutes(55)));
            for (int h = 0; h < hosts.length; h++) {
                Instant first = hour.plus(Duration.ofMinutes(5L * h));
                List<CheckRun> results = new ArrayList<>();
                for (int q = 0; q < 4; q++) {
                    Instant at = first.plus(EVERY.multipliedBy(q));
                    results.add(Runs.result("api", at, status(h, at), Map.of("latency", latency(h, at)),
                            maintenance(h, at), List.of()));
                }
                hosts[h].runs().record(Runs.run(first, results));
            }
        }
    }

    /** web-1 is down on the 3rd from 10:00 to 11:30 and warns often; db'2 fails now and then. */
    static Status status(int host, Instant at) {
        long minute = Duration.between(MONTH, at).toMinutes();
        if (host == 0) {
            boolean outage = minute >= 2 * 1440 + 600 && minute < 2 * 1440 + 690;
            return outage ? Status.CRITICAL : minute % 7 == 0 ? Status.WARNING : Status.OK;
        }
        return new Random(minute).nextInt(40) == 0 ? Status.CRITICAL : Status.OK;
    }

    /** db'2 is in maintenance on the 10th from 02:00 to 04:00. */
    static boolean maintenance(int host, Instant at) {
        long minute = Duration.between(MONTH, at).toMinutes();
        return host == 1 && minute >= 9 * 1440 + 120 && minute < 9 * 1440 + 240;
    }

    /** Log-normal latencies, ten times higher on db'2. */
    static double latency(int host, Instant at) {
        Random r = new Random(at.toEpochMilli() * 31 + host);
        return Math.exp(r.nextGaussian()) / (host == 0 ? 10 : 1);
    }

    private static Store[] open(HostRollupsSuite suite, Duration retention, ManualClock clock) {
        Store[] stores = new Store[HOSTS.length];
        for (int h = 0; h < HOSTS.length; h++) {
            stores[h] = suite.openStore(retention, clock).host(HOSTS[h]);
        }
        return stores;
    }

    private static void close(Store[] stores) {
        for (Store s : stores) {
            s.close();
        }
    }

    /** What one host's detail says about the month: its results, exact aggregates, availability, hourly means. */
    record Figures(List<StoredResult> results, Aggregate latency, Availability availability,
                   List<MetricPoint> hourlyMeans) {
        static Figures ofDetail(SqliteHistory one) {
            List<StoredResult> results = one.results("api", MONTH, END);
            double[] values = results.stream().mapToDouble(r -> r.metrics().get("latency")).toArray();
            Aggregate exact = Aggregate.exact(values.clone(), values.length);
            Availability a = Availability.of("api", results, MONTH, END, EVERY);
            TreeMap<Instant, double[]> hours = new TreeMap<>();
            for (StoredResult r : results) {
                double[] s = hours.computeIfAbsent(Instant.ofEpochMilli(SqliteHistory.floorHour(r.at().toEpochMilli())),
                        k -> new double[2]);
                s[0]++;
                s[1] += r.metrics().get("latency");
            }
            List<MetricPoint> means = new ArrayList<>();
            hours.forEach((at, s) -> means.add(new MetricPoint(at, s[1] / s[0])));
            return new Figures(results, exact, a, means);
        }
    }

    /** Asserts that {@code one}'s month figures (its rollups where the fleet's reads take the fleet's) match its detail. */
    static void assertFiguresMatch(SqliteHistory one, Figures detail) {
        Aggregate fromRollups = one.aggregate("api", "latency", MONTH, END, true);
        Aggregate d = detail.latency();
        assertThat(fromRollups.approximate()).as("read from the host's rollups").isTrue();
        assertThat(fromRollups.count()).isEqualTo(d.count());
        assertThat(fromRollups.sum()).isCloseTo(d.sum(), within(Math.abs(d.sum()) * 1e-10));
        assertThat(fromRollups.min()).isEqualTo(d.min());
        assertThat(fromRollups.max()).isEqualTo(d.max());
        assertThat(fromRollups.p50()).isCloseTo(d.p50(), within(d.p50() * LogHistogram.RELATIVE_ERROR));
        assertThat(fromRollups.p95()).isCloseTo(d.p95(), within(d.p95() * LogHistogram.RELATIVE_ERROR));
        assertThat(fromRollups.p99()).isCloseTo(d.p99(), within(d.p99() * LogHistogram.RELATIVE_ERROR));
        List<PeriodAggregate> days = one.aggregates("api", "latency", MONTH, END, SqliteHistory.Period.DAY,
                ZoneOffset.UTC, DayOfWeek.MONDAY, true);
        assertThat(days).hasSize(31).allSatisfy(p -> assertThat(p.aggregate().count()).isEqualTo(96));
        List<MetricPoint> means = one.hourlyMeans("api", "latency", MONTH, END);
        assertThat(means).hasSize(detail.hourlyMeans().size());
        for (int i = 0; i < means.size(); i++) {
            assertThat(means.get(i).at()).isEqualTo(detail.hourlyMeans().get(i).at());
            assertThat(means.get(i).value()).isCloseTo(detail.hourlyMeans().get(i).value(), within(1e-9));
        }
        Availability a = one.availability("api", MONTH, END, EVERY);
        Availability e = detail.availability();
        assertThat(a.up()).isEqualTo(e.up());
        assertThat(a.down()).isEqualTo(e.down());
        assertThat(a.maintenance()).isEqualTo(e.maintenance());
        assertThat(a.noData()).isEqualTo(e.noData());
        assertThat(a.outages()).as("outages listed from the host's hourly summaries").isEqualTo(e.outages())
                .hasSizeGreaterThan(0);
    }

    @Test
    void aHostsMonthFromItsRollupsHasTheFiguresOfItsDetailEvenOnceTheDetailIsGone() {
        ManualClock clock = new ManualClock(MONTH, ZoneOffset.UTC);
        Store[] hosts = open(this, null, clock);
        Figures[] detail = new Figures[HOSTS.length];
        try {
            write(hosts, clock, MONTH, END);
            clock.set(END.plus(Duration.ofHours(8)));
            hosts[0].runs().maintain();
            SqliteHistory fleet = hosts[0].history();
            for (int h = 0; h < HOSTS.length; h++) {
                SqliteHistory one = fleet.forHost(HOSTS[h]);
                detail[h] = Figures.ofDetail(one);
                assertThat(detail[h].results()).hasSize(31 * 24 * 4);
                assertThat(detail[h].latency().approximate()).isFalse();
                assertThat(one.aggregate("api", "latency", MONTH, END, false)).as("detail, exact")
                        .isEqualTo(detail[h].latency());
                assertFiguresMatch(one, detail[h]);
            }
            // the hosts differ, so a narrowed figure that came from the fleet's rollups would show it
            assertThat(detail[0].availability().down()).isEqualTo(Duration.ofMinutes(90));
            assertThat(detail[1].availability().maintenance()).isEqualTo(Duration.ofHours(2));
            assertThat(detail[1].latency().p50()).isGreaterThan(detail[0].latency().p50() * 5);
            Aggregate all = fleet.aggregate("api", "latency", MONTH, END, true);
            assertThat(all.count()).isEqualTo(2L * 31 * 24 * 4);
            assertThat(all.sum()).isCloseTo(detail[0].latency().sum() + detail[1].latency().sum(), within(1e-6));
        } finally {
            close(hosts);
        }
        // a day's retention: the month's detail is purged, its figures now come only from the rollups
        clock.set(END.plus(Duration.ofDays(2)));
        Store[] later = open(this, Duration.ofDays(1), clock);
        try {
            later[0].runs().maintain();
            for (int h = 0; h < HOSTS.length; h++) {
                SqliteHistory one = later[0].history().forHost(HOSTS[h]);
                assertThat(one.results("api", MONTH, END)).as("detail purged").isEmpty();
                assertFiguresMatch(one, detail[h]);
                Aggregate kept = one.aggregate("api", "latency", MONTH, END, false);
                assertThat(kept.count()).isEqualTo(detail[h].latency().count());
                assertThat(kept.sum()).isCloseTo(detail[h].latency().sum(), within(detail[h].latency().sum() * 1e-10));
            }
        } finally {
            close(later);
        }
    }

    @Test
    void aLateResultIsAddedToItsRunsHostsRollupOnly() {
        ManualClock clock = new ManualClock(MONTH, ZoneOffset.UTC);
        Store[] hosts = open(this, null, clock);
        try {
            write(hosts, clock, MONTH, MONTH.plus(Duration.ofHours(3)));
            clock.set(MONTH.plus(Duration.ofHours(3)));
            hosts[0].runs().maintain();
            // db'2's launcher started in hour 0 and records only now, after the hour was folded
            Instant late = MONTH.plus(Duration.ofMinutes(59));
            hosts[1].runs().record(Runs.run(late, List.of(Runs.result("api", late, Status.CRITICAL,
                    Map.of("latency", 1000.0)))));
            Instant hourEnd = MONTH.plus(Duration.ofHours(1));
            SqliteHistory fleet = hosts[0].history();
            Aggregate two = fleet.forHost(HOSTS[1]).aggregate("api", "latency", MONTH, hourEnd, true);
            Aggregate one = fleet.forHost(HOSTS[0]).aggregate("api", "latency", MONTH, hourEnd, true);
            assertThat(two.approximate()).isTrue();
            assertThat(two.count()).isEqualTo(5);
            assertThat(two.max()).isEqualTo(1000.0);
            assertThat(one.count()).isEqualTo(4);
            assertThat(one.max()).isLessThan(1000.0);
            Availability a = fleet.forHost(HOSTS[1]).availability("api", MONTH, hourEnd, EVERY);
            assertThat(a).isEqualTo(Availability.of("api", fleet.forHost(HOSTS[1]).results("api", MONTH, hourEnd),
                    MONTH, hourEnd, EVERY));
            assertThat(a.down()).isEqualTo(Duration.ofMinutes(1));
        } finally {
            close(hosts);
        }
    }

    /**
     * Random histories of two hosts, with gaps beyond the reach (hours then read from detail, in batches) and
     * outages across hour boundaries: one host's availability from its hourly summaries equals the definition
     * applied to its results, before and after folding, for windows of every shape.
     */
    @Test
    void aHostsAvailabilityFromItsHourlySummariesMatchesTheDefinitionOnARandomHistory() {
        ManualClock clock = new ManualClock(MONTH, ZoneOffset.UTC);
        Store[] hosts = open(this, null, clock);
        Duration interval = Duration.ofMinutes(10);
        try {
            Random r = new Random(11);
            int[] minute = {0, 3};
            List<int[]> events = new ArrayList<>(); // host, minute, status, maintenance
            for (int i = 0; i < 800; i++) {
                int h = i % 2;
                minute[h] += 1 + (r.nextInt(10) == 0 ? 25 : r.nextInt(12));
                int st = r.nextInt(5) == 0 ? 2 : r.nextInt(7) == 0 ? 3 : 0;
                events.add(new int[] {h, minute[h], st, r.nextInt(15) == 0 ? 1 : 0});
            }
            events.sort(java.util.Comparator.comparingInt((int[] e) -> e[1]).thenComparingInt(e -> e[0]));
            for (int[] e : events) { // in time order, as the hosts would record them
                Instant at = MONTH.plus(Duration.ofMinutes(e[1]));
                clock.set(at);
                hosts[e[0]].runs().record(Runs.run(at, List.of(Runs.result("api", at, Status.fromExitCode(e[2]),
                        Map.of("latency", 1.0), e[3] == 1, List.of()))));
            }
            int end = Math.max(minute[0], minute[1]);
            for (int pass = 0; pass < 2; pass++) {
                if (pass == 1) {
                    clock.set(MONTH.plus(Duration.ofMinutes(end + 120)));
                    hosts[0].runs().maintain();
                }
                for (int[] w : new int[][] {{0, end + 30}, {100, 900}, {333, 334}, {-50, 20}, {60, 60 * 30}, {61, end}}) {
                    Instant f = MONTH.plus(Duration.ofMinutes(w[0]));
                    Instant t = MONTH.plus(Duration.ofMinutes(w[1]));
                    for (String host : HOSTS) {
                        SqliteHistory one = hosts[0].history().forHost(host);
                        Availability fromStore = one.availability("api", f, t, interval);
                        Availability definition = Availability.of("api",
                                one.results("api", f.minus(interval.multipliedBy(2)), t), f, t, interval);
                        assertThat(fromStore).as("pass %s, %s, window %s..%s", pass, host, w[0], w[1])
                                .isEqualTo(definition);
                    }
                }
            }
        } finally {
            close(hosts);
        }
    }

    /**
     * A store folded by a version-6 binary (fleet rollups only) is migrated to 7; maintenance folds per-host rows
     * for the hours whose detail is still kept. Hours purged before the upgrade have no per-host figures.
     */
    @Test
    void hoursFoldedBeforeVersion7GetPerHostRollupsFromTheDetailStillKept() {
        ManualClock clock = new ManualClock(MONTH, ZoneOffset.UTC);
        Instant fourDays = MONTH.plus(Duration.ofDays(4));
        Instant twoDays = MONTH.plus(Duration.ofDays(2));
        Store[] hosts = open(this, Duration.ofDays(2), clock);
        Figures kept;
        try {
            write(hosts, clock, MONTH, fourDays);
            clock.set(fourDays.plus(Duration.ofMinutes(30)));
            hosts[0].runs().maintain();
            SqliteHistory one = hosts[0].history().forHost(HOSTS[0]);
            assertThat(one.results("api", MONTH, twoDays)).as("purged by the retention").isEmpty();
            kept = Figures.ofDetail(one);
            assertThat(kept.results()).hasSize(2 * 24 * 4);
            // what a version-6 store looks like: no per-host rollups, no mark, version 6
            hosts[0].connection().write("make the store a version-6 one", () -> {
                try (Statement s = hosts[0].connection().jdbc().createStatement()) {
                    s.execute("DROP TABLE host_rollups");
                    s.execute("DROP TABLE host_status_rollups");
                    s.execute("DELETE FROM meta WHERE key = '" + Migrations.HOST_ROLLED_FROM_KEY + "'");
                    s.execute("DELETE FROM schema_version WHERE version = 7");
                }
                return null;
            });
        } finally {
            close(hosts);
        }
        Store[] upgraded = open(this, Duration.ofDays(2), clock);
        try {
            assertThat(upgraded[0].schemaVersionAtOpen()).isEqualTo(6);
            SqliteHistory one = upgraded[0].history().forHost(HOSTS[0]);
            // before maintenance has folded them back, narrowed reads take these hours from detail
            assertThat(one.aggregate("api", "latency", twoDays, fourDays, true).count())
                    .isEqualTo(kept.latency().count());
            upgraded[0].runs().maintain();
            assertThat(markAndOldestHostHour(upgraded[0])).containsExactly(hour(twoDays), hour(twoDays));
            Aggregate fromRollups = one.aggregate("api", "latency", twoDays, fourDays, true);
            assertThat(fromRollups.approximate()).isTrue();
            assertThat(fromRollups.count()).isEqualTo(kept.latency().count());
            assertThat(fromRollups.sum()).isCloseTo(kept.latency().sum(), within(kept.latency().sum() * 1e-10));
            Availability fromDetail = Availability.of("api", kept.results(), twoDays, fourDays, EVERY);
            Availability a = one.availability("api", twoDays, fourDays, EVERY);
            assertThat(a.up()).isEqualTo(fromDetail.up());
            assertThat(a.down()).isEqualTo(fromDetail.down()).isEqualTo(Duration.ofMinutes(90));
            // hours purged before the upgrade: the fleet still has them, one host has nothing
            assertThat(upgraded[0].history().aggregate("api", "latency", MONTH, twoDays, true).count())
                    .isEqualTo(2L * 2 * 24 * 4);
            assertThat(one.aggregate("api", "latency", MONTH, twoDays, true).count()).isZero();
        } finally {
            close(upgraded);
        }
    }

    private static long hour(Instant t) {
        return Math.floorDiv(t.toEpochMilli(), SqliteRunStore.HOUR_MS);
    }

    /** The per-host mark and the oldest hour with per-host rollups. */
    private static List<Long> markAndOldestHostHour(Store store) {
        return store.connection().read("read the per-host rollups", () -> {
            try (Statement s = store.connection().jdbc().createStatement();
                 ResultSet mark = s.executeQuery("SELECT value FROM meta WHERE key = '"
                         + Migrations.HOST_ROLLED_FROM_KEY + "'")) {
                mark.next();
                long m = Long.parseLong(mark.getString(1));
                try (ResultSet oldest = s.executeQuery("SELECT min(hour) FROM host_rollups")) {
                    oldest.next();
                    return Arrays.asList(m, oldest.getLong(1));
                }
            }
        });
    }
}
