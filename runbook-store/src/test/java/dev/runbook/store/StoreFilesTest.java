package dev.runbook.store;

import dev.runbook.core.ManualClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.runbook.core.Status;
import dev.runbook.core.engine.RunStore.StoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.DriverManager;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreFilesTest {
    static final Instant T0 = Instant.parse("2026-11-28T00:00:00Z");
    @TempDir
    Path dir;

    private SqliteRunStore open(Path file) {
        return SqliteRunStore.open(file, null, new ManualClock(T0, java.time.ZoneOffset.UTC));
    }

    @Test
    void refusesATextFileAndLeavesItUntouched() throws Exception {
        Path file = dir.resolve("notes.db");
        Files.writeString(file, "these are my notes, not a database\n");
        byte[] before = Files.readAllBytes(file);
        assertThatThrownBy(() -> open(file)).isInstanceOf(StoreException.class)
                .hasMessageContaining("is not an SQLite database").hasMessageContaining(file.toString())
                // the store never reads the file through a stream, so it cannot (and must not) quote its content
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("these are my notes"));
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
        assertThat(dir.resolve("notes.db-wal")).doesNotExist();
    }

    @Test
    void refusesAnotherApplicationsDatabaseByItsApplicationId() throws Exception {
        Path file = dir.resolve("app.db");
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + file); var s = c.createStatement()) {
            s.execute("PRAGMA application_id = 1234");
            s.execute("CREATE TABLE estimates(id INTEGER PRIMARY KEY, amount REAL)");
        }
        byte[] before = Files.readAllBytes(file);
        assertThatThrownBy(() -> open(file)).isInstanceOf(StoreException.class)
                .hasMessageContaining("another application").hasMessageContaining("0x000004D2");
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
    }

    @Test
    void refusesAnUnmarkedDatabaseWithForeignTables() throws Exception {
        Path file = dir.resolve("app.db");
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + file); var s = c.createStatement()) {
            s.execute("CREATE TABLE users(id INTEGER PRIMARY KEY, name TEXT)");
        }
        byte[] before = Files.readAllBytes(file);
        assertThatThrownBy(() -> open(file)).isInstanceOf(StoreException.class)
                .hasMessageContaining("another application (tables: users)");
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
    }

    @Test
    void opensAnEmptyFile() throws Exception {
        Path file = dir.resolve("empty.db");
        Files.createFile(file);
        try (SqliteRunStore store = open(file)) {
            store.record(Runs.single("disk", T0, Status.OK, 1));
        }
    }

    @Test
    void refusesADatabaseOfANewerSchemaVersion() throws Exception {
        Path file = dir.resolve("s.db");
        open(file).close();
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + file); var s = c.createStatement()) {
            s.execute("INSERT INTO schema_version(version, applied_at) VALUES(99, 0)");
        }
        assertThatThrownBy(() -> open(file)).isInstanceOf(StoreException.class)
                .hasMessageContaining("schema version 99, newer than this runbook understands");
    }

    @Test
    void saysSoWhenTheParentIsAFile() throws Exception {
        Path parent = dir.resolve("state");
        Files.writeString(parent, "x");
        assertThatThrownBy(() -> open(parent.resolve("s.db"))).isInstanceOf(StoreException.class)
                .hasMessageContaining("is not a directory");
    }

    @Test
    void saysSoWhenTheStoreIsADirectory() throws Exception {
        Files.createDirectories(dir.resolve("s.db"));
        assertThatThrownBy(() -> open(dir.resolve("s.db"))).isInstanceOf(StoreException.class)
                .hasMessageContaining("is a directory");
    }

    @Test
    void saysSoWhenTheDirectoryIsReadOnly() throws Exception {
        assumeFalse("root".equals(System.getProperty("user.name")), "root ignores file permissions");
        Path ro = dir.resolve("ro");
        Files.createDirectories(ro);
        Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            assertThatThrownBy(() -> open(ro.resolve("s.db"))).isInstanceOf(StoreException.class)
                    .hasMessageContaining("not writable");
        } finally {
            Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void recordOnAClosedStoreFailsClearly() {
        SqliteRunStore store = open(dir.resolve("s.db"));
        store.close();
        store.close();
        assertThatThrownBy(() -> store.record(Runs.single("disk", T0, Status.OK, 1)))
                .hasMessageContaining("is closed");
    }
}
