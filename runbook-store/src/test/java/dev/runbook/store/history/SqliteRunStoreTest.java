package dev.runbook.store.history;

import dev.runbook.core.ManualClock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.core.Status;
import dev.runbook.core.action.Outcome;
import dev.runbook.core.engine.ActionRun;
import dev.runbook.core.engine.CheckRun;
import dev.runbook.core.history.StoredResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteRunStoreTest {
    static final Instant T0 = Instant.parse("2026-11-28T00:00:00Z");
    @TempDir
    Path dir;

    @Test
    void createsParentDirectoriesAndFileOnFirstOpen() throws Exception {
        Path file = dir.resolve("a/b/state.db");
        try (SqliteRunStore store = SqliteRunStore.open(file, null, new ManualClock(T0, java.time.ZoneOffset.UTC))) {
            assertThat(store.path()).isEqualTo(file);
        }
        assertThat(file).exists();
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + file); var s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("PRAGMA application_id")) {
                assertThat(rs.getInt(1)).isEqualTo(0x52554E42);
            }
            try (ResultSet rs = s.executeQuery("PRAGMA journal_mode")) {
                assertThat(rs.getString(1)).isEqualTo("wal");
            }
            try (ResultSet rs = s.executeQuery("SELECT max(version) FROM schema_version")) {
                assertThat(rs.getInt(1)).isEqualTo(dev.runbook.store.Migrations.CURRENT);
            }
        }
    }

    @Test
    void recordsRunsAndReadsThemBackWithMetricsProcedureAndMaintenance() {
        ManualClock clock = new ManualClock(T0, java.time.ZoneOffset.UTC);
        try (SqliteRunStore store = SqliteRunStore.open(dir.resolve("s.db"), null, clock)) {
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
        Path file = dir.resolve("s.db");
        try (SqliteRunStore store = SqliteRunStore.open(file, null, new ManualClock(T0, java.time.ZoneOffset.UTC))) {
            store.state().scoped("app-log").put("offset", "1234");
            store.put("cpu", "ticks", "1 2 3");
            store.put("cpu", "ticks", "4 5 6");
            store.put("gone", "k", "v");
            store.put("gone", "k", null);
        }
        try (SqliteRunStore store = SqliteRunStore.open(file, null, new ManualClock(T0, java.time.ZoneOffset.UTC))) {
            assertThat(store.state().scoped("app-log").get("offset")).contains("1234");
            assertThat(store.get("cpu", "ticks")).contains("4 5 6");
            assertThat(store.get("gone", "k")).isEmpty();
        }
    }

    @Test
    void dryRunsAreNotRecorded() {
        try (SqliteRunStore store = SqliteRunStore.open(dir.resolve("s.db"), null, new ManualClock(T0, java.time.ZoneOffset.UTC))) {
            var run = Runs.single("disk", T0, Status.OK, 1);
            store.record(new dev.runbook.core.engine.RunResult(run.runbook(), run.procedure(), run.status(),
                    run.startedAt(), run.duration(), null, run.results(), List.of(), List.of(), true, null));
            assertThat(store.history().latest("disk")).isEmpty();
        }
    }

    @Test
    void leavesOtherModulesTablesAlone() throws Exception {
        Path file = dir.resolve("s.db");
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + file); var s = c.createStatement()) {
            s.execute("PRAGMA application_id = " + 0x52554E42);
            s.execute("CREATE TABLE plugin_data(id INTEGER PRIMARY KEY, level TEXT)");
            s.execute("INSERT INTO plugin_data(level) VALUES('P1')");
        }
        try (SqliteRunStore store = SqliteRunStore.open(file, null, new ManualClock(T0, java.time.ZoneOffset.UTC))) {
            store.record(Runs.single("disk", T0, Status.OK, 1));
            assertThat(store.integrityCheck()).isEqualTo("ok");
        }
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + file); var s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT level FROM plugin_data")) {
            assertThat(rs.getString(1)).isEqualTo("P1");
        }
        assertThat(Files.size(file)).isPositive();
    }
}
