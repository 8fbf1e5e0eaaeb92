package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A verb that only reads never creates, migrates or writes the store (issue #11, one read-only opener:
 * {@code Store.openExisting}): after {@code history}, {@code report}, {@code incidents} and {@code docs
 * --with-results}, run as the launcher in separate processes, the file's bytes and modification time are as the
 * writing run left them.
 */
class ReadOnlyVerbsKeepTheStoreProcessTest {
    @TempDir
    static Path dir;
    static Path store;

    @BeforeAll
    static void aRunRecordsResults() throws Exception {
        Files.writeString(dir.resolve("marker.txt"), "here\n");
        Files.writeString(dir.resolve("rb.yaml"), """
                runbook: readonly
                title: Read-only verbs
                version: 1
                timezone: UTC
                store: ./state/readonly.db
                checks:
                  marker:
                    type: file
                    title: Marker file
                    path: ./marker.txt
                    max_age: 30d
                procedures:
                  morning-check:
                    title: Morning Check
                    steps:
                      - { title: Files, checks: [marker] }
                """);
        Launch.Outcome r = run("run", "rb.yaml", "--procedure", "morning-check");
        assertThat(r.exit()).as(r.err()).isZero();
        store = dir.resolve("state/readonly.db");
        assertThat(store).exists();
    }

    private static Launch.Outcome run(String... args) throws Exception {
        return Launch.plain(dir.resolve("xdg")).run(dir, args);
    }

    /** Runs {@code args} and checks that the store file is byte for byte and by mtime as before. */
    private static Launch.Outcome leavesTheStoreAsItWas(String... args) throws Exception {
        byte[] before = Files.readAllBytes(store);
        long modified = Files.getLastModifiedTime(store).toMillis();
        Launch.Outcome o = run(args);
        assertThat(o.exit()).as(String.join(" ", args) + ": " + o.err()).isZero();
        assertThat(Files.readAllBytes(store)).as(String.join(" ", args)).isEqualTo(before);
        assertThat(Files.getLastModifiedTime(store).toMillis()).as(String.join(" ", args)).isEqualTo(modified);
        // SQLite may leave its -wal and -shm beside the file: every reader of a WAL database needs them
        return o;
    }

    @Test
    void historyReadsWithoutWriting() throws Exception {
        Launch.Outcome o = leavesTheStoreAsItWas("history", "rb.yaml");
        assertThat(o.out()).contains("marker");
    }

    @Test
    void reportReadsWithoutWriting() throws Exception {
        Launch.Outcome o = leavesTheStoreAsItWas("report", "rb.yaml", "day");
        assertThat(o.out()).contains("Marker file: Normal");
    }

    @Test
    void incidentsReadsWithoutWriting() throws Exception {
        leavesTheStoreAsItWas("incidents", "rb.yaml");
    }

    @Test
    void docsWithResultsReadsWithoutWriting() throws Exception {
        Launch.Outcome o = leavesTheStoreAsItWas("docs", "rb.yaml", "--with-results");
        assertThat(o.out()).contains("results from the store " + store.toRealPath());
    }
}
