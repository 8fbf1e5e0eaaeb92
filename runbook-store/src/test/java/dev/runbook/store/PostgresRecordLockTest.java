package dev.runbook.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.core.ManualClock;
import dev.runbook.core.Status;
import dev.runbook.core.history.Aggregate;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * On PostgreSQL the fleet's hosts record their runs side by side (issue #18: 50 hosts' p99 commit): a run that
 * only adds rows of the current hour takes the store's write lock in shared mode, so it commits while another
 * host holds that lock in shared mode too (with the lock taken exclusively it would wait for the other host).
 * The hourly fold stops none of them: it waits only for runs still adding results to the hour it folds, and
 * such a run, once the fold is committed, merges its results into that hour's rollups.
 */
class PostgresRecordLockTest {
    static final Instant NOW = Instant.parse("2026-11-02T08:30:00Z");

    @Test
    void aRunOfTheCurrentHourCommitsWhileAnotherHostIsRecording() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String database = pg.newDatabase();
        PostgresDialect server = PostgresDialect.of(pg.url(database), PostgresServer.USER, PostgresServer.PASSWORD);
        ManualClock clock = new ManualClock(NOW, ZoneOffset.UTC);
        try (Store store = Store.open(server, null, clock).host("host-a");
             Connection other = pg.connect(database); Statement s = other.createStatement()) {
            // another host in the middle of recording its run: the lock held in shared mode
            s.execute("BEGIN");
            s.execute("SELECT pg_advisory_xact_lock_shared(" + PostgresDialect.WRITE_LOCK + ")");
            CompletableFuture<Void> recorded = CompletableFuture.runAsync(() -> store.runs().record(
                    Runs.run(NOW, List.of(Runs.result("disk", NOW, Status.OK, Map.of("used", 50.0)),
                            Runs.result("cpu", NOW.plusMillis(1), Status.OK, Map.of("load", 0.5))))));
            // generous bound: an exclusive lock would wait for the other transaction (30 s lock timeout, then fail)
            recorded.get(60, TimeUnit.SECONDS);
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM results")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(2);
            }
            s.execute("COMMIT");
        }
    }

    /** The key of the advisory lock the test holds to park a fold inside its transaction. */
    static final long PARK = 4242;

    @Test
    void aFoldInProgressStopsNoRunOfTheCurrentHour() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String database = pg.newDatabase();
        ManualClock clockA = new ManualClock(NOW, ZoneOffset.UTC);
        Instant nextHour = Instant.parse("2026-11-02T09:00:10Z");
        ManualClock clockB = new ManualClock(nextHour, ZoneOffset.UTC);
        try (Connection test = pg.connect(database); Statement s = test.createStatement();
             Store a = Store.open(host(pg, database, "rb_host_a"), null, clockA).host("host-a");
             Store b = Store.open(host(pg, database, "rb_host_b"), null, clockB).host("host-b")) {
            a.runs().record(Runs.run(NOW, List.of(Runs.result("disk", NOW, Status.OK, Map.of("used", 50.0)))));
            parkFolds(s);
            clockA.set(Instant.parse("2026-11-02T09:00:05Z"));
            CompletableFuture<Void> fold = CompletableFuture.runAsync(() -> a.runs().maintain());
            try {
                awaitTrue("the fold to park inside its transaction", () -> count(pg, database,
                        "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND objid = " + PARK) == 1);
                // host b records a run of the new hour while hour 08 is being folded: it must not wait for the fold
                CompletableFuture<Void> recorded = CompletableFuture.runAsync(() -> b.runs().record(Runs.run(nextHour,
                        List.of(Runs.result("disk", nextHour, Status.OK, Map.of("used", 60.0))))));
                // generous bound, below the 30 s lock timeout a run waiting for the fold would reach
                recorded.get(20, TimeUnit.SECONDS);
                assertThat(fold).as("the fold is still parked").isNotDone();
            } finally {
                s.execute("SELECT pg_advisory_unlock(" + PARK + ")");
            }
            fold.get(60, TimeUnit.SECONDS);
            assertThat(count(pg, database, "SELECT count(*) FROM results")).isEqualTo(2);
            assertThat(count(pg, database, "SELECT value::bigint FROM meta WHERE key = 'history.rolled_until_hour'"))
                    .as("hour 08 folded").isEqualTo(hour(nextHour));
        }
    }

    @Test
    void aRunStillAddingToTheHourBeingFoldedIsWaitedForAndMergedIntoItsRollups() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String database = pg.newDatabase();
        ManualClock clockA = new ManualClock(NOW, ZoneOffset.UTC);
        Instant lagging = Instant.parse("2026-11-02T08:59:58Z");
        ManualClock clockC = new ManualClock(lagging, ZoneOffset.UTC);
        try (Connection test = pg.connect(database); Statement s = test.createStatement();
             Store a = Store.open(host(pg, database, "rb_host_a"), null, clockA).host("host-a");
             Store c = Store.open(host(pg, database, "rb_host_c"), null, clockC).host("host-c")) {
            a.runs().record(Runs.run(NOW, List.of(Runs.result("disk", NOW, Status.OK, Map.of("used", 50.0)))));
            parkFolds(s);
            clockA.set(Instant.parse("2026-11-02T09:00:05Z"));
            CompletableFuture<Void> fold = CompletableFuture.runAsync(() -> a.runs().maintain());
            CompletableFuture<Void> recorded;
            try {
                awaitTrue("the fold to park inside its transaction", () -> count(pg, database,
                        "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND objid = " + PARK) == 1);
                // host c's clock lags: by it, 08:59:58 is still the current hour
                recorded = CompletableFuture.runAsync(() -> c.runs().record(Runs.run(lagging,
                        List.of(Runs.result("disk", lagging, Status.OK, Map.of("used", 70.0))))));
                awaitTrue("host c to wait for the fold of its hour", () -> count(pg, database, "SELECT count(*) FROM"
                        + " pg_stat_activity WHERE usename = 'rb_host_c' AND wait_event_type = 'Lock'") == 1);
            } finally {
                s.execute("SELECT pg_advisory_unlock(" + PARK + ")");
            }
            fold.get(60, TimeUnit.SECONDS);
            recorded.get(60, TimeUnit.SECONDS);
            Instant hourStart = Instant.parse("2026-11-02T08:00:00Z");
            Aggregate fromRollups = a.runs().history().aggregate("disk", "used", hourStart,
                    hourStart.plus(Duration.ofHours(1)), true);
            assertThat(fromRollups.approximate()).as("hour 08 is read from its rollups").isTrue();
            assertThat(fromRollups.count()).as("host c's result is in hour 08's rollups").isEqualTo(2);
            assertThat(fromRollups.max()).isEqualTo(70.0);
        }
    }

    @Test
    void aSecondHostLeavesTheFoldToTheOneFoldingAndTheHourIsFoldedOnce() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String database = pg.newDatabase();
        ManualClock clockA = new ManualClock(NOW, ZoneOffset.UTC);
        ManualClock clockB = new ManualClock(NOW.plusSeconds(1), ZoneOffset.UTC);
        Instant next = Instant.parse("2026-11-02T09:00:05Z");
        try (Connection test = pg.connect(database); Statement s = test.createStatement();
             Store a = Store.open(host(pg, database, "rb_host_a"), null, clockA).host("host-a");
             Store b = Store.open(host(pg, database, "rb_host_b"), null, clockB).host("host-b")) {
            a.runs().record(Runs.run(NOW, List.of(Runs.result("disk", NOW, Status.OK, Map.of("used", 50.0)))));
            b.runs().record(Runs.run(NOW.plusSeconds(1), List.of(Runs.result("disk", NOW.plusSeconds(1), Status.OK,
                    Map.of("used", 55.0)))));
            parkFolds(s);
            clockA.set(next);
            clockB.set(next);
            CompletableFuture<Void> fold = CompletableFuture.runAsync(() -> a.runs().maintain());
            try {
                awaitTrue("the fold to park inside its transaction", () -> count(pg, database,
                        "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND objid = " + PARK) == 1);
                // host b's own fold of the same hour: it must neither wait for host a's nor fold the hour again
                CompletableFuture.runAsync(() -> b.runs().maintain()).get(20, TimeUnit.SECONDS);
                assertThat(fold).as("host a's fold is still parked").isNotDone();
            } finally {
                s.execute("SELECT pg_advisory_unlock(" + PARK + ")");
            }
            fold.get(60, TimeUnit.SECONDS);
            b.runs().maintain(); // the hour is folded: nothing left to do
            Instant hourStart = Instant.parse("2026-11-02T08:00:00Z");
            Aggregate fromRollups = b.runs().history().aggregate("disk", "used", hourStart,
                    hourStart.plus(Duration.ofHours(1)), true);
            assertThat(fromRollups.approximate()).isTrue();
            assertThat(fromRollups.count()).as("hour 08 folded once").isEqualTo(2);
            assertThat(count(pg, database, "SELECT count(*) FROM status_rollups")).isEqualTo(1);
        }
    }

    /** A trigger that parks every fold on {@link #PARK} (held here) as it writes its first status rollup. */
    private static void parkFolds(Statement s) throws Exception {
        s.execute("CREATE FUNCTION park_fold() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                + " PERFORM pg_advisory_lock(" + PARK + "); PERFORM pg_advisory_unlock(" + PARK + "); RETURN NEW; END $$");
        s.execute("CREATE TRIGGER park_fold BEFORE INSERT ON status_rollups FOR EACH ROW EXECUTE FUNCTION park_fold()");
        s.execute("SELECT pg_advisory_lock(" + PARK + ")");
    }

    /** A store dialect logging in as its own role: one process keeps one connection per server and user. */
    private static PostgresDialect host(PostgresServer pg, String database, String role) throws Exception {
        try (Connection c = pg.connect(database); Statement s = c.createStatement()) {
            s.execute("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '" + role + "') THEN"
                    + " CREATE ROLE " + role + " LOGIN SUPERUSER PASSWORD '" + PostgresServer.PASSWORD + "'; END IF; END $$");
        }
        return PostgresDialect.of(pg.url(database), role, PostgresServer.PASSWORD);
    }

    private static long hour(Instant t) {
        return Math.floorDiv(t.toEpochMilli(), 3_600_000L);
    }

    private static long count(PostgresServer pg, String database, String query) {
        try (Connection c = pg.connect(database); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Polls until {@code condition} holds; fails after a generous bound (never a measure of speed). */
    private static void awaitTrue(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited 30 s for " + what);
            }
            Thread.sleep(20);
        }
    }
}
