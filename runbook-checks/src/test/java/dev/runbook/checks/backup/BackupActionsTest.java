package dev.runbook.checks.backup;

import dev.runbook.core.testing.TestActionContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runbook.checks.sqlite.TestDatabases;
import dev.runbook.core.action.ActionResult;
import dev.runbook.core.action.Outcome;
import dev.runbook.core.spi.TypeContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupActionsTest {
    static final Instant NOW = Instant.parse("2026-11-28T09:00:05Z");
    private final SqliteBackupActionType backup = new SqliteBackupActionType();
    private final RestoreTestActionType restore = new RestoreTestActionType();
    @TempDir
    Path dir;

    private TypeContext tc() {
        return new TypeContext(dir, ZoneOffset.UTC, Clock.fixed(NOW, ZoneOffset.UTC), "backup-now");
    }

    private Path app() throws Exception {
        Path app = Files.createDirectories(dir.resolve("app"));
        TestDatabases.create(app.resolve("app.db"), 500);
        Files.writeString(app.resolve(".env"), "OPENAI_API_KEY=x\n");
        Files.createDirectories(app.resolve("uploads/2026"));
        Files.writeString(app.resolve("uploads/2026/a.pdf"), "pdf");
        return app;
    }

    private static long rows(Path db) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM tasks")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void backsUpTheDatabaseWithIncludesIntoADatedDirectory() throws Exception {
        app();
        ActionResult r = backup.create(new SqliteBackupActionType.Params("app/app.db", "backups/{date}-{time}",
                List.of("app/.env", "app/uploads"), null), tc()).execute(new TestActionContext(NOW, false));
        assertThat(r.outcome()).isEqualTo(Outcome.DONE);
        Path entry = dir.resolve("backups/2026-11-28-090005");
        assertThat(rows(entry.resolve("app.db"))).isEqualTo(500);
        assertThat(entry.resolve(".env")).hasContent("OPENAI_API_KEY=x");
        assertThat(entry.resolve("uploads/2026/a.pdf")).exists();
        assertThat(r.message()).startsWith("backed up app.db to ");
        try (Stream<Path> s = Files.list(dir.resolve("backups"))) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("2026-11-28-090005");
        }
    }

    @Test
    void makesAConsistentCopyWhileTheApplicationWrites() throws Exception {
        app();
        Path db = dir.resolve("app/app.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            st.execute("PRAGMA journal_mode=WAL");
        }
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong written = new AtomicLong();
        Thread writer = new Thread(() -> {
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                 PreparedStatement ps = c.prepareStatement("INSERT INTO tasks(title, score) VALUES ('w', 1)")) {
                while (!stop.get()) {
                    ps.executeUpdate();
                    written.incrementAndGet();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        writer.start();
        try {
            while (written.get() < 50) {
                Thread.onSpinWait();
            }
            ActionResult r = backup.create(new SqliteBackupActionType.Params("app/app.db", "backups/app-{date}.db", null, null),
                    tc()).execute(new TestActionContext(NOW, false));
            assertThat(r.outcome()).as(r.message()).isEqualTo(Outcome.DONE);
        } finally {
            stop.set(true);
            writer.join(5000);
        }
        Path copy = dir.resolve("backups/app-2026-11-28.db");
        assertThat(rows(copy)).isGreaterThanOrEqualTo(500);
        assertThat(dev.runbook.checks.sqlite.SqliteIntegrity.check(copy, false, Duration.ofSeconds(1)).status())
                .isEqualTo(dev.runbook.core.Status.OK);
    }

    @Test
    void keepsOnlyTheNewestBackupsThatFitTheTemplate() throws Exception {
        app();
        Path backups = Files.createDirectories(dir.resolve("backups"));
        for (int d = 20; d <= 27; d++) {
            Path old = Files.createDirectories(backups.resolve("2026-11-" + d + "-090000"));
            Files.setLastModifiedTime(old, FileTime.from(NOW.minus(Duration.ofDays(28 - d))));
        }
        Files.createDirectories(backups.resolve("keep-me-not-a-backup"));
        ActionResult r = backup.create(new SqliteBackupActionType.Params("app/app.db", "backups/{date}-{time}", null, 3), tc())
                .execute(new TestActionContext(NOW, false));
        assertThat(r.message()).contains("removed 6 old backups");
        try (Stream<Path> s = Files.list(backups)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("2026-11-28-090005",
                    "2026-11-27-090000", "2026-11-26-090000", "keep-me-not-a-backup");
        }
    }

    @Test
    void keepsTheNewestDatedDirectoriesWhenTheDateStandsInAParentOfTheFile() throws Exception {
        // the seed's layout: one directory per backup, the database file inside it (issue: refused before)
        app();
        Path backups = Files.createDirectories(dir.resolve("backups"));
        for (int d = 24; d <= 27; d++) {
            Path old = Files.createDirectories(backups.resolve("2026-11-" + d + "-090000"));
            Files.writeString(old.resolve("app.db"), "old");
            Files.setLastModifiedTime(old, FileTime.from(NOW.minus(Duration.ofDays(28 - d))));
        }
        Path outside = Files.createDirectories(dir.resolve("elsewhere"));
        Files.writeString(outside.resolve("precious"), "x");
        Files.createSymbolicLink(backups.resolve("2026-11-01-090000"), outside);
        Files.getFileAttributeView(backups.resolve("2026-11-01-090000"), java.nio.file.attribute.BasicFileAttributeView.class,
                java.nio.file.LinkOption.NOFOLLOW_LINKS).setTimes(FileTime.from(NOW.minus(Duration.ofDays(40))), null, null);
        ActionResult r = backup.create(new SqliteBackupActionType.Params("app/app.db", "backups/{date}-{time}/app.db",
                null, 2), tc()).execute(new TestActionContext(NOW, false));
        assertThat(r.outcome()).as(r.message()).isEqualTo(Outcome.DONE);
        assertThat(rows(backups.resolve("2026-11-28-090005/app.db"))).isEqualTo(500);
        assertThat(r.message()).contains("removed 4 old backups");
        try (Stream<Path> s = Files.list(backups)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("2026-11-28-090005",
                    "2026-11-27-090000");
        }
        assertThat(outside.resolve("precious")).as("a link among the backups is removed, never followed").exists();
        assertThat(backups.resolve("2026-11-27-090000/app.db")).hasContent("old");
    }

    @Test
    void doesNothingInDryRunButSaysWhatItWouldDo() throws Exception {
        app();
        ActionResult r = backup.create(new SqliteBackupActionType.Params("app/app.db", "backups/{date}", null, 2), tc())
                .execute(new TestActionContext(NOW, true));
        assertThat(r.outcome()).isEqualTo(Outcome.DRY_RUN);
        assertThat(r.message()).startsWith("would back up").contains("2026-11-28").contains("keeping the 2 newest");
        assertThat(dir.resolve("backups")).doesNotExist();
    }

    @Test
    void failsForAMissingDatabaseAndRefusesBadParameters() throws Exception {
        ActionResult r = backup.create(new SqliteBackupActionType.Params("nope.db", "b/{date}", null, null), tc())
                .execute(new TestActionContext(NOW, false));
        assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(dir.resolve("nope.db")).doesNotExist();
        assertThatThrownBy(() -> backup.create(new SqliteBackupActionType.Params("a.db", "b/fixed", null, 3), tc()))
                .hasMessageStartingWith("keep");
        assertThatThrownBy(() -> backup.create(new SqliteBackupActionType.Params("a.db", null, null, null), tc()))
                .hasMessageStartingWith("to");
    }

    @Test
    void restoreTestPassesForAHealthyNewestBackupAndRemovesItsCopy() throws Exception {
        Path b = Files.createDirectories(dir.resolve("backups/2026-11-28"));
        TestDatabases.create(b.resolve("app.db"), 100);
        Path older = Files.createDirectories(dir.resolve("backups/2026-11-01"));
        TestDatabases.corrupt(TestDatabases.create(older.resolve("app.db"), 5000));
        Files.setLastModifiedTime(older, FileTime.from(NOW.minus(Duration.ofDays(27))));
        long tmpBefore = countRestoreDirs();
        ActionResult r = restore.create(new RestoreTestActionType.Params("backups"), tc())
                .execute(new TestActionContext(NOW, false));
        assertThat(r.outcome()).as(r.message()).isEqualTo(Outcome.DONE);
        assertThat(r.message()).contains("2026-11-28").contains("integrity ok: app.db");
        assertThat(countRestoreDirs()).isEqualTo(tmpBefore);
    }

    @Test
    void restoreTestFailsWhenTheNewestBackupsDatabaseIsDamaged() throws Exception {
        Path b = Files.createDirectories(dir.resolve("backups/2026-11-28"));
        TestDatabases.corrupt(TestDatabases.create(b.resolve("app.db"), 5000));
        ActionResult r = restore.create(new RestoreTestActionType.Params("backups"), tc())
                .execute(new TestActionContext(NOW, false));
        assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(r.message()).startsWith("restore test of 2026-11-28 failed: app.db");
        Files.createDirectories(dir.resolve("empty"));
        assertThat(restore.create(new RestoreTestActionType.Params("empty"), tc()).execute(new TestActionContext(NOW, false))
                .outcome()).isEqualTo(Outcome.FAILED);
        assertThat(restore.create(new RestoreTestActionType.Params("backups"), tc()).execute(new TestActionContext(NOW, true))
                .outcome()).isEqualTo(Outcome.DRY_RUN);
    }

    private static long countRestoreDirs() throws Exception {
        try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return s.filter(p -> p.getFileName().toString().startsWith("runbook-restore-test-")).count();
        }
    }
}
