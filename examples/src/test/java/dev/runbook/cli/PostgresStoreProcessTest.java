package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbook.store.Migrations;
import dev.runbook.store.PostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PostgreSQL store (runbook-format §10) through the launcher, each verb a separate process, on a real
 * server ({@link PostgresServer}): {@code store: {url, username, password: ${secret:…}}}, {@code runbook store
 * migrate} (created, then nothing to do, then a newer schema refused), and {@code run}, {@code history},
 * {@code note} and {@code incidents} reading and writing the server, not a file.
 */
class PostgresStoreProcessTest {
    @TempDir
    static Path dir;
    static String database;

    @BeforeAll
    static void writeRunbook() throws Exception {
        database = PostgresServer.shared().newDatabase();
        Files.writeString(dir.resolve("fleet.yaml"), """
                runbook: fleet
                version: 1
                timezone: UTC
                secrets:
                  store_password: "${env:STORE_PASSWORD}"
                store:
                  url: "%s"
                  username: %s
                  password: "${secret:store_password}"
                checks:
                  marker:
                    type: file
                    path: ./fleet.yaml
                procedures:
                  morning-check:
                    steps: [ {checks: [marker]} ]
                """.formatted(PostgresServer.shared().url(database), PostgresServer.USER));
        Files.writeString(dir.resolve("file.yaml"), """
                runbook: file
                version: 1
                store: ./state/file.db
                checks:
                  marker:
                    type: file
                    path: ./file.yaml
                """);
    }

    private static Launch.Outcome run(String... args) throws Exception {
        return Launch.plain(dir.resolve("xdg")).env("STORE_PASSWORD", PostgresServer.PASSWORD).run(dir, args);
    }

    @Test
    void migrateCreatesTheTablesThenRunsHistoryNotesAndIncidentsUseTheServer() throws Exception {
        Launch.Outcome m = run("store", "migrate", "fleet.yaml");
        assertThat(m.exit()).as(m.err()).isZero();
        assertThat(m.out()).contains("Created the store " + PostgresServer.shared().url(database)
                + " at schema version " + Migrations.CURRENT);
        assertThat(m.out() + m.err()).doesNotContain(PostgresServer.PASSWORD);
        Launch.Outcome again = run("store", "migrate", "fleet.yaml");
        assertThat(again.exit()).as(again.err()).isZero();
        assertThat(again.out()).contains("nothing to do");

        Launch.Outcome r = run("run", "fleet.yaml", "--procedure", "morning-check");
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        Launch.Outcome h = run("history", "fleet.yaml", "--format", "json", "--since", "1d");
        assertThat(h.exit()).as(h.err()).isZero();
        JsonNode rows = new ObjectMapper().readTree(h.out());
        assertThat(rows.toString()).contains("\"marker\"");
        Launch.Outcome n = run("note", "fleet.yaml", "--operator", "alice", "switched", "to", "PostgreSQL");
        assertThat(n.exit()).as(n.err()).isZero();
        assertThat(n.out() + n.err()).doesNotContain(PostgresServer.PASSWORD);
        Launch.Outcome inc = run("incidents", "fleet.yaml");
        assertThat(inc.exit()).as(inc.err()).isZero();
        try (Connection c = PostgresServer.shared().connect(database); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM results r JOIN check_names c ON c.id = r.check_id"
                    + " WHERE c.name = 'marker'")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(1);
            }
            try (ResultSet rs = s.executeQuery("SELECT operator, text FROM notes")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("alice");
                assertThat(rs.getString(2)).isEqualTo("switched to PostgreSQL");
            }
        }
        assertThat(dir.resolve("xdg/runbook/fleet.db")).doesNotExist();
    }

    @Test
    void runsCarryTheirHostAndHistoryReadsTheFleetOrOneHost() throws Exception {
        String db = PostgresServer.shared().newDatabase();
        Files.writeString(dir.resolve("hosts.yaml"), Files.readString(dir.resolve("fleet.yaml"))
                .replace("runbook: fleet", "runbook: hosts\nhost: from-yaml").replace("/" + database + "\"", "/" + db + "\""));
        for (String host : new String[] {"web-1", "web-2", null}) {
            Launch.Outcome r = host == null ? run("run", "hosts.yaml", "--check", "marker")
                    : run("run", "hosts.yaml", "--check", "marker", "--host", host);
            assertThat(r.exit()).as(r.out() + r.err()).isZero();
        }
        JsonNode fleet = new ObjectMapper().readTree(run("history", "hosts.yaml", "--format", "json").out()).get("results");
        assertThat(fleet.findValuesAsText("host")).containsExactlyInAnyOrder("web-1", "web-2", "from-yaml");
        Launch.Outcome one = run("history", "hosts.yaml", "--format", "json", "--host", "web-2");
        assertThat(one.exit()).as(one.err()).isZero();
        assertThat(new ObjectMapper().readTree(one.out()).get("results").findValuesAsText("host")).containsExactly("web-2");
    }

    @Test
    void aNewerSchemaIsRefusedClearlyAndAWrongPasswordIsSaid() throws Exception {
        String db = PostgresServer.shared().newDatabase();
        Path yaml = dir.resolve("newer.yaml");
        Files.writeString(yaml, Files.readString(dir.resolve("fleet.yaml")).replace("runbook: fleet", "runbook: newer")
                .replace("/" + database + "\"", "/" + db + "\""));
        assertThat(run("store", "migrate", "newer.yaml").exit()).isZero();
        try (Connection c = PostgresServer.shared().connect(db); Statement s = c.createStatement()) {
            s.execute("INSERT INTO schema_version(version, applied_at) VALUES(" + (Migrations.CURRENT + 1) + ", 0)");
        }
        Launch.Outcome m = run("store", "migrate", "newer.yaml");
        assertThat(m.exit()).isEqualTo(1);
        assertThat(m.err()).contains("has schema version " + (Migrations.CURRENT + 1)
                + ", newer than this runbook understands (" + Migrations.CURRENT + "); upgrade runbook");
        Launch.Outcome bad = Launch.plain(dir.resolve("xdg")).env("STORE_PASSWORD", "not-it").run(dir,
                "store", "migrate", "fleet.yaml");
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.err()).contains("refused the login of user runbook").doesNotContain("not-it");
    }

    @Test
    void migrateAlsoCreatesAnSqliteFile() throws Exception {
        Launch.Outcome m = run("store", "migrate", "file.yaml");
        assertThat(m.exit()).as(m.err()).isZero();
        assertThat(m.out()).contains("Created the store " + dir.resolve("state/file.db").toRealPath().getParent());
        assertThat(dir.resolve("state/file.db")).exists();
        assertThat(run("store", "migrate", "file.yaml").out()).contains("nothing to do");
        assertThat(run("store", "nonsense", "file.yaml").exit()).isEqualTo(2);
    }
}
