package dev.runbook.checks.sqlite;

import dev.runbook.core.testing.TestCheckContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runbook.core.CheckResult;
import dev.runbook.core.Status;
import dev.runbook.core.spi.TypeContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteCheckTypeTest {
    private final SqliteCheckType type = new SqliteCheckType();
    @TempDir
    Path dir;

    private CheckResult run(String path, SqliteCheckType.Mode mode, Duration busy) throws Exception {
        TypeContext tc = new TypeContext(dir, ZoneOffset.UTC, Clock.systemUTC(), "db");
        return type.create(new SqliteCheckType.Params(path, mode, busy), tc).run(TestCheckContext.at("2026-11-28T09:00:00Z"));
    }

    @Test
    void isOkForAHealthyDatabaseAndReportsItsSize() throws Exception {
        Path db = TestDatabases.create(dir.resolve("app.db"), 2000);
        CheckResult r = run("app.db", null, null);
        assertThat(r.status()).isEqualTo(Status.OK);
        assertThat(r.message()).isEqualTo("integrity_check: ok");
        assertThat(r.metrics()).containsEntry("size_bytes", (double) Files.size(db));
        assertThat(run("app.db", SqliteCheckType.Mode.QUICK, null).message()).isEqualTo("quick_check: ok");
    }

    @Test
    void isCriticalForAMissingDatabaseAndNeverCreatesIt() throws Exception {
        CheckResult r = run("missing.db", null, null);
        assertThat(r.status()).isEqualTo(Status.CRITICAL);
        assertThat(r.message()).startsWith("database not found");
        assertThat(dir.resolve("missing.db")).doesNotExist();
    }

    @Test
    void isCriticalForAZeroLengthFile() throws Exception {
        Files.createFile(dir.resolve("empty.db"));
        CheckResult r = run("empty.db", null, null);
        assertThat(r.status()).isEqualTo(Status.CRITICAL);
        assertThat(r.message()).startsWith("zero-length file");
    }

    @Test
    void isCriticalWithTheDriversWordsForAFileThatIsNotADatabase() throws Exception {
        Files.writeString(dir.resolve("notes.db"), "this is plainly a text file, not SQLite at all. ".repeat(100));
        CheckResult r = run("notes.db", null, null);
        assertThat(r.status()).isEqualTo(Status.CRITICAL);
        assertThat(r.message()).contains("not a database").contains("SQLITE_NOTADB");
    }

    @Test
    void isCriticalForADamagedIndex() throws Exception {
        TestDatabases.corrupt(TestDatabases.create(dir.resolve("bad.db"), 5000));
        CheckResult r = run("bad.db", null, null);
        assertThat(r.status()).isEqualTo(Status.CRITICAL);
        assertThat(r.message()).doesNotContain(": ok");
    }

    @Test
    void isWarningWhenTheDatabaseStaysLockedPastTheBusyTimeout() throws Exception {
        TestDatabases.create(dir.resolve("busy.db"), 100);
        try (Connection holder = TestDatabases.lock(dir.resolve("busy.db"))) {
            CheckResult r = run("busy.db", null, Duration.ofMillis(200));
            assertThat(r.status()).isEqualTo(Status.WARNING);
            assertThat(r.message()).contains("locked").contains("200 ms").contains("SQLITE_BUSY");
        }
    }

    @Test
    void opensPathsWithSpacesAndQuestionMarksReadOnly() throws Exception {
        Path sub = java.nio.file.Files.createDirectories(dir.resolve("my data #1"));
        Path db = TestDatabases.create(sub.resolve("app?.db"), 10);
        long before = Files.size(db);
        CheckResult r = run("my data #1/app?.db", null, null);
        assertThat(r.status()).as(r.message()).isEqualTo(Status.OK);
        assertThat(Files.size(db)).isEqualTo(before);
        assertThat(sub.resolve("app?.db-journal")).doesNotExist();
    }

    @Test
    void refusesAMissingPath() {
        assertThatThrownBy(() -> type.create(new SqliteCheckType.Params(null, null, null), TypeContext.defaults("db")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("path");
    }
}
