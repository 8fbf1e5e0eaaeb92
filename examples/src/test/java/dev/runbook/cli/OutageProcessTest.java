package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed's outage through the launcher, as separate processes, against real files, a real HTTP health service
 * and the demo sandbox's stub systemctl (contract §5 and §7 [1.1]): the estimator is down, so {@code services} and
 * {@code health} fail in the same batch; a restart both remediations name runs once, and the outage opens one
 * incident, which the procedure's own {@code escalate} step joins too.
 */
class OutageProcessTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    OutageWorld world;

    @BeforeEach
    void world() throws Exception {
        world = new OutageWorld(dir);
    }

    @AfterEach
    void close() {
        world.close();
    }

    private Launch.Outcome runbook(String... args) throws Exception {
        return Launch.plain(dir.resolve("xdg")).timeoutSeconds(120).run(dir, args);
    }

    @Test
    void aRestartSharedByTheBatchsRemediationsRunsOnce() throws Exception {
        Files.writeString(dir.resolve("runbook.yaml"), world.runbook());
        Launch.Outcome o = runbook("run", "runbook.yaml", "--procedure", "morning-check", "--format", "json");
        assertThat(o.exit()).as(o.err()).isZero();
        assertThat(world.calls("restart", "estimator")).as("the estimator is restarted once, not twice").isEqualTo(1);
        assertThat(world.calls("restart", "httpd")).isEqualTo(1);
        JsonNode root = JSON.readTree(o.out());
        List<String> skipped = new ArrayList<>();
        int rechecks = 0;
        for (JsonNode r : root.get("results")) {
            assertThat(r.get("status").asText()).as(r.toString()).isEqualTo("OK");
            for (JsonNode a : r.get("actions")) {
                if (a.get("outcome").asText().equals("skipped")) {
                    skipped.add(a.get("step").asText() + ": " + a.get("message").asText());
                }
                if (a.get("step").asText().startsWith("recheck ")) {
                    rechecks++;
                }
            }
        }
        assertThat(skipped).hasSize(3).anyMatch(s -> s.startsWith("restart-estimator: already done by the ")
                && s.endsWith(" remediation")).anyMatch(s -> s.startsWith("wait 1s: "));
        assertThat(rechecks).as("every recheck still runs").isEqualTo(2);
    }

    @Test
    void oneOutageOpensOneIncidentThatTheProcedureJoinsAndAllItsChecksResolve() throws Exception {
        Files.writeString(dir.resolve("runbook.yaml"), world.runbook());
        world.broken("estimator", true);
        Launch.Outcome o = runbook("run", "runbook.yaml", "--procedure", "p1-response", "--format", "json");
        assertThat(o.exit()).as(o.err()).isEqualTo(2);

        JsonNode incidents = JSON.readTree(runbook("incidents", "runbook.yaml", "--format", "json").out())
                .get("incidents");
        assertThat(incidents.size()).as("one outage, one incident: " + incidents).isEqualTo(1);
        JsonNode one = incidents.get(0);
        assertThat(one.get("level").asText()).isEqualTo("P1");
        assertThat(one.get("state").asText()).isEqualTo("open");
        String timeline = one.get("timeline").toString();
        assertThat(timeline).contains("procedure p1-response escalated to P1");
        assertThat(timeline).containsAnyOf("health escalated to P1 and is covered", "services escalated to P1 and is covered");
        // the list names every check the incident covers, not only the one that opened it
        String list = runbook("incidents", "runbook.yaml").out();
        assertThat(list).containsPattern("#" + one.get("id").asInt() + "  P1  .*(services, health|health, services)");
        assertThat(runbook("incidents", "runbook.yaml", "show", one.get("id").asText()).out())
                .containsPattern("(services, health|health, services)");

        // the estimator starts again: services recovers first, health too; the incident resolves once both are OK
        world.broken("estimator", false);
        world.unit("estimator", "active");
        Launch.Outcome services = runbook("run", "runbook.yaml", "--check", "services");
        assertThat(services.exit()).as(services.err()).isZero();
        Launch.Outcome ok = runbook("run", "runbook.yaml", "--procedure", "morning-check");
        assertThat(ok.exit()).as(ok.err()).isZero();
        JsonNode after = JSON.readTree(runbook("incidents", "runbook.yaml", "--format", "json").out()).get("incidents");
        assertThat(after.size()).isEqualTo(1);
        assertThat(after.get(0).get("state").asText()).isEqualTo("resolved");
    }

    @Test
    void anIncidentAProcedureOpenedResolvesWhenALaterRunOfItEndsOk() throws Exception {
        Files.writeString(dir.resolve("runbook.yaml"), world.runbook(
                "  announce:",
                "    steps:",
                "      - { recheck: health }",
                "      - { escalate: P2 }"));
        Launch.Outcome down = runbook("run", "runbook.yaml", "--procedure", "announce");
        assertThat(down.exit()).as(down.out() + down.err()).isEqualTo(2);
        JsonNode opened = JSON.readTree(runbook("incidents", "runbook.yaml", "--format", "json").out()).get("incidents");
        assertThat(opened.size()).isEqualTo(1);
        assertThat(opened.get(0).get("state").asText()).isEqualTo("open");

        world.unit("estimator", "active");
        Launch.Outcome up = runbook("run", "runbook.yaml", "--procedure", "announce");
        assertThat(up.exit()).as(up.out() + up.err()).isZero();
        JsonNode after = JSON.readTree(runbook("incidents", "runbook.yaml", "--format", "json").out()).get("incidents");
        assertThat(after.get(0).get("state").asText()).isEqualTo("resolved");
        assertThat(after.get(0).get("timeline").toString()).contains("a later run of procedure announce ended OK");
    }
}
