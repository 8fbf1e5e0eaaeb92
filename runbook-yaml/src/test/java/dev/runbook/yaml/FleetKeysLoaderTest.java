package dev.runbook.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.core.model.Procedure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fleet's keys (runbook-format §10): a procedure's {@code run_on} ({@code each}, the default, or {@code one})
 * and a check's {@code scope} ({@code host}, the default, or {@code fleet}); any other value is an error located at
 * the value.
 */
class FleetKeysLoaderTest {
    @TempDir
    Path dir;

    LoadResult load(String yaml) throws IOException {
        Path f = dir.resolve("runbook.yaml");
        Files.writeString(f, """
                runbook: demo
                version: 1
                """ + yaml);
        return new RunbookLoader(FakeTypes.registry(), Map.of(), Clock.fixed(Instant.parse("2026-11-28T00:00:00Z"),
                ZoneOffset.UTC)).load(f);
    }

    List<String> errors(String yaml) throws IOException {
        LoadResult r = load(yaml);
        assertThat(r.isValid()).as("expected errors").isFalse();
        return r.errors().stream().map(p -> p.line() + ":" + p.column() + ": " + p.message()).toList();
    }

    @Test
    void readsRunOnAndScope() throws IOException {
        LoadResult r = load("""
                checks:
                  health: { type: http, url: "http://127.0.0.1:1/health" }
                  backup: { type: http, url: "http://127.0.0.1:1/backup", scope: fleet }
                  local: { type: http, url: "http://127.0.0.1:1/", scope: host }
                procedures:
                  sweep:
                    run_on: one
                    schedule: every 5m
                    steps: [backup]
                  morning:
                    run_on: each
                    steps: [health]
                  evening:
                    steps: [health]
                """);
        assertThat(r.problems()).isEmpty();
        assertThat(r.runbook().procedures().get("sweep").runOn()).isEqualTo(Procedure.RunOn.ONE);
        assertThat(r.runbook().procedures().get("morning").runOn()).isEqualTo(Procedure.RunOn.EACH);
        assertThat(r.runbook().procedures().get("evening").runOn()).as("the default").isEqualTo(Procedure.RunOn.EACH);
        assertThat(r.runbook().checks().get("backup").fleetScoped()).isTrue();
        assertThat(r.runbook().checks().get("local").fleetScoped()).isFalse();
        assertThat(r.runbook().checks().get("health").fleetScoped()).as("the default").isFalse();
    }

    @Test
    void aBadRunOnOrScopeIsALocatedError() throws IOException {
        assertThat(errors("""
                checks:
                  health: { type: http, url: "http://127.0.0.1:1/health", scope: everywhere }
                procedures:
                  sweep:
                    run_on: once
                    steps: [health]
                """)).containsExactlyInAnyOrder(
                "4:66: check 'health': scope must be 'host' (each host, the default) or 'fleet' (evaluated once for"
                        + " the whole fleet), found 'everywhere'",
                "7:13: procedure 'sweep': run_on must be 'each' (every host, the default) or 'one' (once for the"
                        + " fleet), found 'once'");
    }
}
