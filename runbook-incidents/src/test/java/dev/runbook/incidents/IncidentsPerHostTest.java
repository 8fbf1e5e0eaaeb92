package dev.runbook.incidents;

import static dev.runbook.incidents.Fixtures.SATURDAY_10;
import static dev.runbook.incidents.Fixtures.TOKYO;
import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.core.CheckResult;
import dev.runbook.core.ManualClock;
import dev.runbook.core.escalation.Incident;
import dev.runbook.core.escalation.IncidentRequest;
import dev.runbook.core.model.CheckDefinition;
import dev.runbook.core.model.Runbook;
import dev.runbook.store.Store;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Incidents are per (check, host) (runbook-format §10), through the store-backed service of two hosts sharing one
 * store: the same check failing on two hosts opens two incidents, each host's own; one outage on one host still
 * joins into one incident (the one-outage rule, per host); a {@code scope: fleet} check has one incident for the
 * fleet whichever host escalates; {@code --host} lists one host's, and JSON rows carry {@code host}.
 */
class IncidentsPerHostTest {
    @TempDir
    Path dir;
    final ManualClock clock = new ManualClock(SATURDAY_10, TOKYO);
    final RecordingNotifier mail = new RecordingNotifier();

    private Runbook runbook() {
        return Fixtures.runbook(mail)
                .check(CheckDefinition.builder("services", c -> CheckResult.ok("up")).incident("P1").build())
                .check(CheckDefinition.builder("backup", c -> CheckResult.ok("fresh")).incident("P2").fleetScoped(true)
                        .build())
                .build();
    }

    private static IncidentRequest joining(String level, String check, List<String> joins) {
        return new IncidentRequest(level, check, null, null, CheckResult.critical(check + " down"), false, null, joins,
                false);
    }

    @Test
    void theSameCheckFailingOnTwoHostsOpensTwoIncidentsAndOneOutageOnOneHostStaysOne() {
        Runbook rb = runbook();
        try (Store a = Store.open(dir.resolve("fleet.db"), null, clock).host("web-1");
             Store b = Store.open(dir.resolve("fleet.db"), null, clock).host("web-2");
             StoreIncidentService web1 = StoreIncidentService.open(a, rb, clock);
             StoreIncidentService web2 = StoreIncidentService.open(b, rb, clock)) {
            assertThat(web1.escalate(Fixtures.request("P2", "services", "inactive on web-1"))).contains("#1 P2 opened");
            assertThat(web2.escalate(Fixtures.request("P2", "services", "inactive on web-2"))).contains("#2 P2 opened");
            assertThat(web1.escalate(Fixtures.request("P2", "services", "still inactive"))).contains("#1 already open");
            assertThat(web1.escalate(joining("P1", "health", List.of("services"))))
                    .as("one outage on web-1: health joins web-1's incident").startsWith("incident #1 raised from P2 to P1");
            assertThat(web1.open()).extracting(Incident::id, Incident::host).containsExactlyInAnyOrder(
                    org.assertj.core.groups.Tuple.tuple(2L, "web-2"), org.assertj.core.groups.Tuple.tuple(1L, "web-1"));

            web2.recovered("services", CheckResult.ok("active"), clock.instant());
            assertThat(web1.open()).as("web-2's recovery resolves web-2's incident only").extracting(Incident::id)
                    .containsExactly(1L);

            assertThat(web2.escalate(Fixtures.request("P2", "backup", "too old"))).contains("#3 P2 opened");
            assertThat(web1.escalate(Fixtures.request("P2", "backup", "too old"))).as("scope: fleet: one for the fleet")
                    .contains("#3 already open");
            assertThat(web1.all("web-1")).extracting(Incident::id).containsExactly(1L);
            assertThat(web1.all("fleet")).extracting(Incident::id).containsExactly(3L);
            assertThat(web1.all(null)).hasSize(3);
            assertThat(new IncidentsView(TOKYO).json(web1.all("web-2"))).contains("\"host\" : \"web-2\"");
            assertThat(new IncidentsView(TOKYO).text(web1.all(null))).contains("HOST").contains("web-1")
                    .contains("fleet");
        }
    }
}
