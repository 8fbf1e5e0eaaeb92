package dev.runbook.store;


import dev.runbook.core.ManualClock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.core.Status;
import dev.runbook.core.StoredResult;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrationTest {
    static final Instant T0 = Instant.parse("2026-11-28T09:00:00Z");
    @TempDir
    Path dir;

    @Test
    void migratesAVersion1FileKeepingItsRunsResultsAndState() throws Exception {
        Path file = dir.resolve("old.db");
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + file); var s = c.createStatement()) {
            for (String sql : Migrations.V1) {
                s.execute(sql);
            }
            s.execute("INSERT INTO meta VALUES('history.schema_version', '1')");
            s.execute("INSERT INTO runs(id, runbook, procedure, started_at, duration_ms, status, operator)"
                    + " VALUES(1, 'rb', 'morning-check', " + T0.toEpochMilli() + ", 40, 2, 'ops')");
            s.execute("INSERT INTO check_names(id, name) VALUES(1, 'health'), (2, 'disk')");
            s.execute("INSERT INTO results(check_id, at, run_id, status, value, unit, metrics, message, duration_ms,"
                    + " maintenance) VALUES(1, " + T0.toEpochMilli() + ", 1, 2, NULL, 's', NULL, 'refused', 3, 1)");
            s.execute("INSERT INTO results(check_id, at, run_id, status, value, unit, metrics, message, duration_ms,"
                    + " maintenance) VALUES(2, " + T0.toEpochMilli() + ", 1, 0, 5, '%', NULL, '5% used', 1, 0)");
            s.execute("INSERT INTO state VALUES('app-log', 'offset', '42')");
        }
        try (SqliteRunStore store = SqliteRunStore.open(file, null, new ManualClock(T0.plusSeconds(60), java.time.ZoneOffset.UTC))) {
            StoredResult health = store.history().latest("health").orElseThrow();
            assertThat(health.status()).isEqualTo(Status.CRITICAL);
            assertThat(health.maintenance()).isTrue();
            assertThat(health.message()).isEqualTo("refused");
            assertThat(store.history().latest("disk").orElseThrow().maintenance()).isFalse();
            assertThat(store.get("app-log", "offset")).contains("42");
            store.record(Runs.run(T0.plusSeconds(60), java.util.List.of(
                    Runs.result("disk", T0.plusSeconds(60), Status.OK, Map.of("used", 6.0)))));
            assertThat(store.history().results("disk", T0, T0.plusSeconds(61))).hasSize(2);
            assertThat(store.integrityCheck()).isEqualTo("ok");
        }
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + file); var s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT max(version), count(*) FROM schema_version")) {
            assertThat(rs.getInt(1)).isEqualTo(Migrations.CURRENT);
            assertThat(rs.getInt(2)).isEqualTo(Migrations.CURRENT);
            // one version table: milestone 1's per-module version key is gone
            try (ResultSet legacy = c.createStatement().executeQuery(
                    "SELECT count(*) FROM meta WHERE key = 'history.schema_version'")) {
                assertThat(legacy.getInt(1)).isZero();
            }
        }
    }

    /**
     * A file written by milestone 1's launcher (runbook-history, runbook-incidents and the launcher's notes, each
     * with its own connection and version; made from src/test/resources/milestone1/rb.yaml with {@code run} and
     * {@code note}, kept as the SQL dump m1.sql) opens through the one migration path with every row kept.
     */
    @Test
    void migratesAFileWrittenByMilestoneOnesLauncher() throws Exception {
        Path file = dir.resolve("m1.db");
        String script;
        try (var in = MigrationTest.class.getResourceAsStream("/milestone1/m1.sql")) {
            assertThat(in).as("the milestone-1 store as SQL, a test resource").isNotNull();
            script = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file); var st = c.createStatement()) {
            for (String statement : script.split("\n;;\n")) {
                if (!statement.isBlank()) {
                    st.execute(statement);
                }
            }
        }
        try (Store store = Store.open(file, null, new ManualClock(Instant.parse("2026-12-06T00:00:00Z"),
                java.time.ZoneOffset.UTC))) {
            assertThat(store.history().checks()).containsExactlyInAnyOrder("app-log", "ok-check", "failing");
            assertThat(store.history().latest("failing").orElseThrow().status()).isEqualTo(Status.CRITICAL);
            assertThat(store.runs().get("app-log", "offsets")).hasValueSatisfying(v -> assertThat(v).endsWith("\t23\n"));
            var incidents = store.incidents("m1-store", t -> t);
            assertThat(incidents.list(true)).singleElement().satisfies(r -> {
                assertThat(r.subject()).isEqualTo("failing");
                assertThat(r.level()).isEqualTo("P2");
            });
            assertThat(incidents.timelineOf(1)).hasSize(2);
            assertThat(incidents.outbox().outgoingByState("delivered")).hasSize(1);
            assertThat(store.notes().between(Instant.EPOCH, Instant.parse("2100-01-01T00:00:00Z")))
                    .singleElement().satisfies(n -> {
                        assertThat(n.operator()).isEqualTo("alice");
                        assertThat(n.text()).isEqualTo("replaced the disk");
                    });
            assertThat(store.integrityCheck()).isEqualTo("ok");
        }
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + file); var s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT group_concat(version) FROM schema_version")) {
                assertThat(rs.getString(1)).isEqualTo("1,2,3,4,5,6,7");
            }
            try (ResultSet rs = s.executeQuery("SELECT DISTINCT host FROM runs")) {
                assertThat(rs.getString(1)).as("runs written before hosts were recorded").isEmpty();
            }
            // version 6: runs written before have a trail: from the command line, finished
            try (ResultSet rs = s.executeQuery("SELECT count(*), min(trigger_kind), min(state) FROM runs")) {
                assertThat(rs.getInt(1)).isPositive();
                assertThat(rs.getString(2)).isEqualTo("cli");
                assertThat(rs.getString(3)).isEqualTo("finished");
            }
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM sqlite_master WHERE name = 'incidents_meta'")) {
                assertThat(rs.getInt(1)).isZero();
            }
        }
    }
}
