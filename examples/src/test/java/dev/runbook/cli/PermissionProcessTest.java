package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Contract §1 [1.1] (issue 14): a permission failure is {@code UNKNOWN} with the path and the missing permission,
 * for every file-reading type — never {@code CRITICAL} "log file not found". Root ignores permission bits, so when
 * the tests run as root the launcher is started as the unprivileged uid 65534 through {@code setpriv} (group root
 * kept, so that it can read the build's class path; the locked paths have no group or other bits); run as any other
 * user it is started directly. Either way a real process meets a real refused {@code open}/{@code stat}.
 */
class PermissionProcessTest {
    @TempDir
    static Path dir;
    static JsonNode results;
    static Launch.Outcome outcome;

    @BeforeAll
    static void runAsAnUnprivilegedUser() throws Exception {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path state = Files.createDirectories(dir.resolve("state"));
        Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rwxrwxrwx"));
        // a directory nobody but its owner's privileges could enter
        Path locked = Files.createDirectories(dir.resolve("locked"));
        Files.writeString(locked.resolve("app.log"), "ERROR one\n");
        Files.createDirectories(locked.resolve("backups/2026-12-01"));
        // files that exist in an open directory but cannot be read
        Path open = Files.createDirectories(dir.resolve("open"));
        for (String f : List.of("secret.log", "access.log", "cert.pem", "app.db")) {
            Files.writeString(open.resolve(f), "not for you\n");
            Files.setPosixFilePermissions(open.resolve(f), PosixFilePermissions.fromString("---------"));
        }
        Path entry = Files.createDirectories(open.resolve("backups/2026-12-01"));
        Files.writeString(entry.resolve("app.db"), "x");
        Files.setPosixFilePermissions(entry, PosixFilePermissions.fromString("---------"));
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
        Files.writeString(dir.resolve("runbook.yaml"), String.join("\n",
                "runbook: permissions",
                "version: 1",
                "store: ./state/permissions.db",
                "checks:",
                "  log-locked-dir:   { type: log, file: ./locked/app.log, pattern: ERROR }",
                "  log-glob-locked:  { type: log, file: ./locked/*.log, pattern: ERROR, missing: ok }",
                "  log-unreadable:   { type: log, file: ./open/secret.log, pattern: ERROR }",
                "  file-locked-dir:  { type: file, path: ./locked/app.log, max_age: 1d }",
                "  file-glob-locked: { type: file, path: ./locked/*.log, max_size: 100MB }",
                "  access-unreadable: { type: access-log, file: ./open/access.log, window: 24h }",
                "  access-locked-dir: { type: access-log, file: ./locked/access.log, window: 24h }",
                "  backup-locked-dir: { type: backup, dir: ./locked/backups, max_age: 1d }",
                "  backup-entry:     { type: backup, dir: ./open/backups, contains: [app.db] }",
                "  tls-unreadable:   { type: tls, file: ./open/cert.pem }",
                "  tls-locked-dir:   { type: tls, file: ./locked/cert.pem }",
                "  sqlite-unreadable: { type: sqlite, path: ./open/app.db }",
                "  sqlite-locked-dir: { type: sqlite, path: ./locked/app.db }",
                "  disk-locked-dir:  { type: disk, path: ./locked/backups }",
                ""));
        Launch launch = Launch.plain(state);
        if ("root".equals(System.getProperty("user.name"))) {
            launch.prefix("setpriv", "--reuid=65534", "--regid=0", "--clear-groups");
        }
        outcome = launch.run(dir, "run", "runbook.yaml", "--format", "json");
        try {
            results = new ObjectMapper().readTree(outcome.out()).get("results");
            if (results == null) {
                throw new IllegalStateException("no results");
            }
        } catch (Exception e) {
            throw new AssertionError("no JSON from the launcher: exit " + outcome.exit() + "\n" + outcome.out()
                    + "\n" + outcome.err(), e);
        }
    }

    private static Map<String, JsonNode> byCheck() {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        results.forEach(r -> out.put(r.get("check").asText(), r));
        return out;
    }

    @Test
    void everyFileReadingTypeSaysUnknownWithThePathAndTheMissingPermission() {
        Map<String, JsonNode> r = byCheck();
        assertThat(r).hasSize(14);
        List<String> wrong = new ArrayList<>();
        r.forEach((id, res) -> {
            String msg = res.get("message").asText();
            if (!res.get("status").asText().equals("UNKNOWN") || !msg.startsWith("permission denied: ")
                    || !msg.contains(dir.toString())) {
                wrong.add(id + " = " + res.get("status").asText() + " " + msg);
            }
        });
        assertThat(wrong).as("checks not reporting the permission failure").isEmpty();
        assertThat(outcome.exit()).isEqualTo(3);
    }

    @Test
    void theMessageNamesTheDirectoryOrFileAndWhichPermissionIsMissing() {
        Map<String, JsonNode> r = byCheck();
        assertThat(r.get("log-locked-dir").get("message").asText())
                .isEqualTo("permission denied: cannot enter " + dir.resolve("locked")
                        + " (no search (x) permission on the directory for user " + expectedUser() + ")");
        assertThat(r.get("log-unreadable").get("message").asText())
                .startsWith("permission denied: cannot read " + dir.resolve("open/secret.log"))
                .contains("no read (r) permission on the file");
        assertThat(r.get("backup-entry").get("message").asText())
                .startsWith("permission denied: cannot list " + dir.resolve("open/backups/2026-12-01"));
        assertThat(r.get("log-glob-locked").get("message").asText()).as("missing: ok does not hide a denial")
                .contains("cannot list " + dir.resolve("locked"));
    }

    private static String expectedUser() {
        return "root".equals(System.getProperty("user.name")) ? "nobody" : System.getProperty("user.name");
    }
}
