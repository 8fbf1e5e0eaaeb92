package dev.runbook.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runbook.core.ManualClock;
import dev.runbook.core.Status;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.DriverManager;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store is the one owner of its file: one connection per process, 0600, foreign files refused untouched. */
class OneOwnerTest {
    static final Instant T0 = Instant.parse("2026-12-05T10:00:00Z");
    @TempDir
    Path dir;

    /** Descriptors of this process open on {@code file} itself (not its -wal or -shm). */
    static long descriptorsOn(Path file) throws IOException {
        Path real = file.toRealPath();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).equals(real);
                } catch (IOException | UnsupportedOperationException e) {
                    return false;
                }
            }).count();
        }
    }

    @Test
    void historyIncidentsAndNotesShareOneConnectionPerProcess() throws Exception {
        Path file = dir.resolve("rb.db");
        ManualClock clock = new ManualClock(T0, ZoneOffset.UTC);
        try (Store store = Store.open(file, null, clock);
             SqliteRunStore alsoOpenedByName = SqliteRunStore.open(file, null, clock);
             Store again = Store.open(dir.resolve(".").resolve("rb.db"), null, clock)) {
            store.runs().record(Runs.single("disk", T0, Status.OK, 5));
            IncidentTables incidents = store.incidents("rb", t -> t);
            incidents.tx(() -> incidents.insert("disk", "P2", null, T0, "CRITICAL", "full", null, null));
            again.notes().add(T0, "alice", "cleaned /var/tmp");
            assertThat(alsoOpenedByName.history().latest("disk")).isPresent();
            assertThat(again.incidents("rb", t -> t).list(true)).hasSize(1);
            assertThat(store.notes().between(T0, T0.plusSeconds(1))).hasSize(1);
            assertThat(descriptorsOn(file)).isEqualTo(1);
            assertThat(Store.openConnections(file)).isEqualTo(1);
        }
        assertThat(descriptorsOn(file)).isZero();
        assertThat(Store.openConnections(file)).isZero();
    }

    @Test
    void closingOneUserLeavesTheConnectionToTheOthers() {
        Path file = dir.resolve("rb.db");
        ManualClock clock = new ManualClock(T0, ZoneOffset.UTC);
        try (Store a = Store.open(file, null, clock)) {
            Store b = Store.open(file, null, clock);
            b.close();
            b.close();
            a.runs().record(Runs.single("disk", T0, Status.OK, 5));
            assertThat(a.history().latest("disk")).isPresent();
        }
        Store closed = Store.open(file, null, clock);
        closed.close();
        assertThatThrownBy(() -> closed.runs().record(Runs.single("disk", T0, Status.OK, 5)))
                .hasMessageContaining("is closed");
    }

    @Test
    void aNewStoreAndItsWalAndShmFilesAreReadableByTheOwnerOnly() throws Exception {
        Path file = dir.resolve("state").resolve("rb.db");
        try (Store store = Store.open(file, null, new ManualClock(T0, ZoneOffset.UTC))) {
            store.runs().record(Runs.single("disk", T0, Status.OK, 5));
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("state/rb.db-wal"))))
                    .isEqualTo("rw-------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("state/rb.db-shm"))))
                    .isEqualTo("rw-------");
        }
    }

    /**
     * Milestone 1 took an unmarked database holding a table named like one of runbook's ({@code state},
     * {@code meta}, {@code notes}, …) for its own and added its tables; such names are common in other apps.
     */
    @Test
    void refusesAnotherApplicationsDatabaseEvenWhenItsTablesHaveNamesLikeOurs() throws Exception {
        Path file = dir.resolve("app.db");
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + file); var s = c.createStatement()) {
            s.execute("CREATE TABLE state(key TEXT PRIMARY KEY, value TEXT)");
            s.execute("CREATE TABLE notes(id INTEGER PRIMARY KEY, body TEXT)");
            s.execute("INSERT INTO state VALUES('theme', 'dark')");
        }
        byte[] before = Files.readAllBytes(file);
        assertThatThrownBy(() -> Store.open(file, null, new ManualClock(T0, ZoneOffset.UTC)))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("another application (tables: notes, state)");
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
        assertThat(dir.resolve("app.db-wal")).doesNotExist();
        assertThat(dir.resolve("app.db-shm")).doesNotExist();
        assertThat(Store.openConnections(file)).isZero();
    }
}
