package dev.runbook.incidents;

import dev.runbook.core.ManualClock;

import static dev.runbook.incidents.Fixtures.MONDAY_10;
import static dev.runbook.incidents.Fixtures.SATURDAY_10;
import static dev.runbook.incidents.Fixtures.TOKYO;
import static dev.runbook.incidents.Fixtures.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runbook.core.escalation.Incident;
import dev.runbook.core.escalation.IncidentRequest;
import dev.runbook.core.CheckResult;
import dev.runbook.core.escalation.Notification;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DedupRoutesHoursTest {
    @TempDir
    Path dir;

    @Test
    void aSecondEscalationOfTheSameCheckDoesNotOpenASecondIncidentAndAMoreSevereLevelRaisesIt() {
        RecordingNotifier mail = new RecordingNotifier();
        ManualClock clock = new ManualClock(MONDAY_10, TOKYO);
        try (StoreIncidentService s = StoreIncidentService.open(dir.resolve("rb.db"), Fixtures.runbook(mail).build(), clock)) {
            assertThat(s.escalate(request("P3", "health", "slow"))).startsWith("incident #1 P3 opened");
            clock.advance(Duration.ofMinutes(5));
            assertThat(s.escalate(request("P3", "health", "slow again"))).isEqualTo("incident #1 already open at P3");
            assertThat(s.escalate(request("P4", "health", "errors"))).isEqualTo("incident #1 already open at P3");
            clock.advance(Duration.ofMinutes(5));
            assertThat(s.escalate(request("P1", "health", "connection refused")))
                    .startsWith("incident #1 raised from P3 to P1").contains("sent to infra-manager");
            assertThat(s.escalate(request("P2", "health", "502"))).isEqualTo("incident #1 already open at P1");

            assertThat(s.all()).hasSize(1);
            Incident inc = s.open().get(0);
            assertThat(inc.level()).isEqualTo("P1");
            assertThat(inc.timeline()).filteredOn(e -> e.kind().equals("raised"))
                    .singleElement().satisfies(e -> {
                        assertThat(e.text()).isEqualTo("P3 → P1: connection refused");
                        assertThat(e.at()).isEqualTo(MONDAY_10.plus(Duration.ofMinutes(10)));
                    });
            assertThat(mail.to("infra@example.com").get(0).notification().text())
                    .contains("Raised from P3 to P1").contains("■ Incident Level: P1 (Complete service outage)");

            // the P3 chain (developer-manager after 2h) is superseded by P1's (cto 30m after the raise)
            clock.advance(Duration.ofMinutes(30));
            s.processDue(clock.instant());
            assertThat(mail.kindsTo("cto@example.com")).contains("incident");
            clock.advance(Duration.ofHours(2));
            s.processDue(clock.instant());
            assertThat(mail.kindsTo("dev@example.com")).doesNotContain("incident");

            // once resolved, a new failure opens a new incident
            s.recovered("health", CheckResult.ok("up"), clock.instant());
            assertThat(s.escalate(request("P2", "health", "down again"))).startsWith("incident #2 P2 opened");
        }
    }

    @Test
    void procedureEscalationsAreKeptApartFromChecks() {
        RecordingNotifier mail = new RecordingNotifier();
        ManualClock clock = new ManualClock(MONDAY_10, TOKYO);
        try (StoreIncidentService s = StoreIncidentService.open(dir.resolve("rb.db"), Fixtures.runbook(mail).build(), clock)) {
            s.escalate(new IncidentRequest("P2", null, "planned-maintenance", null, null, false, "alice"));
            s.escalate(new IncidentRequest("P2", null, "planned-maintenance", null, null, false, "alice"));
            s.escalate(request("P2", "health", "down"));
            assertThat(s.all()).extracting(Incident::check).containsExactly("health", "procedure planned-maintenance");
            assertThat(mail.to("ops@example.com").get(0).notification().text()).contains("■ Reporter: alice");
        }
    }

    @Test
    void aCategoryRouteAddsItsContactsToTheLevelsOwn() {
        RecordingNotifier mail = new RecordingNotifier();
        ManualClock clock = new ManualClock(MONDAY_10, TOKYO);
        try (StoreIncidentService s = StoreIncidentService.open(dir.resolve("rb.db"), Fixtures.runbook(mail).build(), clock)) {
            // the category comes from the check definition when the request has none
            String said = s.escalate(request("P3", "auth-failures", "120 failed logins"));
            assertThat(said).contains("sent to ops (mail)").contains("sent to security-manager (mail)");
            assertThat(mail.kindsTo("sec@example.com")).containsExactly("incident");
            assertThat(mail.kindsTo("ops@example.com")).containsExactly("incident");
            assertThat(s.find(1).orElseThrow().category()).isEqualTo("security");

            s.escalate(new IncidentRequest("P4", "latency", null, "data-loss", CheckResult.critical("x"), false, null));
            assertThat(mail.kindsTo("cto@example.com")).containsExactly("incident");
            assertThat(mail.to("sec@example.com")).hasSize(1);
        }
    }

    @Test
    void aContactOutsideTheirHoursIsSkippedWhileAnotherOfTheSameStepIsReachable() {
        RecordingNotifier mail = new RecordingNotifier();
        ManualClock clock = new ManualClock(SATURDAY_10, TOKYO);
        try (StoreIncidentService s = StoreIncidentService.open(dir.resolve("rb.db"), Fixtures.runbook(mail).build(), clock)) {
            // P4 notifies developer-manager (weekdays 09:00-18:00) and ops (always): Saturday skips the manager
            String said = s.escalate(request("P4", "latency", "some errors"));
            assertThat(said).contains("sent to ops (mail)").contains("skipped developer-manager (outside weekdays 09:00-18:00)");
            assertThat(mail.to("dev@example.com")).isEmpty();
            assertThat(s.find(1).orElseThrow().timeline()).anySatisfy(e ->
                    assertThat(e.text()).contains("skipped developer-manager"));
        }
        mail.sent.clear();
        clock.set(MONDAY_10);
        try (StoreIncidentService s = StoreIncidentService.open(dir.resolve("rb2.db"), Fixtures.runbook(mail).build(), clock)) {
            s.escalate(request("P4", "latency", "some errors"));
            assertThat(mail.to("dev@example.com")).hasSize(1);
            assertThat(mail.to("ops@example.com")).hasSize(1);
        }
    }

    @Test
    void whenNobodyOfAStepIsWithinTheirHoursAllOfThemAreNotifiedAnyway() {
        RecordingNotifier mail = new RecordingNotifier();
        ManualClock clock = new ManualClock(SATURDAY_10, TOKYO);
        try (StoreIncidentService s = StoreIncidentService.open(dir.resolve("rb.db"), Fixtures.runbook(mail).build(), clock)) {
            String said = s.notifications().send(List.of("developer-manager"),
                    new Notification("message", "disk cleanup done", "freed 3 GB", Map.of(), clock.instant()), false);
            assertThat(said).contains("sent to developer-manager (mail)").contains("nobody within their hours");
            assertThat(mail.to("dev@example.com")).hasSize(1);
        }
    }

    @Test
    void contactHoursParseDayFormsAndRangesCrossingMidnight() {
        ContactHours office = ContactHours.parse("weekdays 09:00-18:00");
        assertThat(office.reachableAt(ZonedDateTime.of(2026, 11, 30, 9, 0, 0, 0, TOKYO))).isTrue();
        assertThat(office.reachableAt(ZonedDateTime.of(2026, 11, 30, 18, 0, 0, 0, TOKYO))).isFalse();
        assertThat(office.reachableAt(ZonedDateTime.of(2026, 11, 28, 12, 0, 0, 0, TOKYO))).isFalse();
        ContactHours night = ContactHours.parse("friday 22:00-06:00");
        assertThat(night.reachableAt(ZonedDateTime.of(2026, 11, 27, 23, 0, 0, 0, TOKYO))).isTrue(); // Friday night
        assertThat(night.reachableAt(ZonedDateTime.of(2026, 11, 28, 5, 59, 0, 0, TOKYO))).isTrue(); // Saturday morning
        assertThat(night.reachableAt(ZonedDateTime.of(2026, 11, 29, 5, 0, 0, 0, TOKYO))).isFalse(); // Sunday morning
        assertThat(ContactHours.parse("always").isAlways()).isTrue();
        assertThat(ContactHours.parse(null).isAlways()).isTrue();
        assertThat(ContactHours.parse("9:00-17:30").reachableAt(ZonedDateTime.of(2026, 11, 29, 17, 0, 0, 0, TOKYO))).isTrue();
        assertThatThrownBy(() -> ContactHours.parse("weekdays 9-18"))
                .hasMessageContaining("expected hours as").hasMessageContaining("found 'weekdays 9-18'");
        assertThatThrownBy(() -> ContactHours.parse("workdays 09:00-18:00")).hasMessageContaining("workdays");
    }

    @Test
    void anUnknownLevelIsRefusedNamingTheKnownOnes() {
        try (StoreIncidentService s = StoreIncidentService.open(dir.resolve("rb.db"),
                Fixtures.runbook(new RecordingNotifier()).build(), new ManualClock(MONDAY_10, TOKYO))) {
            assertThatThrownBy(() -> s.escalate(request("P9", "health", "x")))
                    .hasMessage("unknown incident level 'P9' (levels: P1, P2, P3, P4)");
            assertThat(s.all()).isEmpty();
        }
    }
}
