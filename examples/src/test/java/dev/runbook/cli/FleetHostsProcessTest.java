package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reading verbs read the fleet or one host (runbook-format §10), through the launcher: two hosts ({@code --host
 * web-1}, {@code --host web-2}) run the same failing check into one store; incidents are per (check, host), so there
 * are two; {@code runs}, {@code incidents} and {@code notifications} list both by default and one host's with
 * {@code --host}, every JSON row carrying {@code "host"}.
 */
class FleetHostsProcessTest {
    static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path dir;

    private Launch.Outcome runbook(String... args) throws Exception {
        return Launch.plain(dir.resolve("xdg")).timeoutSeconds(120).run(dir, args);
    }

    private List<String> hosts(String... args) throws Exception {
        Launch.Outcome o = runbook(args);
        assertThat(o.exit()).as(o.err()).isZero();
        JsonNode root = JSON.readTree(o.out());
        List<String> out = new ArrayList<>();
        root.elements().next().forEach(row -> out.add(row.get("host").asText()));
        return out;
    }

    @Test
    void runsIncidentsAndNotificationsReadTheFleetOrOneHost() throws Exception {
        Files.writeString(dir.resolve("runbook.yaml"), String.join("\n",
                "runbook: fleet",
                "version: 1",
                "timezone: UTC",
                "store: ./state/fleet.db",
                "checks:",
                "  health: { type: command, run: [\"false\"], expect: { exit: 0 }, incident: P2 }",
                "escalation:",
                "  levels:",
                "    P2: { title: Degraded, respond: 1h, notify: [ops] }",
                "  contacts:",
                "    ops: { via: ops-file, address: ops }",
                "notifiers:",
                "  ops-file: { type: file, path: ./notices.log }",
                ""));
        assertThat(runbook("run", "runbook.yaml", "--host", "web-1").exit()).isEqualTo(2);
        assertThat(runbook("run", "runbook.yaml", "--host", "web-2").exit()).isEqualTo(2);
        assertThat(runbook("run", "runbook.yaml", "--host", "web-2").exit()).isEqualTo(2);

        assertThat(hosts("runs", "runbook.yaml", "--format", "json")).containsExactlyInAnyOrder("web-1", "web-2", "web-2");
        assertThat(hosts("runs", "runbook.yaml", "--format", "json", "--host", "web-2")).containsExactly("web-2", "web-2");
        assertThat(hosts("incidents", "runbook.yaml", "--format", "json")).as("one incident per (check, host)")
                .containsExactlyInAnyOrder("web-1", "web-2");
        assertThat(hosts("incidents", "runbook.yaml", "--format", "json", "--host", "web-1")).containsExactly("web-1");
        assertThat(hosts("notifications", "runbook.yaml", "--format", "json")).containsExactlyInAnyOrder("web-1", "web-2");
        assertThat(hosts("notifications", "runbook.yaml", "--format", "json", "--host", "web-2")).containsExactly("web-2");
        Launch.Outcome text = runbook("incidents", "runbook.yaml");
        assertThat(text.out()).as("the table names the hosts of a fleet").contains("health on web-1").contains("health on web-2");
        assertThat(hosts("runs", "runbook.yaml", "--format", "json", "--host", "web-3")).isEmpty();
    }
}
