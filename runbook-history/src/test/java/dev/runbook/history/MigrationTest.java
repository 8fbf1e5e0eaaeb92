package dev.runbook.history;

import dev.runbook.core.ManualClock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.core.Status;
import dev.runbook.core.history.StoredResult;
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
            for (String sql : Schema.V1) {
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
             ResultSet rs = s.executeQuery("SELECT value FROM meta WHERE key = 'history.schema_version'")) {
            assertThat(rs.getString(1)).isEqualTo("2");
        }
    }
}
