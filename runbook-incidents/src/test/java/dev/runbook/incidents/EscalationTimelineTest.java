package dev.runbook.incidents;

import dev.runbook.core.ManualClock;

import static dev.runbook.incidents.Fixtures.SATURDAY_10;
import static dev.runbook.incidents.Fixtures.TOKYO;
import static dev.runbook.incidents.Fixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.core.CheckResult;
import dev.runbook.core.escalation.Incident;
import dev.runbook.core.model.Runbook;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EscalationTimelineTest {
    @TempDir
    Path dir;

    @Test
    void p1NotifiesInfraManagerAtOnceThenCtoAfter30MinutesWithUpdatesEvery15MinutesUntilTheRecoveryReport() {
        RecordingNotifier mail = new RecordingNotifier();
        Runbook rb = Fixtures.runbook(mail).build();
        ManualClock clock = new ManualClock(SATURDAY_10, TOKYO);
        try (StoreIncidentService s = StoreIncidentService.open(dir.resolve("rb.db"), rb, clock)) {
            s.recordAction("health", "restart-apache", "dry_run", "would restart httpd");
            s.recordAction("health", "restart-estimator", "failed", "exit 1");
            String said = s.escalate(request("P1", "health", "connection refused: 127.0.0.1:8100"));
            assertThat(said).startsWith("incident #1 P1 opened").contains("sent to infra-manager (mail)");

            assertThat(mail.kindsTo("infra@example.com")).containsExactly("incident");
            assertThat(mail.to("cto@example.com")).isEmpty();
            String report = mail.to("infra@example.com").get(0).notification().text();
            assertThat(report).startsWith("【Incident Report】AI Estimator System")
                    .contains("■ Incident Level: P1 (Complete service outage)")
                    .contains("■ Occurrence Time: 2026-11-28 10:00")
                    .contains("■ Current Status: Open, not acknowledged, health CRITICAL")
                    .contains("■ Impact Scope: Complete service outage")
                    .contains("■ Cause: connection refused: 127.0.0.1:8100")
                    .contains("- restart-estimator → failed: exit 1")
                    .doesNotContain("restart-apache")
                    .contains("- Escalation to cto at 10:30 unless resolved")
                    .contains("■ Estimated Recovery:")
                    .contains("■ Reporter: runbook");
            assertThat(mail.to("infra@example.com").get(0).notification().subject())
                    .isEqualTo("[P1] Incident: #1 health — connection refused: 127.0.0.1:8100");

            clock.advance(Duration.ofMinutes(14));
            s.processDue(clock.instant());
            assertThat(mail.sent).hasSize(1);

            clock.advance(Duration.ofMinutes(1)); // 10:15
            s.processDue(clock.instant());
            assertThat(mail.kindsTo("infra@example.com")).containsExactly("incident", "update");
            assertThat(mail.to("infra@example.com").get(1).notification().text())
                    .startsWith("【Incident Update】").contains("open for 15m");

            clock.advance(Duration.ofMinutes(15)); // 10:30: the CTO step and the second update
            s.processDue(clock.instant());
            assertThat(mail.kindsTo("cto@example.com")).containsExactly("incident", "update");
            assertThat(mail.to("cto@example.com").get(0).notification().text())
                    .contains("Escalated: not resolved 30m after it opened");
            assertThat(mail.kindsTo("infra@example.com")).containsExactly("incident", "update", "update");

            s.processDue(clock.instant()); // processing twice at the same time sends nothing more
            assertThat(mail.sent).hasSize(5);

            clock.advance(Duration.ofMinutes(15)); // 10:45
            s.processDue(clock.instant());
            assertThat(mail.kindsTo("infra@example.com")).containsExactly("incident", "update", "update", "update");
            assertThat(mail.kindsTo("cto@example.com")).containsExactly("incident", "update", "update");

            clock.advance(Duration.ofMinutes(5)); // 10:50 recovered
            s.recovered("health", CheckResult.ok("HTTP 200 in 12 ms"), clock.instant());
            assertThat(mail.kindsTo("infra@example.com")).last().isEqualTo("recovery");
            assertThat(mail.kindsTo("cto@example.com")).last().isEqualTo("recovery");
            String recovery = mail.to("cto@example.com").get(3).notification().text();
            assertThat(recovery).startsWith("【Recovery Report】AI Estimator System")
                    .contains("■ Recovery Time: 2026-11-28 10:50")
                    .contains("■ Duration: 50m")
                    .contains("■ Root Cause: connection refused: 127.0.0.1:8100")
                    .contains("recovered: HTTP 200 in 12 ms")
                    .contains("- restart-estimator → failed: exit 1");

            int before = mail.sent.size();
            clock.advance(Duration.ofHours(3));
            s.processDue(clock.instant());
            assertThat(mail.sent).hasSize(before);

            Incident inc = s.find(1).orElseThrow();
            assertThat(inc.state()).isEqualTo(Incident.State.RESOLVED);
            assertThat(inc.resolvedAt()).isEqualTo(SATURDAY_10.plus(Duration.ofMinutes(50)));
            List<String> kinds = inc.timeline().stream().map(Incident.TimelineEntry::kind).toList();
            // contract §7 [1.1]: "queued to" when written, "delivered to" per recipient when delivered
            assertThat(kinds).containsExactly("action", "opened", "queued", "delivered", "queued", "delivered",
                    "escalated", "queued", "delivered", "queued", "delivered", "delivered", "queued", "delivered",
                    "delivered", "resolved", "queued", "delivered", "delivered");
            assertThat(inc.timeline()).filteredOn(e -> e.kind().equals("queued")).extracting(Incident.TimelineEntry::text)
                    .containsExactly("incident queued to infra-manager (mail)", "update queued to infra-manager (mail)",
                            "incident queued to cto (mail)", "update queued to infra-manager (mail), cto (mail)",
                            "update queued to infra-manager (mail), cto (mail)",
                            "recovery queued to infra-manager (mail), cto (mail)");
            assertThat(inc.timeline()).filteredOn(e -> e.kind().equals("delivered")).extracting(Incident.TimelineEntry::text)
                    .startsWith("incident delivered to infra-manager (mail)", "update delivered to infra-manager (mail)",
                            "incident delivered to cto (mail)")
                    .endsWith("recovery delivered to infra-manager (mail)", "recovery delivered to cto (mail)");
            assertThat(inc.timeline()).noneMatch(e -> e.kind().equals("notified"));
            assertThat(s.open()).isEmpty();
        }
    }

    @Test
    void aResolvedIncidentStopsItsPendingEscalation() {
        RecordingNotifier mail = new RecordingNotifier();
        ManualClock clock = new ManualClock(SATURDAY_10, TOKYO);
        try (StoreIncidentService s = StoreIncidentService.open(dir.resolve("rb.db"), Fixtures.runbook(mail).build(), clock)) {
            s.escalate(request("P1", "health", "down"));
            clock.advance(Duration.ofMinutes(10));
            s.resolve(1, "alice");
            clock.advance(Duration.ofMinutes(40));
            s.processDue(clock.instant());
            assertThat(mail.to("cto@example.com")).isEmpty();
            assertThat(mail.kindsTo("infra@example.com")).containsExactly("incident", "recovery");
            assertThat(mail.to("infra@example.com").get(1).notification().text()).contains("resolved by alice");
        }
    }

    @Test
    void acknowledgementStopsOnlyUnlessAcknowledgedStepsAndRecordsWhetherTheResponseTargetWasMet() {
        RecordingNotifier mail = new RecordingNotifier();
        ManualClock clock = new ManualClock(Fixtures.MONDAY_10, TOKYO);
        try (StoreIncidentService s = StoreIncidentService.open(dir.resolve("rb.db"), Fixtures.runbook(mail).build(), clock)) {
            s.escalate(request("P3", "latency", "p95 7s")); // then: 2h developer-manager, unless acknowledged
            s.escalate(request("P2", "health", "502 on /estimate")); // then: 2h infra-manager, always
            clock.advance(Duration.ofMinutes(20));
            Incident p3 = s.acknowledge(1, "bob");
            Incident p2 = s.acknowledge(2, "bob");
            assertThat(p3.state()).isEqualTo(Incident.State.ACKNOWLEDGED);
            assertThat(p3.acknowledgedAt()).isEqualTo(clock.instant());
            assertThat(s.respondedWithinTarget(1)).contains(true);
            assertThat(s.respondedWithinTarget(2)).contains(true);
            assertThat(p2.timeline()).anySatisfy(e -> assertThat(e.text()).contains("by bob after 20m (response target met)"));

            clock.advance(Duration.ofHours(2));
            s.processDue(clock.instant());
            assertThat(mail.to("dev@example.com")).isEmpty();
            // the plain step fires despite the acknowledgement; infra-manager then also gets the update
            assertThat(mail.kindsTo("infra@example.com")).containsExactly("incident", "update");
            // updates missed while nobody processed are not sent in a burst: one per due time at most
            assertThat(mail.kindsTo("ops@example.com")).containsExactly("incident", "incident", "update", "update");
        }
    }

    @Test
    void aLateAcknowledgementIsRecordedAsMissingTheResponseTarget() {
        RecordingNotifier mail = new RecordingNotifier();
        ManualClock clock = new ManualClock(SATURDAY_10, TOKYO);
        try (StoreIncidentService s = StoreIncidentService.open(dir.resolve("rb.db"), Fixtures.runbook(mail).build(), clock)) {
            s.escalate(request("P2", "health", "502"));
            clock.advance(Duration.ofMinutes(45));
            s.acknowledge(1, null);
            assertThat(s.respondedWithinTarget(1)).contains(false);
            clock.advance(Duration.ofMinutes(5));
            s.recovered("health", CheckResult.ok("200"), clock.instant());
            assertThat(mail.kindsTo("ops@example.com")).last().isEqualTo("recovery");
            assertThat(mail.to("ops@example.com").get(mail.to("ops@example.com").size() - 1).notification().text())
                    .contains("■ Response Target: respond within 30m: missed (after 45m)");
        }
    }
}
