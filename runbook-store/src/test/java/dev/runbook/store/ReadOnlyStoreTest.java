package dev.runbook.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runbook.core.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one read-only opener, {@link Store#openExisting}: never creates, never migrates, never writes (not even a
 * pragma); foreign files refused; joins a writer's connection in the same process.
 */
class ReadOnlyStoreTest {
    static final Instant T0 = Instant.parse("2026-12-05T00:00:00Z");
    static final Clock CLOCK = Clock.fixed(T0.plusSeconds(3600), ZoneOffset.UTC);

    @TempDir
    Path dir;

    @Test
    void aMissingStoreIsRefusedAndNotCreated() {
        Path file = dir.resolve("state/none.db");
        assertThatThrownBy(() -> Store.openExisting(file, null, CLOCK)).isInstanceOf(StoreException.class)
                .hasMessageContaining("there is no store at " + file);
        assertThat(file).doesNotExist();
        assertThat(file.getParent()).doesNotExist();
    }

    private Path twoRuns() {
        Path file = dir.resolve("ops.db");
        try (Store s = Store.open(file, null, CLOCK)) {
            s.runs().record(Runs.run("ops", "morning-check", T0, List.of(Runs.result("disk", T0, Status.OK, Map.of("used", 70.0)))));
            s.runs().record(Runs.run("ops", "morning-check", T0.plusSeconds(60),
                    List.of(Runs.result("disk", T0.plusSeconds(60), Status.WARNING, Map.of("used", 85.0)))));
        }
        return file;
    }

    @Test
    void readsTheLatestResultsAndLastRunWithoutChangingTheFile() throws Exception {
        Path file = twoRuns();
        byte[] before = Files.readAllBytes(file);
        long modified = Files.getLastModifiedTime(file).toMillis();
        try (Store r = Store.openExisting(file, null, CLOCK)) {
            assertThat(r.readOnly()).isTrue();
            assertThat(r.history().latestPerCheck()).containsOnlyKeys("disk");
            assertThat(r.history().latestPerCheck().get("disk").status()).isEqualTo(Status.WARNING);
            assertThat(r.history().latestPerCheck().get("disk").metrics()).containsEntry("used", 85.0);
            SqliteHistory.LastRun run = r.history().lastRun("ops", "morning-check").orElseThrow();
            assertThat(run.startedAt()).isEqualTo(T0.plusSeconds(60));
            assertThat(run.status()).isEqualTo(Status.WARNING);
            assertThat(r.history().lastRun("ops", "evening-check")).isEmpty();
            assertThat(r.history().lastRun("other", "morning-check")).isEmpty();
        }
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
        assertThat(Files.getLastModifiedTime(file).toMillis()).isEqualTo(modified);
    }

    @Test
    void everyWriteThroughItOrAStoreJoiningItIsRefusedAndTheFileStaysAsItWas() throws Exception {
        Path file = twoRuns();
        byte[] before = Files.readAllBytes(file);
        long modified = Files.getLastModifiedTime(file).toMillis();
        try (Store r = Store.openExisting(file, null, CLOCK)) {
            assertThatThrownBy(() -> r.runs().record(Runs.single("disk", T0.plusSeconds(120), Status.OK, 1)))
                    .isInstanceOf(StoreException.class).hasMessageContaining("opened read-only");
            assertThatThrownBy(() -> r.runs().put("log", "offset", "12")).isInstanceOf(StoreException.class)
                    .hasMessageContaining("opened read-only");
            assertThatThrownBy(() -> r.notes().add(T0, "alice", "restarted")).isInstanceOf(StoreException.class);
            // a writer of the same file in this process joins the one connection: it is read-only too
            try (Store joined = Store.open(file, null, CLOCK)) {
                assertThat(Store.openConnections(file)).isEqualTo(1);
                assertThat(joined.readOnly()).isTrue();
                assertThatThrownBy(() -> joined.runs().maintain()).isInstanceOf(StoreException.class)
                        .hasMessageContaining("opened read-only");
            }
        }
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
        assertThat(Files.getLastModifiedTime(file).toMillis()).isEqualTo(modified);
    }

    @Test
    void joinsTheConnectionOfAWriterAlreadyOpenInThisProcess() {
        Path file = twoRuns();
        try (Store writer = Store.open(file, null, CLOCK)) {
            long made = Store.connectionsMade();
            try (Store r = Store.openExisting(file, null, CLOCK)) {
                assertThat(Store.connectionsMade()).isEqualTo(made);
                assertThat(r.readOnly()).isFalse();
                writer.runs().record(Runs.single("cpu", T0.plusSeconds(120), Status.OK, 1));
                assertThat(r.history().latestPerCheck()).containsKeys("disk", "cpu");
            }
        }
    }

    @Test
    void refusesAnotherApplicationsDatabaseAndAnEmptyFile() throws Exception {
        Path foreign = dir.resolve("foreign.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + foreign); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE customers(id INTEGER)");
        }
        assertThatThrownBy(() -> Store.openExisting(foreign, null, CLOCK)).isInstanceOf(StoreException.class)
                .hasMessageContaining(foreign.toString()).hasMessageContaining("another application");
        Path empty = Files.createFile(dir.resolve("empty.db"));
        assertThatThrownBy(() -> Store.openExisting(empty, null, CLOCK)).isInstanceOf(StoreException.class)
                .hasMessageContaining("is empty");
        assertThat(Files.size(empty)).isZero();
    }

    @Test
    void refusesAStoreOfAnotherSchemaVersionWithoutMigratingIt() throws Exception {
        Path file = dir.resolve("old.db");
        try (Store s = Store.open(file, null, CLOCK)) {
            s.runs().record(Runs.single("disk", T0, Status.OK, 1));
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("INSERT INTO schema_version(version, applied_at) VALUES (" + (Migrations.CURRENT + 1) + ", 0)");
        }
        assertThatThrownBy(() -> Store.openExisting(file, null, CLOCK)).isInstanceOf(StoreException.class)
                .hasMessageContaining("newer than this runbook understands");
    }
}
