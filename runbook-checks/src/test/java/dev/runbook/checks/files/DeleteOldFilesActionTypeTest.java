package dev.runbook.checks.files;

import dev.runbook.core.testing.TestActionContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runbook.core.action.ActionResult;
import dev.runbook.core.action.Outcome;
import dev.runbook.core.spi.TypeContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeleteOldFilesActionTypeTest {

    @TempDir
    Path tmp;

    private Path root;
    private Path outside;
    private final TestActionContext ctx = new TestActionContext();
    private final DeleteOldFilesActionType type = new DeleteOldFilesActionType();

    @BeforeEach
    void tree() throws Exception {
        root = Files.createDirectories(tmp.resolve("uploads"));
        outside = Files.createDirectories(tmp.resolve("precious"));
    }

    private Path file(String rel, int daysOld, int bytes) throws Exception {
        Path p = root.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.write(p, new byte[bytes]);
        age(p, Duration.ofDays(daysOld));
        return p;
    }

    private void age(Path p, Duration d) throws Exception {
        Files.setLastModifiedTime(p, FileTime.from(ctx.now().minus(d)));
    }

    private ActionResult run(DeleteOldFilesActionType.Params p) throws Exception {
        return type.create(p, TypeContext.defaults("clean")).execute(ctx);
    }

    private static DeleteOldFilesActionType.Params params(Path path, Duration olderThan, String glob,
            DeleteOldFilesActionType.Entries entries, Integer keep, Integer max) {
        return new DeleteOldFilesActionType.Params(path.toString(), olderThan, glob, entries, keep, max);
    }

    @Test
    void deletesRegularFilesStrictlyOlderAtAnyDepthAndSaysHowMuch() throws Exception {
        Path old1 = file("a.log", 40, 1_000_000);
        Path old2 = file("2026/11/b.log", 31, 500_000);
        Path young = file("c.log", 5, 10);
        Path exactly = root.resolve("d.log");
        Files.write(exactly, new byte[1]);
        age(exactly, Duration.ofDays(30)); // exactly 30 days: not strictly older
        ActionResult r = run(params(root, Duration.ofDays(30), null, null, null, null));
        assertThat(r.outcome()).isEqualTo(Outcome.DONE);
        assertThat(r.message()).isEqualTo("deleted 2 files, 1.5 MB");
        assertThat(old1).doesNotExist();
        assertThat(old2).doesNotExist();
        assertThat(young).exists();
        assertThat(exactly).exists();
        assertThat(root.resolve("2026/11")).isDirectory(); // directories are left in files mode
    }

    @Test
    void neverFollowsASymlinkPointingOutsideNorDeletesItsTarget() throws Exception {
        Path target = outside.resolve("keep.db");
        Files.write(target, new byte[100]);
        age(target, Duration.ofDays(400));
        Path precious = outside.resolve("sub/inner.txt");
        Files.createDirectories(precious.getParent());
        Files.write(precious, new byte[10]);
        age(precious, Duration.ofDays(400));
        Path fileLink = Files.createSymbolicLink(root.resolve("link.db"), target);
        Path dirLink = Files.createSymbolicLink(root.resolve("linkdir"), outside.resolve("sub"));
        file("old.tmp", 400, 3);
        ActionResult r = run(params(root, Duration.ofDays(1), null, null, null, null));
        assertThat(r.message()).isEqualTo("deleted 1 file, 3 B");
        assertThat(target).exists();
        assertThat(precious).exists();
        assertThat(fileLink).existsNoFollowLinks();
        assertThat(dirLink).existsNoFollowLinks();
    }

    @Test
    void dirsModeDeletesOldTopLevelDirectoriesWithContentsButNotThroughLinks() throws Exception {
        Path oldBackup = Files.createDirectories(root.resolve("backup-2026-01-01"));
        Files.write(oldBackup.resolve("app.db"), new byte[2000]);
        Path linkInside = Files.createSymbolicLink(oldBackup.resolve("to-precious"), outside);
        Path preciousFile = Files.write(outside.resolve("x"), new byte[5]);
        age(oldBackup, Duration.ofDays(60));
        Path newBackup = Files.createDirectories(root.resolve("backup-2026-11-27"));
        age(newBackup, Duration.ofDays(1));
        Path looseFile = file("notes.txt", 90, 1);
        ActionResult r = run(params(root, Duration.ofDays(30), "backup-*", DeleteOldFilesActionType.Entries.DIRS, null, null));
        assertThat(r.outcome()).isEqualTo(Outcome.DONE);
        assertThat(r.message()).isEqualTo("deleted 1 directory, 2.0 KB");
        assertThat(oldBackup).doesNotExist();
        assertThat(linkInside).doesNotExist();
        assertThat(preciousFile).exists();
        assertThat(newBackup).exists();
        assertThat(looseFile).exists();
    }

    @Test
    void keepNewestKeepsTheNNewestWhateverTheirAge() throws Exception {
        for (int i = 1; i <= 5; i++) {
            file("backup-" + i + ".tar", 100 - i, 1); // backup-5 is the newest
        }
        ActionResult r = run(params(root, Duration.ofDays(1), "*.tar", null, 2, null));
        assertThat(r.message()).isEqualTo("deleted 3 files, 3 B");
        assertThat(root.resolve("backup-5.tar")).exists();
        assertThat(root.resolve("backup-4.tar")).exists();
        assertThat(root.resolve("backup-3.tar")).doesNotExist();
    }

    @Test
    void maxDeleteDeletesTheOldestFirstAndSaysHowManyRemain() throws Exception {
        file("1.log", 10, 1);
        file("2.log", 20, 1);
        file("3.log", 30, 1);
        ActionResult r = run(params(root, Duration.ofDays(1), null, null, null, 2));
        assertThat(r.message()).isEqualTo("deleted 2 files, 2 B (max_delete 2; 1 more eligible)");
        assertThat(root.resolve("1.log")).exists();
        assertThat(root.resolve("3.log")).doesNotExist();
    }

    @Test
    void globMatchesNamesOrRelativePaths() throws Exception {
        Path log = file("app/x.log", 10, 1);
        Path gz = file("app/x.log.gz", 10, 1);
        Path other = file("other/y.log", 10, 1);
        run(params(root, Duration.ofDays(1), "app/*.log", null, null, null));
        assertThat(log).doesNotExist();
        assertThat(gz).exists();
        assertThat(other).exists();
    }

    @Test
    void dryRunListsWhatItWouldDeleteAndDeletesNothing() throws Exception {
        Path old = file("old.log", 10, 1500);
        ActionResult r = type.create(params(root, Duration.ofDays(1), null, null, null, null), TypeContext.defaults("c"))
                .execute(ctx.dryRun(true));
        assertThat(r.outcome()).isEqualTo(Outcome.DRY_RUN);
        assertThat(r.message()).isEqualTo("would delete 1 file, 1.5 KB: " + old);
        assertThat(old).exists();
    }

    @Test
    void refusesRootAndTheHomeDirectoryItself() {
        assertThatThrownBy(() -> run(new DeleteOldFilesActionType.Params("/", Duration.ofDays(1), null, null, null, null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("root directory");
        assertThatThrownBy(() -> run(new DeleteOldFilesActionType.Params("~", Duration.ofDays(1), null, null, null, null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("home directory");
        assertThatThrownBy(() -> run(new DeleteOldFilesActionType.Params(System.getProperty("user.home") + "/.",
                Duration.ofDays(1), null, null, null, null))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesALinkToTheHomeDirectoryAndAPathThatIsALink() throws Exception {
        Path toHome = Files.createSymbolicLink(tmp.resolve("home-link"), Path.of(System.getProperty("user.home")));
        assertThatThrownBy(() -> run(params(toHome, Duration.ofDays(1), null, null, null, null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("home directory");
        Path toUploads = Files.createSymbolicLink(tmp.resolve("uploads-link"), root);
        file("old.log", 10, 1);
        ActionResult r = run(params(toUploads, Duration.ofDays(1), null, null, null, null));
        assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(r.message()).contains("symbolic link");
        assertThat(root.resolve("old.log")).exists();
    }

    @Test
    void aDirectorySwappedForALinkAfterTheScanIsNotFollowed() throws Exception {
        Path sub = Files.createDirectories(root.resolve("sub"));
        Path victim = Files.write(outside.resolve("victim.log"), new byte[1]);
        Files.write(sub.resolve("victim.log"), new byte[1]);
        try (PinnedDirectory pinned = PinnedDirectory.open(root)) {
            // the scan saw uploads/sub/victim.log; now sub becomes a link to the precious directory
            Files.delete(sub.resolve("victim.log"));
            Files.delete(sub);
            Files.createSymbolicLink(sub, outside);
            assertThatThrownBy(() -> pinned.delete(Path.of("sub/victim.log"), false))
                    .isInstanceOf(java.io.IOException.class);
            assertThat(victim).exists();
            assertThatThrownBy(() -> pinned.delete(Path.of("sub"), true)).isInstanceOf(java.io.IOException.class);
            assertThat(victim).exists();
        }
    }

    /** Today's old files in {@code dir}, named 0.log … n-1.log, 400 days old. */
    private void oldFiles(Path dir, int n) throws Exception {
        for (int i = 0; i < n; i++) {
            Path p = Files.write(dir.resolve(i + ".log"), new byte[1]);
            age(p, Duration.ofDays(400));
        }
    }

    /** Moves {@code path} away and puts a link to the outside directory in its place, as an attacker would. */
    private Runnable swapRootForALinkToOutside() {
        return () -> {
            try {
                Files.move(root, tmp.resolve("uploads-moved"));
                Files.createSymbolicLink(root, outside);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        };
    }

    @Test
    void pathSwappedForALinkDuringACleanupDeletesNothingOutside() throws Exception {
        oldFiles(root, 200);
        Files.createDirectories(root.resolve("deep/er"));
        oldFiles(root.resolve("deep/er"), 20);
        oldFiles(outside, 200);
        Files.createDirectories(outside.resolve("deep/er"));
        oldFiles(outside.resolve("deep/er"), 20);
        ActionResult r = type.create(params(root, Duration.ofDays(1), null, null, null, null),
                TypeContext.defaults("clean"), swapRootForALinkToOutside()).execute(ctx);
        try (var s = Files.walk(outside)) {
            assertThat(s.filter(Files::isRegularFile).count()).isEqualTo(220);
        }
        // what was scanned is what gets deleted: the original directory, wherever it now is
        assertThat(r.outcome()).isEqualTo(Outcome.DONE);
        assertThat(r.message()).isEqualTo("deleted 220 files, 220 B");
        try (var s = Files.walk(tmp.resolve("uploads-moved"))) {
            assertThat(s.filter(Files::isRegularFile).count()).isZero();
        }
    }

    @Test
    void pathSwappedForALinkDuringADirsCleanupDeletesNothingOutside() throws Exception {
        Path old = Files.createDirectories(root.resolve("backup-1"));
        oldFiles(old, 5);
        age(old, Duration.ofDays(400));
        Path precious = Files.createDirectories(outside.resolve("backup-1"));
        oldFiles(precious, 5);
        age(precious, Duration.ofDays(400));
        ActionResult r = type.create(params(root, Duration.ofDays(1), null, DeleteOldFilesActionType.Entries.DIRS,
                null, null), TypeContext.defaults("clean"), swapRootForALinkToOutside()).execute(ctx);
        assertThat(r.message()).isEqualTo("deleted 1 directory, 5 B");
        assertThat(precious).isDirectory();
        try (var s = Files.list(precious)) {
            assertThat(s.count()).isEqualTo(5);
        }
        assertThat(tmp.resolve("uploads-moved/backup-1")).doesNotExist();
    }

    @Test
    void refusesALinkInAParentComponentAndNamesIt() throws Exception {
        Path realDir = Files.createDirectories(outside.resolve("dir"));
        oldFiles(realDir, 3);
        Path link = Files.createSymbolicLink(root.resolve("link-to-precious"), outside);
        ActionResult r = run(params(link.resolve("dir"), Duration.ofDays(1), null, null, null, null));
        assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(r.message()).contains(link + " is a symbolic link").contains("give the real path");
        try (var s = Files.list(realDir)) {
            assertThat(s.count()).isEqualTo(3);
        }
    }

    @Test
    void aFileInAComponentIsReportedAsNotADirectory() throws Exception {
        Path file = Files.write(root.resolve("plain"), new byte[1]);
        ActionResult r = run(params(file.resolve("dir"), Duration.ofDays(1), null, null, null, null));
        assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(r.message()).contains(file + " is not a directory");
    }

    @Test
    void requiresOlderThan() {
        assertThatThrownBy(() -> run(params(root, null, null, null, null, null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("older_than is required");
    }

    @Test
    void formatsSizesInThousands() {
        assertThat(DeleteOldFilesActionType.size(340_000_000)).isEqualTo("340 MB");
        assertThat(DeleteOldFilesActionType.size(999)).isEqualTo("999 B");
        assertThat(DeleteOldFilesActionType.size(1_234_567_890)).isEqualTo("1.2 GB");
    }

    @Test
    void missingPathFailsWithoutThrowing() throws Exception {
        ActionResult r = run(params(tmp.resolve("gone"), Duration.ofDays(1), null, null, null, null));
        assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(r.message()).contains("does not exist");
    }
}
