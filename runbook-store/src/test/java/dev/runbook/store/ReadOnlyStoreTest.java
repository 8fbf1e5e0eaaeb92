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

/** A store opened only to read it: never created, never migrated, never written; foreign files refused. */
class ReadOnlyStoreTest {
    static final Instant T0 = Instant.parse("2026-12-05T00:00:00Z");
    static final Clock CLOCK = Clock.fixed(T0.plusSeconds(3600), ZoneOffset.UTC);

    @TempDir
    Path dir;

    @Test
    void aMissingStoreIsEmptyAndNotCreated() {
        Path file = dir.resolve("state/none.db");
        assertThat(ReadOnlyStore.openIfPresent(file, CLOCK)).isEmpty();
        assertThat(file).doesNotExist();
        assertThat(file.getParent()).doesNotExist();
    }

    @Test
    void readsTheLatestResultsAndLastRunWithoutChangingTheFile() throws Exception {
        Path file = dir.resolve("ops.db");
        try (Store s = Store.open(file, null, CLOCK)) {
            s.runs().record(Runs.run("ops", "morning-check", T0, List.of(Runs.result("disk", T0, Status.OK, Map.of("used", 70.0)))));
            s.runs().record(Runs.run("ops", "morning-check", T0.plusSeconds(60),
                    List.of(Runs.result("disk", T0.plusSeconds(60), Status.WARNING, Map.of("used", 85.0)))));
        }
        byte[] before = Files.readAllBytes(file);
        long modified = Files.getLastModifiedTime(file).toMillis();
        try (ReadOnlyStore r = ReadOnlyStore.openIfPresent(file, CLOCK).orElseThrow()) {
            assertThat(r.latestPerCheck()).containsOnlyKeys("disk");
            assertThat(r.latestPerCheck().get("disk").status()).isEqualTo(Status.WARNING);
            assertThat(r.latestPerCheck().get("disk").metrics()).containsEntry("used", 85.0);
            ReadOnlyStore.LastRun run = r.lastRun("ops", "morning-check").orElseThrow();
            assertThat(run.startedAt()).isEqualTo(T0.plusSeconds(60));
            assertThat(run.status()).isEqualTo(Status.WARNING);
            assertThat(r.lastRun("ops", "evening-check")).isEmpty();
            assertThat(r.lastRun("other", "morning-check")).isEmpty();
        }
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
        assertThat(Files.getLastModifiedTime(file).toMillis()).isEqualTo(modified);
    }

    @Test
    void refusesAnotherApplicationsDatabaseAndAnEmptyFile() throws Exception {
        Path foreign = dir.resolve("foreign.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + foreign); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE customers(id INTEGER)");
        }
        assertThatThrownBy(() -> ReadOnlyStore.openIfPresent(foreign, CLOCK)).isInstanceOf(StoreException.class)
                .hasMessageContaining(foreign.toString()).hasMessageContaining("not a runbook store");
        Path empty = Files.createFile(dir.resolve("empty.db"));
        assertThatThrownBy(() -> ReadOnlyStore.openIfPresent(empty, CLOCK)).isInstanceOf(StoreException.class)
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
        assertThatThrownBy(() -> ReadOnlyStore.openIfPresent(file, CLOCK)).isInstanceOf(StoreException.class)
                .hasMessageContaining("newer than this runbook understands");
    }
}
