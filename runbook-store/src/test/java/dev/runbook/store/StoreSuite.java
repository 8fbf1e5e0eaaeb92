package dev.runbook.store;

import dev.runbook.core.ManualClock;
import dev.runbook.core.Status;
import dev.runbook.core.action.Outcome;
import dev.runbook.core.engine.ActionRun;
import dev.runbook.core.engine.CheckRun;
import dev.runbook.core.Availability;
import dev.runbook.core.Outage;
import dev.runbook.core.StoredResult;
import dev.runbook.core.history.Aggregate;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The store's behaviour, run against every database engine it supports: {@link SqliteStoreTest} on a file,
 * {@link PostgresStoreTest} on a real PostgreSQL server. A subclass says how to open "the" store of one test:
 * every {@link #open} within a test reaches the same database, a new test a new, empty one.
 */
abstract class StoreSuite {
    static final Instant NOV = Instant.parse("2026-11-28T09:00:00Z");

    /** Opens (or reopens) this test's store for its history alone. */
    abstract SqliteRunStore open(Duration retention, Clock clock);

    /** Opens (or reopens) this test's store. */
    abstract Store openStore(Duration retention, Clock clock);

    @Nested
    class Schema {
        @Test
        void isCreatedOnFirstUseAndANewerSchemaIsRefusedClearly() {
            ManualClock clock = new ManualClock(NOV, ZoneOffset.UTC);
            try (Store store = openStore(null, clock)) {
                assertThat(store.schemaVersionAtOpen()).isZero();
                assertThat(store.schemaVersion()).isEqualTo(Migrations.CURRENT);
            }
            try (Store store = openStore(null, clock)) {
                assertThat(store.schemaVersionAtOpen()).isEqualTo(Migrations.CURRENT);
                store.connection().write("test", () -> {
                    try (var ps = store.connection().jdbc().prepareStatement(
                            "INSERT INTO schema_version(version, applied_at) VALUES(?, ?)")) {
                        ps.setInt(1, Migrations.CURRENT + 1);
                        ps.setLong(2, clock.millis());
                        return ps.executeUpdate();
                    }
                });
            }
            assertThatThrownBy(() -> openStore(null, clock)).isInstanceOf(StoreException.class)
                    .hasMessageContaining("has schema version " + (Migrations.CURRENT + 1))
                    .hasMessageContaining("newer than this runbook understands");
        }
    }

    @Nested
    class Fleet {
        final ManualClock clock = new ManualClock(NOV, ZoneOffset.UTC);

        @Test
        void everyRunCarriesItsHostAndTheFleetOrOneHostCanBeRead() {
            try (Store web1 = openStore(null, clock).host("web-1"); Store web2 = openStore(null, clock).host("web-2")) {
                web1.runs().record(Runs.single("health", NOV, Status.OK, 1));
                web2.runs().record(Runs.single("health", NOV.plusSeconds(1), Status.CRITICAL, 0));
                web2.runs().record(Runs.single("disk", NOV.plusSeconds(2), Status.OK, 40));
                assertThat(web1.hosts().hosts()).containsExactly("web-1", "web-2");
                assertThat(web1.hosts().results(null, "health", NOV)).extracting(Hosts.HostResult::host,
                        Hosts.HostResult::status).containsExactly(org.assertj.core.groups.Tuple.tuple("web-1", Status.OK),
                        org.assertj.core.groups.Tuple.tuple("web-2", Status.CRITICAL));
                assertThat(web1.hosts().results("web-2", null, NOV)).extracting(Hosts.HostResult::check)
                        .containsExactly("health", "disk");
                assertThat(web1.hosts().results("web-3", null, NOV)).isEmpty();
            }
            assertThatThrownBy(() -> Hosts.check("web 1")).hasMessageContaining("without spaces");
        }

        @Test
        void aHistoryNarrowedToOneHostReadsOnlyThatHostsResultsNotTheFleetsRollups() {
            Instant from = NOV;
            Instant to = NOV.plus(Duration.ofHours(4));
            try (Store web1 = openStore(null, clock).host("web-1"); Store web2 = openStore(null, clock).host("web-2")) {
                for (Instant at = from; at.isBefore(to); at = at.plus(Duration.ofMinutes(1))) {
                    clock.set(at);
                    boolean down = !at.isBefore(NOV.plus(Duration.ofHours(1))) && at.isBefore(NOV.plus(Duration.ofHours(2)));
                    web1.runs().record(Runs.run(at, List.of(Runs.result("health", at, Status.OK, Map.of("latency", 1.0)))));
                    web2.runs().record(Runs.run(at.plusSeconds(30), List.of(Runs.result("health", at.plusSeconds(30),
                            down ? Status.CRITICAL : Status.OK, Map.of("latency", 3.0)))));
                }
                clock.set(to.plus(Duration.ofHours(2)));
                web1.runs().record(Runs.run(clock.instant(), List.of(Runs.result("other", clock.instant(), Status.OK,
                        Map.of()))));
                SqliteHistory fleet = web1.history();
                SqliteHistory one = fleet.forHost("web-1");
                SqliteHistory two = fleet.forHost("web-2");
                assertThat(fleet.host()).isNull();
                assertThat(two.host()).isEqualTo("web-2");
                // the fleet's month-style reads take the rollups; one host's must not (they hold both hosts)
                assertThat(fleet.aggregate("health", "latency", from, to, true).count()).isEqualTo(480);
                assertThat(one.aggregate("health", "latency", from, to, true).count()).isEqualTo(240);
                assertThat(one.aggregate("health", "latency", from, to, true).max()).isEqualTo(1.0);
                assertThat(two.aggregate("health", "latency", from, to, true).min()).isEqualTo(3.0);
                assertThat(one.hourlyMeans("health", "latency", from, to)).extracting(p -> p.value())
                        .containsOnly(1.0).hasSize(4);
                assertThat(one.availability("health", from, to, Duration.ofMinutes(1)).down()).isZero();
                assertThat(two.availability("health", from, to, Duration.ofMinutes(1)).down())
                        .isEqualTo(Duration.ofHours(1));
                assertThat(fleet.availability("health", from, to, Duration.ofMinutes(1)).down())
                        .isEqualTo(Duration.ofMinutes(30));
                assertThat(one.latest("health", from, to)).map(StoredResult::status).contains(Status.OK);
                assertThat(two.results("health", from, to)).hasSize(240)
                        .allSatisfy(r -> assertThat(r.at().getEpochSecond() % 60).isEqualTo(30));
                assertThat(one.lastValue("health", "latency", from, to)).map(p -> p.value()).contains(1.0);
                assertThat(two.firstValue("health", "latency", from, to)).map(p -> p.value()).contains(3.0);
                assertThat(one.typicalInterval("health", from, to)).contains(Duration.ofMinutes(1));
                assertThat(two.runsPerHost(from, to)).containsOnlyKeys("web-2");
                assertThat(fleet.runsPerHost(from, to)).containsOnlyKeys("web-1", "web-2");
            }
        }

        @Test
        void aLeaseIsHeldByOneHolderUntilItsTtlPassesThenAnotherTakesIt() {
            Duration ttl = Duration.ofSeconds(30);
            try (Store store = openStore(null, clock)) {
                Leases leases = store.leases(clock);
                assertThat(leases.acquire("outbox", "web-1", ttl)).isTrue();
                assertThat(leases.acquire("outbox", "web-2", ttl)).isFalse();
                clock.advance(Duration.ofSeconds(10));
                assertThat(leases.acquire("outbox", "web-1", ttl)).as("renewed").isTrue();
                clock.advance(Duration.ofSeconds(29));
                assertThat(leases.acquire("outbox", "web-2", ttl)).as("renewal still runs").isFalse();
                assertThat(leases.holder("outbox")).map(Leases.Holder::holder).contains("web-1");
                clock.advance(Duration.ofSeconds(1));
                assertThat(leases.holder("outbox")).isEmpty();
                assertThat(leases.acquire("outbox", "web-2", ttl)).as("taken over at the TTL").isTrue();
                assertThat(leases.acquire("outbox", "web-1", ttl)).isFalse();
                assertThat(leases.holder("outbox")).get().satisfies(h -> {
                    assertThat(h.holder()).isEqualTo("web-2");
                    assertThat(h.since()).isEqualTo(clock.instant());
                });
                assertThat(leases.acquire("reports", "web-1", ttl)).as("leases are per piece of work").isTrue();
                leases.release("outbox", "web-1");
                assertThat(leases.holder("outbox")).map(Leases.Holder::holder).contains("web-2");
                leases.release("outbox", "web-2");
                assertThat(leases.acquire("outbox", "web-1", ttl)).as("released: no wait").isTrue();
            }
        }

        @Test
        void aClaimedFireTimeStaysClaimedUntilItIsPrunedAfterItsTime() {
            try (Store store = openStore(null, clock)) {
                Leases leases = store.leases(clock);
                String fire = "fire:procedure:sweep@" + NOV.toEpochMilli();
                assertThat(leases.acquire(fire, "web-1", Duration.ofHours(6))).isTrue();
                assertThat(leases.acquire(fire, "web-2", Duration.ofHours(6))).as("claimed once").isFalse();
                assertThat(leases.acquire("procedure:sweep", "web-2", Duration.ofSeconds(30))).isTrue();
                clock.advance(Duration.ofHours(6));
                assertThat(leases.prune("fire:")).as("the claim's time passed").isEqualTo(1);
                assertThat(leases.prune("fire:")).isZero();
                assertThat(leases.holder(fire)).isEmpty();
                assertThat(leases.acquire("procedure:sweep", "web-1", Duration.ofSeconds(30)))
                        .as("pruning fire claims leaves other leases alone (web-2's ran out, so web-1 takes it)").isTrue();
                assertThat(leases.holder("procedure:sweep")).map(Leases.Holder::holder).contains("web-1");
            }
        }

        @Test
        void incidentsArePerCheckAndHostAndAFleetScopedCheckHasOneForTheFleet() {
            try (Store web1 = openStore(null, clock).host("web-1"); Store web2 = openStore(null, clock).host("web-2")) {
                IncidentTables t1 = web1.incidents("rb", s -> s).fleetSubjects(java.util.Set.of("backup"));
                IncidentTables t2 = web2.incidents("rb", s -> s).fleetSubjects(java.util.Set.of("backup"));
                long a = t1.tx(() -> t1.insert("health", "P1", null, clock.instant(), "CRITICAL", "down", null, null));
                assertThat(t1.findOpen("health")).map(IncidentTables.Row::id).contains(a);
                assertThat(t2.findOpen("health")).as("web-2's health has no incident yet").isEmpty();
                long b = t2.tx(() -> t2.insert("health", "P1", null, clock.instant(), "CRITICAL", "down", null, null));
                assertThat(b).isNotEqualTo(a);
                assertThat(t2.findOpen("health")).map(IncidentTables.Row::id).contains(b);
                assertThat(t1.list(true)).extracting(IncidentTables.Row::host).containsExactly("web-2", "web-1");
                assertThat(t1.list(true, "web-1")).extracting(IncidentTables.Row::id).containsExactly(a);
                long f = t1.tx(() -> t1.insert("backup", "P2", null, clock.instant(), "CRITICAL", "old", null, null));
                assertThat(t2.findOpen("backup")).as("a fleet-scoped check's incident is the fleet's")
                        .map(IncidentTables.Row::id).contains(f);
                assertThat(t1.find(f)).map(IncidentTables.Row::host).contains(IncidentTables.FLEET);
                long n = t1.tx(() -> t1.outbox().enqueue(a, "ops", "webhook", "http://127.0.0.1/x", "incident", "s",
                        "b", "{}", clock.instant(), null));
                assertThat(t2.outbox().outgoing(n)).map(OutboxTable.Outgoing::host).contains("web-1");
            }
        }
    }

    @Nested
    class Tables {
        final ManualClock clock = new ManualClock(NOV, ZoneOffset.UTC);

        @Test
        void compareAndSetLetsExactlyOneClaimWin() {
            try (SqliteRunStore store = open(null, clock)) {
                assertThat(store.compareAndSet("log", "app", null, null)).isTrue();
                assertThat(store.compareAndSet("log", "app", null, "10")).isTrue();
                assertThat(store.compareAndSet("log", "app", null, "11")).isFalse();
                assertThat(store.compareAndSet("log", "app", null, null)).isFalse();
                assertThat(store.compareAndSet("log", "app", "10", "20")).isTrue();
                assertThat(store.compareAndSet("log", "app", "10", "30")).isFalse();
                assertThat(store.get("log", "app")).contains("20");
                assertThat(store.compareAndSet("log", "app", "20", null)).isTrue();
                assertThat(store.get("log", "app")).isEmpty();
            }
        }

        @Test
        void notesAreKeptInTimeOrder() {
            try (Store store = openStore(null, clock)) {
                store.notes().add(NOV.plusSeconds(60), "bob", "second");
                store.notes().add(NOV, "alice", "replaced the disk");
                store.notes().add(NOV.plusSeconds(7200), "carol", "later");
                assertThat(store.notes().between(NOV, NOV.plusSeconds(3600)))
                        .extracting(dev.runbook.core.history.Note::text).containsExactly("replaced the disk", "second");
            }
        }

        @Test
        void anIncidentListsTheChecksItCoversInTheOrderTheyJoined() throws Exception {
            try (Store store = openStore(null, clock)) {
                IncidentTables t = store.incidents("rb", s -> s);
                long id = t.tx(() -> {
                    long i = t.insert("services", "P1", "outage", NOV, "CRITICAL", "down", "ops", null);
                    t.cover(i, "services", "web", NOV);
                    t.cover(i, "services", "api", NOV.plusSeconds(60));
                    return i;
                });
                assertThat(t.covered(id)).extracting(IncidentTables.Covered::check)
                        .containsExactly("services", "web", "api");
            }
        }

        @Test
        void incidentsTheirTimelineAndEscalationStepsRoundTrip() throws Exception {
            try (Store store = openStore(null, clock)) {
                IncidentTables t = store.incidents("rb", s -> s.replace("hunter2", "***"));
                long id = t.tx(() -> {
                    long i = t.insert("services", "P1", "outage", NOV, "CRITICAL", "down, password hunter2", "ops",
                            NOV.plusSeconds(1800));
                    t.timeline(i, NOV, "opened", "P1 opened");
                    t.schedule(i, "P1", 0, NOV.plusSeconds(300), true);
                    t.schedule(i, "P1", 0, NOV.plusSeconds(999), true);
                    t.schedule(i, "P1", 1, NOV.plusSeconds(600), false);
                    return i;
                });
                IncidentTables.Row row = t.findOpen("services").orElseThrow();
                assertThat(row.id()).isEqualTo(id);
                assertThat(row.triggerMessage()).isEqualTo("down, password ***");
                assertThat(row.nextUpdateAt()).isEqualTo(NOV.plusSeconds(1800));
                assertThat(t.pendingSteps(id)).extracting(IncidentTables.Step::dueAt)
                        .containsExactlyInAnyOrder(NOV.plusSeconds(300), NOV.plusSeconds(600));
                assertThat(t.stepsDue(NOV.plusSeconds(400))).singleElement()
                        .satisfies(s -> assertThat(s.step()).isZero());
                t.tx(() -> {
                    t.acknowledge(id, NOV.plusSeconds(120), "alice", Boolean.TRUE);
                    t.resolve(id, NOV.plusSeconds(900), "alice", "back", null);
                    return null;
                });
                IncidentTables.Row done = t.find(id).orElseThrow();
                assertThat(done.acknowledgedBy()).isEqualTo("alice");
                assertThat(done.respondMet()).isTrue();
                assertThat(done.resolvedAt()).isEqualTo(NOV.plusSeconds(900));
                assertThat(t.findOpen("services")).isEmpty();
                assertThat(t.timelineOf(id)).extracting(e -> e.text()).contains("P1 opened");
                assertThat(t.pendingSteps(id)).isEmpty();
            }
        }

        @Test
        void anOutboxEntryIsClaimedByOneStoreOnlyUntilItsLeaseRunsOut() throws Exception {
            try (Store a = openStore(null, clock)) {
                OutboxTable out = a.incidents("rb", s -> s).outbox();
                long id = a.incidents("rb", s -> s).tx(() -> out.enqueue(null, "cto", "webhook", "http://127.0.0.1/x",
                        "opened", "[P1] services", "body", "{}", NOV, null));
                assertThat(out.dueOutgoing(NOV)).containsExactly(id);
                assertThat(out.claim(id, NOV, NOV.plusSeconds(30))).isTrue();
                assertThat(out.claim(id, NOV.plusSeconds(1), NOV.plusSeconds(31))).isFalse();
                assertThat(out.claim(id, NOV.plusSeconds(30), NOV.plusSeconds(60))).isTrue();
                a.incidents("rb", s -> s).tx(() -> {
                    out.delivered(id, NOV.plusSeconds(31), 1);
                    return null;
                });
                assertThat(out.claim(id, NOV.plusSeconds(100), NOV.plusSeconds(130))).isFalse();
                assertThat(out.outgoingByState("delivered")).extracting(OutboxTable.Outgoing::id).containsExactly(id);
            }
        }
    }

    @Nested
    class Recording {
        static final Instant T0 = Instant.parse("2026-11-28T00:00:00Z");

        /**
         * A run without remediations is, on PostgreSQL, written by one statement of typed values (ResultRows.oneTrip);
         * every column must come back as given, absent ones included, and a skipped result must stay out.
         */
        @Test
        void aRunWithoutRemediationsKeepsEveryColumnIncludingAbsentOnes() throws Exception {
            ManualClock clock = new ManualClock(T0, java.time.ZoneOffset.UTC);
            try (SqliteRunStore store = open(null, clock)) {
                CheckRun full = new CheckRun("latency", "http", null, Status.WARNING, Status.CRITICAL, 0.25,
                        dev.runbook.core.quantity.Unit.SECONDS, "slow: 250 ms", Map.of("latency", 0.25, "bytes", 1e6),
                        Duration.ofMillis(251), null, false, true, false, true, Map.of(), List.of(), T0);
                CheckRun bare = new CheckRun("probe", "command", null, Status.UNKNOWN, null, null, null, null, Map.of(),
                        null, null, false, false, true, false, Map.of(), List.of(), T0.plusMillis(1));
                CheckRun skipped = new CheckRun("skipped", "command", null, Status.OK, null, null, null, "not run",
                        Map.of(), null, null, true, false, false, false, Map.of(), List.of(), T0.plusMillis(2));
                long id = store.recordRun(Runs.run(T0, List.of(full, bare, skipped)));

                List<String> rows = new ArrayList<>();
                store.db.lock().lock();
                try (var ps = store.db.jdbc().prepareStatement("SELECT c.name, r.run_id, r.status, r.first_status,"
                        + " r.value, r.unit, r.metrics IS NULL, r.message, r.duration_ms, r.flags FROM results r"
                        + " JOIN check_names c ON c.id = r.check_id ORDER BY r.at");
                     var rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(rs.getString(1) + " run=" + (rs.getLong(2) == id) + " " + rs.getInt(3) + " "
                                + rs.getObject(4) + " " + rs.getObject(5) + " " + rs.getString(6) + " "
                                + rs.getBoolean(7) + " " + rs.getString(8) + " " + rs.getLong(9) + " " + rs.getInt(10));
                    }
                } finally {
                    store.db.lock().unlock();
                }
                int waivedFlapping = SqliteRunStore.FLAG_WAIVED | SqliteRunStore.FLAG_FLAPPING;
                assertThat(rows).containsExactly(
                        "latency run=true 1 2 0.25 s false slow: 250 ms 251 " + waivedFlapping,
                        "probe run=true 3 null null null true null 0 " + SqliteRunStore.FLAG_MAINTENANCE);
                StoredResult latency = store.history().latest("latency").orElseThrow();
                assertThat(latency.metrics()).containsOnly(Map.entry("latency", 0.25), Map.entry("bytes", 1e6));
                assertThat(latency.procedure()).isEqualTo("morning-check");
                assertThat(store.history().latest("probe").orElseThrow().metrics()).isEmpty();
                assertThat(store.history().latest("skipped")).isEmpty();
            }
        }

        /** Past ResultRows.MAX_ONE_TRIP results a run takes the batched path on PostgreSQL: all of it is stored. */
        @Test
        void aRunOfMoreResultsThanOneStatementTakesIsStoredWhole() {
            ManualClock clock = new ManualClock(T0, java.time.ZoneOffset.UTC);
            try (SqliteRunStore store = open(null, clock)) {
                List<CheckRun> results = new ArrayList<>();
                for (int i = 0; i <= ResultRows.MAX_ONE_TRIP; i++) {
                    results.add(Runs.result("c" + i, T0.plusMillis(i), Status.OK, Map.of("used", (double) i)));
                }
                long id = store.recordRun(Runs.run(T0, results));
                assertThat(id).isPositive();
                assertThat(store.history().history(null, T0.minusSeconds(1))).hasSize(ResultRows.MAX_ONE_TRIP + 1)
                        .extracting(StoredResult::value).contains(0.0, (double) ResultRows.MAX_ONE_TRIP);
                // and the next, usual run still goes in one trip beside it
                clock.set(T0.plusSeconds(60));
                store.record(Runs.run(T0.plusSeconds(60), List.of(Runs.result("c0", T0.plusSeconds(60), Status.WARNING,
                        Map.of("used", 7.5)))));
                assertThat(store.history().latest("c0").orElseThrow().value()).isEqualTo(7.5);
            }
        }

        @Test
        void recordsRunsAndReadsThemBackWithMetricsProcedureAndMaintenance() {
            ManualClock clock = new ManualClock(T0, java.time.ZoneOffset.UTC);
            try (SqliteRunStore store = open(null, clock)) {
                Map<String, Double> m = new LinkedHashMap<>();
                m.put("used", 71.4);
                m.put("free_bytes", 2.1e10);
                m.put("inodes_used", 3.0);
                m.put("tiny", 0.1);
                CheckRun disk = Runs.result("disk", T0, Status.WARNING, m, false,
                        List.of(new ActionRun("cleanup-uploads", Outcome.DONE, "deleted 12 files", Duration.ofSeconds(1))));
                CheckRun health = Runs.result("health", T0.plusMillis(5), Status.CRITICAL, Map.of(), true, List.of());
                store.record(Runs.run(T0, List.of(disk, health)));

                StoredResult d = store.history().latest("disk").orElseThrow();
                assertThat(d.metrics()).containsExactlyEntriesOf(m);
                assertThat(d.status()).isEqualTo(Status.WARNING);
                assertThat(d.value()).isEqualTo(71.4);
                assertThat(d.unit()).isEqualTo("%");
                assertThat(d.procedure()).isEqualTo("morning-check");
                assertThat(d.message()).isEqualTo("disk is WARNING");
                StoredResult h = store.history().latest("health").orElseThrow();
                assertThat(h.maintenance()).isTrue();
                assertThat(h.value()).isNull();
                assertThat(store.history().checks()).containsExactly("disk", "health");
                assertThat(store.history().history(null, T0.minusSeconds(1))).extracting(StoredResult::check)
                        .containsExactly("disk", "health");
                assertThat(store.history().actions(T0, T0.plusSeconds(1))).singleElement()
                        .satisfies(a -> assertThat(a.step()).isEqualTo("cleanup-uploads"))
                        .satisfies(a -> assertThat(a.outcome()).isEqualTo("done"));
                assertThat(store.history().series("disk", "used", T0, T0.plusSeconds(1))).singleElement()
                        .satisfies(p -> assertThat(p.value()).isEqualTo(71.4));
            }
        }

        @Test
        void stateSurvivesReopening() {
            try (SqliteRunStore store = open(null, new ManualClock(T0, java.time.ZoneOffset.UTC))) {
                store.state().scoped("app-log").put("offset", "1234");
                store.put("cpu", "ticks", "1 2 3");
                store.put("cpu", "ticks", "4 5 6");
                store.put("gone", "k", "v");
                store.put("gone", "k", null);
            }
            try (SqliteRunStore store = open(null, new ManualClock(T0, java.time.ZoneOffset.UTC))) {
                assertThat(store.state().scoped("app-log").get("offset")).contains("1234");
                assertThat(store.get("cpu", "ticks")).contains("4 5 6");
                assertThat(store.get("gone", "k")).isEmpty();
            }
        }

        @Test
        void dryRunsAreNotRecorded() {
            try (SqliteRunStore store = open(null, new ManualClock(T0, java.time.ZoneOffset.UTC))) {
                var run = Runs.single("disk", T0, Status.OK, 1);
                store.record(new dev.runbook.core.engine.RunResult(run.runbook(), run.procedure(), run.status(),
                        run.startedAt(), run.duration(), null, run.results(), List.of(), List.of(), true, null));
                assertThat(store.history().latest("disk")).isEmpty();
            }
        }
    }

    @Nested
    class LateResults {
        static final Instant T0 = Instant.parse("2026-11-28T00:00:00Z");


        @Test
        void aCheckRecordedAfterItsHoursWereFoldedStillCountsAsUp() {
            ManualClock clock = new ManualClock(T0, ZoneOffset.UTC);
            try (SqliteRunStore store = open(null, clock)) {
                // check a, every 5 minutes for 6 hours, recorded as it happens: hours fold as the clock passes them
                for (int m = 0; m < 6 * 60; m += 5) {
                    clock.set(T0.plus(Duration.ofMinutes(m)));
                    store.record(Runs.single("a", clock.instant(), Status.OK, 1));
                }
                clock.set(T0.plus(Duration.ofHours(6)));
                store.maintain();
                // check b's results for the same 6 hours arrive only now (a late batch, e.g. imported or replayed)
                for (int m = 0; m < 6 * 60; m += 5) {
                    store.record(Runs.single("b", T0.plus(Duration.ofMinutes(m)), Status.OK, 1));
                }
                Availability a = store.history().availability("a", T0, T0.plus(Duration.ofHours(6)), Duration.ofMinutes(5));
                Availability b = store.history().availability("b", T0, T0.plus(Duration.ofHours(6)), Duration.ofMinutes(5));
                assertThat(a.up()).isEqualTo(Duration.ofHours(6));
                assertThat(b.up()).as("b's late results count like a's").isEqualTo(a.up());
                assertThat(b.noData()).isEqualTo(a.noData());
            }
        }
    }

    /**
     * Two hosts whose clocks differ: the one ahead folds an hour while the other, still inside that hour by its
     * own clock, records a result of it. The result must reach the hour's rollups (the fold mark is read inside
     * the run's transaction, under its hours' locks), or a month report read from rollups would miss it.
     */
    @Nested
    class ClockSkew {
        static final Instant T0 = Instant.parse("2026-11-28T00:00:00Z");

        @Test
        void aRunOfAnHourAnotherHostFoldedMeanwhileIsMergedIntoItsRollups() {
            ManualClock ahead = new ManualClock(T0.plus(Duration.ofMinutes(30)), ZoneOffset.UTC);
            Instant lagging = T0.plus(Duration.ofMinutes(59)).plusSeconds(59);
            ManualClock behind = new ManualClock(lagging, ZoneOffset.UTC);
            try (SqliteRunStore a = open(null, ahead); SqliteRunStore b = open(null, behind)) {
                a.host("web-1");
                b.host("web-2");
                a.record(Runs.run(ahead.instant(), List.of(Runs.result("api", ahead.instant(), Status.OK,
                        Map.of("latency", 1.0)))));
                ahead.set(T0.plus(Duration.ofHours(1)).plusSeconds(5));
                a.maintain(); // folds hour 00:00

                // by b's clock 00:59:59 is the current hour: it records as if nothing were folded yet
                b.record(Runs.run(lagging, List.of(Runs.result("api", lagging, Status.CRITICAL, Map.of("latency", 3.0)))));

                Instant end = T0.plus(Duration.ofHours(1));
                Aggregate fromRollups = a.history().aggregate("api", "latency", T0, end, true);
                assertThat(fromRollups.approximate()).as("hour 00:00 is read from its rollups").isTrue();
                assertThat(fromRollups.count()).as("both hosts' results are in the folded hour").isEqualTo(2);
                assertThat(fromRollups.max()).isEqualTo(3.0);
                assertThat(a.history().availability("api", T0, end, Duration.ofMinutes(1)).down())
                        .as("the lagging host's failure counts in the hour's statuses").isPositive();
                assertThat(a.history().results("api", T0, end)).hasSize(2);
            }
        }
    }

    @Nested
    class Retention {
        static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

        /** Writes {@code minutes} 1-minute results of "api" with a latency metric, moving the clock along. */
        private double[] writeMinutes(SqliteRunStore store, ManualClock clock, Instant start, int minutes, Random r) {
            double[] values = new double[minutes];
            List<CheckRun> batch = new ArrayList<>();
            for (int i = 0; i < minutes; i++) {
                Instant t = start.plus(Duration.ofMinutes(i));
                values[i] = Math.exp(r.nextGaussian()) / 10;
                batch.add(Runs.result("api", t, Status.OK, Map.of("latency", values[i], "count", (double) i)));
                if (batch.size() == 60 || i == minutes - 1) {
                    clock.set(t.plusSeconds(30));
                    store.record(Runs.run(batch.get(0).at(), batch));
                    batch = new ArrayList<>();
                }
            }
            return values;
        }

        @Test
        void foldsOldDetailIntoHourlyRollupsAndKeepsPercentilesWithinTheBound() {
            ManualClock clock = new ManualClock(T0, java.time.ZoneOffset.UTC);
            Random r = new Random(1);
            try (SqliteRunStore store = open(Duration.ofDays(1), clock)) {
                double[] values = writeMinutes(store, clock, T0, 3 * 24 * 60, r);
                clock.set(T0.plus(Duration.ofDays(3)).plusSeconds(1));
                store.maintain();
                Instant end = T0.plus(Duration.ofDays(3));
                // detail older than a day is gone
                assertThat(store.history().results("api", T0, end.minus(Duration.ofDays(1)).minusSeconds(1))).isEmpty();
                assertThat(store.history().results("api", end.minus(Duration.ofDays(1)), end)).hasSize(24 * 60);

                Aggregate all = store.history().aggregate("api", "latency", T0, end);
                double[] sorted = values.clone();
                Arrays.sort(sorted);
                assertThat(all.count()).isEqualTo(values.length);
                assertThat(all.approximate()).isTrue();
                assertThat(all.sum()).isCloseTo(Arrays.stream(values).sum(), within(1e-6));
                assertThat(all.min()).isEqualTo(sorted[0]);
                assertThat(all.max()).isEqualTo(sorted[sorted.length - 1]);
                double p95 = Aggregate.percentile(sorted, sorted.length, 95);
                assertThat(all.p95()).isCloseTo(p95, within(p95 * LogHistogram.RELATIVE_ERROR));

                // within the retention the answer is exact
                Instant dayStart = end.minus(Duration.ofDays(1));
                Aggregate lastDay = store.history().aggregate("api", "latency", dayStart, end);
                double[] last = Arrays.copyOfRange(values, 2 * 24 * 60, 3 * 24 * 60);
                Arrays.sort(last);
                assertThat(lastDay.approximate()).isFalse();
                assertThat(lastDay.p95()).isEqualTo(Aggregate.percentile(last, last.length, 95));

                // preferring rollups gives the approximate answer from histograms even where detail exists
                Aggregate fast = store.history().aggregate("api", "latency", dayStart, end, true);
                assertThat(fast.approximate()).isTrue();
                assertThat(fast.count()).isEqualTo(lastDay.count());
                assertThat(fast.p95()).isCloseTo(lastDay.p95(), within(lastDay.p95() * LogHistogram.RELATIVE_ERROR));

                List<PeriodAggregate> days = store.history().aggregates("api", "latency", T0, end,
                        SqliteHistory.Period.DAY, ZoneId.of("UTC"), DayOfWeek.MONDAY, false);
                assertThat(days).hasSize(3).allSatisfy(d -> assertThat(d.aggregate().count()).isEqualTo(24 * 60));
                assertThat(store.integrityCheck()).isEqualTo("ok");
            }
        }

        @Test
        void aLateResultForAnHourAlreadyRolledUpIsAddedToItsRollup() {
            ManualClock clock = new ManualClock(T0, java.time.ZoneOffset.UTC);
            try (SqliteRunStore store = open(Duration.ofDays(1), clock)) {
                store.record(Runs.single("api", T0.plusSeconds(10), Status.OK, 1));
                clock.set(T0.plus(Duration.ofHours(2)));
                store.record(Runs.single("api", T0.plus(Duration.ofHours(2)), Status.OK, 3));
                // a launcher that started in hour 0 records after the daemon folded it
                store.record(Runs.single("api", T0.plusSeconds(20), Status.OK, 2));
                Aggregate hour0 = store.history().aggregate("api", "value", T0, T0.plus(Duration.ofHours(1)), true);
                assertThat(hour0.count()).isEqualTo(2);
                assertThat(hour0.sum()).isEqualTo(3);
            }
        }

        @Test
        void aggregatesPerCalendarDayFollowTheZone() {
            ManualClock clock = new ManualClock(T0, java.time.ZoneOffset.UTC);
            try (SqliteRunStore store = open(null, clock)) {
                writeMinutes(store, clock, T0, 48 * 60, new Random(3));
                List<PeriodAggregate> days = store.history().aggregates("api", "count", T0, T0.plus(Duration.ofDays(2)),
                        SqliteHistory.Period.DAY, ZoneId.of("Asia/Tokyo"), DayOfWeek.MONDAY, false);
                // Tokyo days start at 15:00 UTC: 15 h, 24 h, 9 h
                assertThat(days).extracting(d -> d.aggregate().count()).containsExactly(15L * 60, 24L * 60, 9L * 60);
                assertThat(days.get(0).aggregate().max()).isEqualTo(15 * 60 - 1);
            }
        }

        @Test
        void availabilityOfPeriodsOlderThanTheRetentionComesFromHourlySummaries() {
            ManualClock clock = new ManualClock(T0, java.time.ZoneOffset.UTC);
            try (SqliteRunStore store = open(Duration.ofDays(1), clock)) {
                for (int i = 0; i < 3 * 24 * 12; i++) {
                    Instant t = T0.plus(Duration.ofMinutes(5L * i));
                    // down from 10:00 to 10:30 on the first day (6 results)
                    Status s = i >= 120 && i < 126 ? Status.CRITICAL : Status.OK;
                    clock.set(t);
                    store.record(Runs.run(t, List.of(Runs.result("health", t, s, Map.of()))));
                }
                Instant end = T0.plus(Duration.ofDays(3));
                clock.set(end.plusSeconds(1));
                store.maintain();
                assertThat(store.history().results("health", T0, T0.plus(Duration.ofDays(1)))).isEmpty();
                Availability a = store.history().availability("health", T0, end, Duration.ofMinutes(5));
                assertThat(a.down()).isEqualTo(Duration.ofMinutes(30));
                assertThat(a.up()).isEqualTo(Duration.ofDays(3).minusMinutes(30));
                assertThat(a.noData()).isZero();
            }
        }
    }

    @Nested
    class Availabilities {
        static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
        static final Duration TEN_MIN = Duration.ofMinutes(10);
        SqliteRunStore store;
        ManualClock clock;

        @BeforeEach
        void open() {
            clock = new ManualClock(T0, java.time.ZoneOffset.UTC);
            store = StoreSuite.this.open(null, clock);
        }

        @AfterEach
        void close() {
            store.close();
        }

        private void at(int minute, Status s) {
            at(minute, s, false);
        }

        private void at(int minute, Status s, boolean maintenance) {
            Instant t = T0.plus(Duration.ofMinutes(minute));
            store.record(Runs.run(t, List.of(Runs.result("health", t, s, Map.of(), maintenance, List.of()))));
        }

        private Availability availability(int fromMinute, int toMinute) {
            return store.history().availability("health", T0.plus(Duration.ofMinutes(fromMinute)),
                    T0.plus(Duration.ofMinutes(toMinute)), TEN_MIN);
        }

        @Test
        void criticalMeansDownUntilTheNextResult() {
            at(0, Status.OK);
            at(10, Status.CRITICAL);
            at(20, Status.OK);
            Availability a = availability(0, 30);
            assertThat(a.up()).isEqualTo(Duration.ofMinutes(20));
            assertThat(a.down()).isEqualTo(Duration.ofMinutes(10));
            assertThat(a.noData()).isZero();
            assertThat(a.percent()).isCloseTo(66.667, org.assertj.core.data.Offset.offset(0.001));
            assertThat(a.outages()).containsExactly(new Outage(T0.plus(TEN_MIN), T0.plus(Duration.ofMinutes(20))));
        }

        @Test
        void aResultCoversAtMostTwiceTheIntervalAndTheRestIsNoDataExcluded() {
            at(0, Status.OK);
            at(60, Status.CRITICAL);
            Availability a = availability(0, 120);
            assertThat(a.up()).isEqualTo(Duration.ofMinutes(20));
            assertThat(a.down()).isEqualTo(Duration.ofMinutes(20));
            assertThat(a.noData()).isEqualTo(Duration.ofMinutes(80));
            assertThat(a.percent()).isEqualTo(50.0);
        }

        @Test
        void maintenanceResultsAreExcluded() {
            at(0, Status.OK);
            at(10, Status.CRITICAL, true);
            at(20, Status.CRITICAL);
            at(30, Status.OK);
            Availability a = availability(0, 40);
            assertThat(a.maintenance()).isEqualTo(TEN_MIN);
            assertThat(a.down()).isEqualTo(TEN_MIN);
            assertThat(a.up()).isEqualTo(Duration.ofMinutes(20));
            assertThat(a.percent()).isCloseTo(66.667, org.assertj.core.data.Offset.offset(0.001));
        }

        @Test
        void aResultBeforeTheWindowCoversItsStart() {
            at(0, Status.CRITICAL);
            at(15, Status.OK);
            Availability a = availability(5, 25);
            assertThat(a.down()).isEqualTo(TEN_MIN);
            assertThat(a.up()).isEqualTo(TEN_MIN);
            assertThat(a.outages()).singleElement().satisfies(o -> assertThat(o.start()).isEqualTo(T0.plus(Duration.ofMinutes(5))));
        }

        @Test
        void warningAndUnknownCountAsUpConsecutiveCriticalsMakeOneOutage() {
            at(0, Status.WARNING);
            at(10, Status.UNKNOWN);
            at(20, Status.CRITICAL);
            at(30, Status.CRITICAL);
            at(40, Status.OK);
            Availability a = availability(0, 50);
            assertThat(a.up()).isEqualTo(Duration.ofMinutes(30));
            assertThat(a.down()).isEqualTo(Duration.ofMinutes(20));
            assertThat(a.outages()).hasSize(1);
            assertThat(store.history().transitions("health", T0, T0.plus(Duration.ofMinutes(50))))
                    .extracting(StatusChange::to)
                    .containsExactly(Status.WARNING, Status.UNKNOWN, Status.CRITICAL, Status.OK);
            assertThat(store.history().typicalInterval("health", T0, T0.plus(Duration.ofHours(1)))).contains(TEN_MIN);
        }

        @Test
        void noResultsMeansNoDataAndNoPercentage() {
            Availability a = availability(0, 60);
            assertThat(a.isEmpty()).isTrue();
            assertThat(a.percent()).isNaN();
            assertThat(a.noData()).isEqualTo(Duration.ofHours(1));
        }

        @Test
        void theStoresAvailabilityFromDetailAndHourlySummariesMatchesTheDefinitionOnARandomHistory() {
            java.util.Random r = new java.util.Random(11);
            int minute = 0;
            for (int i = 0; i < 400; i++) {
                minute += 1 + (r.nextInt(10) == 0 ? 25 : r.nextInt(12));
                Status s = r.nextInt(5) == 0 ? Status.CRITICAL : r.nextInt(7) == 0 ? Status.UNKNOWN : Status.OK;
                at(minute, s, r.nextInt(15) == 0);
            }
            int end = minute;
            for (int pass = 0; pass < 2; pass++) {
                if (pass == 1) {
                    // fold the hours into status summaries: the answers must not change
                    clock.set(T0.plus(Duration.ofMinutes(end + 120)));
                    store.maintain();
                }
                for (int[] w : new int[][] {{0, end + 30}, {100, 900}, {333, 334}, {-50, 20}, {60, 60 * 30}, {61, end}}) {
                Instant f = T0.plus(Duration.ofMinutes(w[0]));
                Instant t = T0.plus(Duration.ofMinutes(w[1]));
                Availability sql = store.history().availability("health", f, t, TEN_MIN);
                Availability java = Availability.of("health", store.history().results("health", f.minus(TEN_MIN.multipliedBy(2)), t),
                        f, t, TEN_MIN);
                assertThat(sql).as("pass %s, window %s..%s", pass, w[0], w[1]).isEqualTo(java);
                }
            }
        }
    }
}
