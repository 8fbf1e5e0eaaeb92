package dev.runbook.store;

import dev.runbook.core.ManualClock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.core.Status;
import dev.runbook.core.action.Outcome;
import dev.runbook.core.engine.ActionRun;
import dev.runbook.core.engine.CheckRun;
import dev.runbook.core.StoredResult;
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
