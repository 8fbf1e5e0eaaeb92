package dev.runbook.incidents;

import dev.runbook.core.ManualClock;

import static dev.runbook.incidents.Fixtures.MONDAY_10;
import static dev.runbook.incidents.Fixtures.TOKYO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runbook.core.CheckResult;
import dev.runbook.core.action.Action;
import dev.runbook.core.action.ActionContext;
import dev.runbook.core.action.ActionResult;
import dev.runbook.core.action.Outcome;
import dev.runbook.core.escalation.IncidentService;
import dev.runbook.core.escalation.NotificationService;
import dev.runbook.core.spi.TypeContext;
import dev.runbook.incidents.action.EscalateActionType;
import dev.runbook.incidents.action.NotifyActionType;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ActionsTest {
    @TempDir
    Path dir;

    /** The context an engine hands an action, with captured values and the services under test. */
    private record Ctx(StoreIncidentService service, Clock clock, boolean dryRun, String checkId,
                       Map<String, String> captured) implements ActionContext {
        public String actionId() {
            return "act";
        }

        public ZoneId zone() {
            return TOKYO;
        }

        public Duration timeout() {
            return Duration.ofMinutes(5);
        }

        public String procedureId() {
            return null;
        }

        public CheckResult trigger() {
            return CheckResult.critical("disk 93% used");
        }

        public void capture(String name, String value) {
        }

        public String expand(String text) {
            String out = text;
            for (var e : captured.entrySet()) {
                out = out.replace("${captured." + e.getKey() + "}", e.getValue());
            }
            if (out.contains("${captured.")) {
                throw new IllegalArgumentException("unknown captured value in " + text);
            }
            return out;
        }

        public IncidentService incidents() {
            return service;
        }

        public NotificationService notifications() {
            return service.notifications();
        }

        public String operator() {
            return "alice";
        }
    }

    private static TypeContext typeContext(String id) {
        return new TypeContext(Path.of("."), TOKYO, Clock.systemUTC(), id);
    }

    @Test
    void notifySendsTheMessageWithCapturedValuesExpandedToContactsAndNotifiers() throws Exception {
        RecordingNotifier mail = new RecordingNotifier();
        ManualClock clock = new ManualClock(MONDAY_10, TOKYO);
        try (StoreIncidentService s = StoreIncidentService.open(dir.resolve("rb.db"), Fixtures.runbook(mail).build(), clock)) {
            Action a = new NotifyActionType().create(new NotifyActionType.Params(List.of("ops", "mail"),
                    "cleanup freed ${captured.freed}\nsee the log", null), typeContext("tell-ops"));
            ActionResult r = a.execute(new Ctx(s, clock, false, "disk", Map.of("freed", "3 GB")));
            assertThat(r.outcome()).isEqualTo(Outcome.DONE);
            assertThat(r.message()).isEqualTo("sent to ops (mail), mail");
            assertThat(mail.sent).hasSize(2);
            assertThat(mail.sent.get(0).notification().subject()).isEqualTo("cleanup freed 3 GB");
            assertThat(mail.sent.get(0).notification().text()).isEqualTo("cleanup freed 3 GB\nsee the log");
            assertThat(mail.sent.get(0).notification().fields()).containsEntry("check", "disk")
                    .containsEntry("status", "CRITICAL").containsEntry("operator", "alice");
            assertThat(mail.sent.get(0).address()).isEqualTo("ops@example.com");
            assertThat(mail.sent.get(1).address()).isNull();
        }
    }

    @Test
    void notifyInDryRunSaysWhatItWouldSendAndSendsNothing() throws Exception {
        RecordingNotifier mail = new RecordingNotifier();
        ManualClock clock = new ManualClock(MONDAY_10, TOKYO);
        try (StoreIncidentService s = StoreIncidentService.open(dir.resolve("rb.db"), Fixtures.runbook(mail).build(), clock)) {
            Action a = new NotifyActionType().create(new NotifyActionType.Params(List.of("ops"), "freed ${captured.freed}",
                    null), typeContext("tell-ops"));
            ActionResult r = a.execute(new Ctx(s, clock, true, "disk", Map.of("freed", "3 GB")));
            assertThat(r.outcome()).isEqualTo(Outcome.DRY_RUN);
            assertThat(r.message()).isEqualTo("would send 'freed 3 GB' to ops (mail)");
            assertThat(mail.sent).isEmpty();
            assertThat(s.pendingNotifications()).isZero();
        }
    }

    @Test
    void notifyToOnlyUnknownRecipientsFails() throws Exception {
        ManualClock clock = new ManualClock(MONDAY_10, TOKYO);
        try (StoreIncidentService s = StoreIncidentService.open(dir.resolve("rb.db"),
                Fixtures.runbook(new RecordingNotifier()).build(), clock)) {
            Action a = new NotifyActionType().create(new NotifyActionType.Params(List.of("nobody"), "x", null),
                    typeContext("t"));
            ActionResult r = a.execute(new Ctx(s, clock, false, "disk", Map.of()));
            assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
            assertThat(r.message()).isEqualTo("unknown recipient 'nobody'");
        }
    }

    @Test
    void escalateOpensAnIncidentForTheRemediatedCheckAndNothingInDryRun() throws Exception {
        RecordingNotifier mail = new RecordingNotifier();
        ManualClock clock = new ManualClock(MONDAY_10, TOKYO);
        try (StoreIncidentService s = StoreIncidentService.open(dir.resolve("rb.db"), Fixtures.runbook(mail).build(), clock)) {
            Action a = new EscalateActionType().create(new EscalateActionType.Params("P2"), typeContext("page"));
            ActionResult dry = a.execute(new Ctx(s, clock, true, "health", Map.of()));
            assertThat(dry.outcome()).isEqualTo(Outcome.DRY_RUN);
            assertThat(dry.message()).isEqualTo("would open a P2 incident for health and notify ops (mail)");
            assertThat(s.all()).isEmpty();

            ActionResult r = a.execute(new Ctx(s, clock, false, "health", Map.of()));
            assertThat(r.outcome()).isEqualTo(Outcome.DONE);
            assertThat(r.message()).isEqualTo("incident #1 P2 opened; sent to ops (mail)");
            assertThat(s.open()).singleElement().satisfies(i -> {
                assertThat(i.check()).isEqualTo("health");
                assertThat(i.level()).isEqualTo("P2");
            });
            assertThat(mail.to("ops@example.com").get(0).notification().text())
                    .contains("■ Cause: disk 93% used").contains("■ Reporter: alice");
        }
    }

    @Test
    void actionParametersAreValidatedNamingTheKey() {
        assertThatThrownBy(() -> new NotifyActionType().create(new NotifyActionType.Params(List.of(), "x", null),
                typeContext("t"))).hasMessageStartingWith("to: required");
        assertThatThrownBy(() -> new NotifyActionType().create(new NotifyActionType.Params(List.of("ops"), " ", null),
                typeContext("t"))).hasMessageStartingWith("message: required");
        assertThatThrownBy(() -> new EscalateActionType().create(new EscalateActionType.Params(null), typeContext("t")))
                .hasMessageStartingWith("level: required");
    }
}
