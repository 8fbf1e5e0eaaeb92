package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Read-only verbs never write (issue 11): {@code report}, {@code history} and {@code incidents list} on a missing
 * store say so and leave no file behind; on a store of an older schema they say it is old and leave it unchanged.
 */
class ReadOnlyVerbsProcessTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void write() throws Exception {
        String rb = """
                runbook: %s
                version: 1
                timezone: UTC
                store: ./state/%s.db
                checks:
                  marker: { type: file, title: Marker file, path: ./marker.txt }
                reports:
                  daily: { title: Daily Operations Report, period: day, sections: [services, notes] }
                """;
        Files.writeString(dir.resolve("marker.txt"), "here\n");
        Files.writeString(dir.resolve("missing.yaml"), rb.formatted("missing", "missing"));
        Files.writeString(dir.resolve("old.yaml"), rb.formatted("old", "old"));
    }

    private static Launch.Outcome run(String... args) throws Exception {
        return Launch.plain(dir.resolve("xdg")).run(dir, args);
    }

    @Test
    void aMissingStoreIsSaidMissingAndNotCreated() throws Exception {
        Launch.Outcome report = run("report", "missing.yaml", "daily", "--date", "2026-10-21");
        assertThat(report.exit()).as(report.err()).isZero();
        assertThat(report.err()).contains("there is no store at", "missing.db", "the report has no data");
        assertThat(report.out()).startsWith("【Daily Operations Report】2026-10-21\n");
        Launch.Outcome history = run("history", "missing.yaml", "--format", "json");
        assertThat(history.exit()).as(history.err()).isZero();
        assertThat(history.err()).contains("there is no store at");
        assertThat(history.out()).contains("\"results\"");
        Launch.Outcome incidents = run("incidents", "missing.yaml", "list");
        assertThat(incidents.exit()).as(incidents.err()).isZero();
        assertThat(incidents.err()).contains("there is no store at");
        assertThat(dir.resolve("state/missing.db")).doesNotExist();
        assertThat(dir.resolve("state")).satisfiesAnyOf(d -> assertThat(d).doesNotExist(),
                d -> assertThat(Files.list(d).filter(f -> f.getFileName().toString().startsWith("missing")))
                        .isEmpty());
    }

    @Test
    void anOldStoreIsSaidOldAndLeftAsItWas() throws Exception {
        // a store made by a real run, then marked as schema version 1, as a store of an older runbook is
        Launch.Outcome made = run("run", "old.yaml");
        assertThat(made.exit()).as(made.err()).isZero();
        Path db = dir.resolve("state/old.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("DELETE FROM schema_version WHERE version > 1");
            s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        }
        String before = sha256(db);
        for (String[] verb : new String[][] {{"report", "old.yaml", "daily"}, {"history", "old.yaml"},
                {"incidents", "old.yaml", "list"}}) {
            Launch.Outcome o = run(verb);
            assertThat(o.exit()).as(String.join(" ", verb) + ": " + o.err()).isEqualTo(1);
            assertThat(o.err()).as(String.join(" ", verb)).contains("old.db", "schema version 1", "older than",
                    "left it as it is");
        }
        assertThat(sha256(db)).isEqualTo(before);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT max(version) FROM schema_version")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(1);
        }
    }

    private static String sha256(Path f) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)));
    }
}
