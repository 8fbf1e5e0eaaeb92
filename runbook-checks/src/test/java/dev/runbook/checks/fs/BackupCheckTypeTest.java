package dev.runbook.checks.fs;

import dev.runbook.core.testing.TestCheckContext;

import static dev.runbook.checks.fs.FileCheckTypeTest.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runbook.checks.sqlite.TestDatabases;
import dev.runbook.core.CheckResult;
import dev.runbook.core.Status;
import dev.runbook.core.spi.TypeContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupCheckTypeTest {
    private final BackupCheckType type = new BackupCheckType();
    @TempDir
    Path dir;

    /** A dated backup directory holding a payload of {@code bytes} and optionally app.db, .env, uploads/. */
    private Path backup(String name, int bytes, Duration age, boolean full) throws Exception {
        Path b = Files.createDirectories(dir.resolve("backups").resolve(name));
        Files.write(b.resolve("payload.bin"), new byte[bytes]);
        if (full) {
            TestDatabases.create(b.resolve("app.db"), 50);
            Files.writeString(b.resolve(".env"), "KEY=1\n");
            Files.createDirectories(b.resolve("uploads"));
        }
        Files.setLastModifiedTime(b, FileTime.from(NOW.minus(age)));
        return b;
    }

    private CheckResult run(BackupCheckType.Params p) throws Exception {
        return type.create(p, new TypeContext(dir, ZoneOffset.UTC, Clock.fixed(NOW, ZoneOffset.UTC), "backup"))
                .run(new TestCheckContext(NOW));
    }

    @Test
    void isOkForAFreshCompleteBackupAndComparesItsSizeWithTheMedian() throws Exception {
        backup("20261125", 100_000, Duration.ofDays(3), false);
        backup("20261126", 200_000, Duration.ofDays(2), false);
        backup("20261127", 300_000, Duration.ofDays(1), false);
        Path newest = backup("20261128", 200_000, Duration.ofHours(2), true);
        long size = BackupCheckType.treeSize(newest);
        CheckResult r = run(new BackupCheckType.Params("backups", Duration.ofHours(26), List.of("app.db", ".env", "uploads/"),
                new BackupCheckType.SizeChange("< -20%", "< -50%"), "app.db"));
        assertThat(r.status()).isEqualTo(Status.OK);
        assertThat(r.details()).containsEntry("newest", "20261128");
        assertThat(r.metrics()).containsEntry("age", 7200.0).containsEntry("size_bytes", (double) size);
        assertThat(r.metrics().get("size_change")).isCloseTo((size - 200_000.0) / 200_000.0 * 100, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(r.message()).contains("app.db integrity ok");
    }

    @Test
    void isCriticalWhenTheNewestBackupIsTooOldOrLacksEntries() throws Exception {
        Path b = backup("20261120", 10, Duration.ofDays(8), true);
        Files.delete(b.resolve(".env"));
        Files.setLastModifiedTime(b, FileTime.from(NOW.minus(Duration.ofDays(8))));
        CheckResult r = run(new BackupCheckType.Params("backups", Duration.ofDays(1), List.of("app.db", ".env", "uploads/"),
                null, null));
        assertThat(r.status()).isEqualTo(Status.CRITICAL);
        assertThat(r.message()).contains("8d 0h old").contains("lacks .env");
        assertThat(r.details()).containsEntry("missing", List.of(".env"));
    }

    @Test
    void treatsATrailingSlashAsADirectory() throws Exception {
        Path b = backup("b1", 10, Duration.ZERO, false);
        Files.writeString(b.resolve("uploads"), "a file, not a directory");
        CheckResult r = run(new BackupCheckType.Params("backups", null, List.of("uploads/"), null, null));
        assertThat(r.status()).isEqualTo(Status.CRITICAL);
        assertThat(r.message()).contains("lacks uploads/");
    }

    @Test
    void appliesSizeChangeThresholdsAgainstTheMedianOfEarlierBackups() throws Exception {
        backup("a", 100_000, Duration.ofDays(3), false);
        backup("b", 100_000, Duration.ofDays(2), false);
        backup("c", 100_000, Duration.ofDays(1), false);
        backup("d", 30_000, Duration.ofHours(1), false);
        CheckResult r = run(new BackupCheckType.Params("backups", null, null,
                new BackupCheckType.SizeChange("< -20%", "< -50%"), null));
        assertThat(r.metrics().get("size_change")).isEqualTo(-70.0);
        assertThat(r.status()).isEqualTo(Status.CRITICAL);
        assertThat(r.message()).contains("-70.0%");
    }

    @Test
    void isCriticalWhenTheDatabaseInsideTheBackupIsDamaged() throws Exception {
        Path b = backup("20261128", 10, Duration.ofHours(1), false);
        TestDatabases.corrupt(TestDatabases.create(b.resolve("app.db"), 5000));
        CheckResult r = run(new BackupCheckType.Params("backups", null, null, null, "app.db"));
        assertThat(r.status()).isEqualTo(Status.CRITICAL);
    }

    @Test
    void isCriticalForAMissingOrEmptyBackupDirectory() throws Exception {
        CheckResult missing = run(new BackupCheckType.Params("backups", null, null, null, null));
        assertThat(missing.status()).isEqualTo(Status.CRITICAL);
        assertThat(missing.message()).startsWith("backup directory not found");
        Files.createDirectories(dir.resolve("backups"));
        CheckResult empty = run(new BackupCheckType.Params("backups", null, null, null, null));
        assertThat(empty.status()).isEqualTo(Status.CRITICAL);
        assertThat(empty.message()).startsWith("no backup in");
    }

    @Test
    void refusesBadParameters() {
        assertThatThrownBy(() -> run(new BackupCheckType.Params(null, null, null, null, null))).hasMessageStartingWith("dir");
        assertThatThrownBy(() -> run(new BackupCheckType.Params("b", null, List.of("../etc"), null, null)))
                .hasMessageContaining("contains").hasMessageContaining("../etc");
        assertThatThrownBy(() -> run(new BackupCheckType.Params("b", null, null, new BackupCheckType.SizeChange("5s", null), null)))
                .hasMessageStartingWith("size_change");
    }
}
