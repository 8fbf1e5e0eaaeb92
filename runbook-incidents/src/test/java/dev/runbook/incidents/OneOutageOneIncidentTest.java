package dev.runbook.incidents;

import static dev.runbook.incidents.Fixtures.SATURDAY_10;
import static dev.runbook.incidents.Fixtures.TOKYO;
import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.core.CheckResult;
import dev.runbook.core.ManualClock;
import dev.runbook.core.Status;
import dev.runbook.core.escalation.Incident;
import dev.runbook.core.escalation.IncidentRequest;
import dev.runbook.core.model.CheckDefinition;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Contract §7 [1.1], one outage, one incident, on the store-backed service: an escalation that names the open
 * incident of another check joins it (raising it when more severe), the incident resolves only when every check it
 * covers is OK; a procedure's own step joins only an incident at its level or higher; an incident a procedure opened
 * resolves when a later run of the procedure ends OK, and sends no update afterwards.
 */
class OneOutageOneIncidentTest {
    @TempDir
    Path dir;
    final ManualClock clock = new ManualClock(SATURDAY_10, TOKYO);
    final RecordingNotifier mail = new RecordingNotifier();

    private StoreIncidentService open() {
        return StoreIncidentService.open(dir.resolve("state.db"), Fixtures.runbook(mail)
                .check(CheckDefinition.builder("services", c -> CheckResult.ok("up")).incident("P1").build())
                .build(), clock);
    }

    private static IncidentRequest joining(String level, String check, List<String> joins, boolean onlyAtLevel) {
        return new IncidentRequest(level, check, check == null ? "p1-response" : null, null,
                CheckResult.critical(check + " down"), false, null, joins, onlyAtLevel);
    }

    @Test
    void aSecondCheckJoinsTheOpenIncidentWhichResolvesWhenBothAreOk() {
        try (StoreIncidentService s = open()) {
            assertThat(s.escalate(Fixtures.request("P2", "services", "estimator inactive"))).contains("#1 P2 opened");
            int sentBefore = mail.sent.size();
            String joined = s.escalate(joining("P1", "health", List.of("services"), false));
            assertThat(joined).startsWith("incident #1 raised from P2 to P1");
            assertThat(s.open()).singleElement().satisfies(i -> assertThat(i.level()).isEqualTo("P1"));
            assertThat(mail.sent.size()).as("raising notifies P1's recipients").isGreaterThan(sentBefore);
            assertThat(s.escalate(joining("P1", "health", List.of("services"), false))).contains("already open");

            s.recovered("health", CheckResult.ok("healthy"), clock.instant());
            assertThat(s.open()).as("services is still down").hasSize(1);
            s.recovered("services", CheckResult.ok("active"), clock.instant());
            assertThat(s.open()).isEmpty();
            Incident one = s.all().get(0);
            assertThat(one.timeline()).extracting(Incident.TimelineEntry::kind).contains("joined", "recovered", "resolved");
            assertThat(s.all()).hasSize(1);
        }
    }

    @Test
    void aProcedureStepJoinsOnlyAnIncidentAtItsLevelOrHigher() {
        try (StoreIncidentService s = open()) {
            s.escalate(Fixtures.request("P2", "services", "estimator inactive"));
            assertThat(s.escalate(joining("P1", null, List.of("services"), true))).contains("P1 opened");
            assertThat(s.open()).hasSize(2);
            assertThat(s.escalate(joining("P2", null, List.of("services"), true))).contains("already open");
        }
        try (StoreIncidentService s = StoreIncidentService.open(dir.resolve("other.db"), Fixtures.runbook(mail)
                .build(), clock)) {
            s.escalate(Fixtures.request("P1", "health", "down"));
            assertThat(s.escalate(joining("P2", null, List.of("health"), true))).startsWith("joined incident #1");
            assertThat(s.open()).hasSize(1);
        }
    }

    @Test
    void anIncidentAProcedureOpenedResolvesWhenALaterRunEndsOkAndSendsNoMoreUpdates() {
        try (StoreIncidentService s = open()) {
            s.escalate(joining("P1", null, List.of(), true));
            Incident opened = s.open().get(0);
            assertThat(opened.check()).isEqualTo("procedure p1-response");
            s.procedureFinished("p1-response", Status.OK, clock.instant(), clock.instant());
            assertThat(s.open()).as("the run that opened it does not resolve it").hasSize(1);
            clock.advance(Duration.ofMinutes(20));
            s.processDue(clock.instant());
            s.procedureFinished("p1-response", Status.CRITICAL, clock.instant().minusSeconds(5), clock.instant());
            assertThat(s.open()).hasSize(1);
            s.procedureFinished("p1-response", Status.OK, clock.instant().minusSeconds(5), clock.instant());
            assertThat(s.open()).isEmpty();
            int after = mail.sent.size();
            clock.advance(Duration.ofHours(2));
            s.processDue(clock.instant());
            assertThat(mail.sent.stream().skip(after).map(x -> x.notification().subject()))
                    .as("no update after it resolved").noneMatch(t -> t.contains("Update"));
        }
    }
}
