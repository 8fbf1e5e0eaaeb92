package dev.runbook.incidents;

import static dev.runbook.incidents.Fixtures.MONDAY_10;
import static dev.runbook.incidents.Fixtures.TOKYO;
import static dev.runbook.incidents.Fixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.core.CheckResult;
import dev.runbook.core.ManualClock;
import dev.runbook.core.escalation.Contact;
import dev.runbook.core.escalation.EscalationPolicy;
import dev.runbook.core.escalation.EscalationStep;
import dev.runbook.core.escalation.Level;
import dev.runbook.core.escalation.Notification;
import dev.runbook.core.model.CheckDefinition;
import dev.runbook.core.model.Runbook;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An escalation step is marked done, an update's next time moved, an incident opened or resolved, in the same
 * transaction that writes its notification to the outbox (runbook-format §10: across a failover nothing is sent
 * twice and nothing is lost). The store refuses the outbox row once — as if the process died between the two
 * writes — with an SQLite trigger on a real file: the cause is not recorded either, so the next pass (here, or on
 * the daemon that took the lease over) sends it, once.
 */
class NoticeWrittenWithItsCauseTest {
    @TempDir
    Path dir;

    private final List<String> sent = new CopyOnWriteArrayList<>();

    private Runbook runbook(List<EscalationStep> then, Duration updates) {
        return Runbook.builder("ai-estimator").zone(TOKYO)
                .escalation(new EscalationPolicy(List.of(new Level("P1", "Complete service outage", Duration.ZERO,
                        List.of("ops"), then)), List.of(), updates, List.of(new Contact("ops", "hook", null, null))))
                .notifier("hook", (Notification n, String address) -> sent.add(n.fields().get("event")))
                .check(CheckDefinition.builder("health", c -> CheckResult.ok("up")).incident("P1").build())
                .build();
    }

    private void outboxRefuses(boolean refuses) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("rb.db"));
             Statement s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout = 30000");
            s.execute(refuses ? "CREATE TRIGGER died_here BEFORE INSERT ON incident_outbox"
                    + " BEGIN SELECT RAISE(ABORT, 'the process died between the two writes'); END"
                    : "DROP TRIGGER died_here");
        }
    }

    private static final RetryPolicy RETRY = new RetryPolicy(5, Duration.ofSeconds(30), Duration.ofMinutes(10), 0.2);

    @Test
    void anEscalationStepIsNotMarkedDoneWithoutItsNotification() throws Exception {
        ManualClock clock = new ManualClock(MONDAY_10, TOKYO);
        try (StoreIncidentService s = StoreIncidentService.open(dir.resolve("rb.db"),
                runbook(List.of(new EscalationStep(Duration.ofMinutes(30), List.of("ops"), false)), null), clock,
                RETRY, () -> 0.5)) {
            s.escalate(request("P1", "health", "down"));
            assertThat(sent).containsExactly("opened");
            outboxRefuses(true);
            s.processDue(MONDAY_10.plus(Duration.ofMinutes(31)));
            outboxRefuses(false);
            s.processDue(MONDAY_10.plus(Duration.ofMinutes(32)));
            s.processDue(MONDAY_10.plus(Duration.ofMinutes(33)));
            assertThat(sent).as("the escalation, lost with its step marked done before the fix").containsExactly(
                    "opened", "escalated");
        }
    }

    @Test
    void anUpdateIsNotSkippedWithoutItsNotification() throws Exception {
        ManualClock clock = new ManualClock(MONDAY_10, TOKYO);
        try (StoreIncidentService s = StoreIncidentService.open(dir.resolve("rb.db"),
                runbook(List.of(), Duration.ofMinutes(15)), clock, RETRY, () -> 0.5)) {
            s.escalate(request("P1", "health", "down"));
            outboxRefuses(true);
            s.processDue(MONDAY_10.plus(Duration.ofMinutes(16)));
            outboxRefuses(false);
            s.processDue(MONDAY_10.plus(Duration.ofMinutes(17)));
            s.processDue(MONDAY_10.plus(Duration.ofMinutes(18)));
            assertThat(sent).as("the update, lost with its next time moved before the fix").containsExactly(
                    "opened", "update");
        }
    }

    @Test
    void anIncidentIsNotResolvedWithoutItsRecoveryNotice() throws Exception {
        ManualClock clock = new ManualClock(MONDAY_10, TOKYO);
        try (StoreIncidentService s = StoreIncidentService.open(dir.resolve("rb.db"), runbook(List.of(), null), clock,
                RETRY, () -> 0.5)) {
            s.escalate(request("P1", "health", "down"));
            outboxRefuses(true);
            clock.advance(Duration.ofMinutes(5));
            try {
                s.recovered("health", CheckResult.ok("up"), clock.instant());
            } catch (RuntimeException refused) {
                // the run's process "died": nothing of the resolution is kept
            }
            outboxRefuses(false);
            assertThat(s.open()).as("still open: the recovery was not half written").hasSize(1);
            clock.advance(Duration.ofMinutes(1));
            s.recovered("health", CheckResult.ok("up"), clock.instant());
            assertThat(s.open()).isEmpty();
            assertThat(sent).containsExactly("opened", "resolved");
        }
    }

    @Test
    void anIncidentIsNotOpenedWithoutItsNotification() throws Exception {
        ManualClock clock = new ManualClock(MONDAY_10, TOKYO);
        try (StoreIncidentService s = StoreIncidentService.open(dir.resolve("rb.db"), runbook(List.of(), null), clock,
                RETRY, () -> 0.5)) {
            outboxRefuses(true);
            try {
                s.escalate(request("P1", "health", "down"));
            } catch (RuntimeException refused) {
                // the run's process "died" between opening the incident and writing its notification
            }
            outboxRefuses(false);
            assertThat(s.open()).as("not opened without its notification").isEmpty();
            clock.advance(Duration.ofMinutes(1));
            s.escalate(request("P1", "health", "down"));
            s.escalate(request("P1", "health", "down"));
            assertThat(s.open()).hasSize(1);
            assertThat(sent).containsExactly("opened");
        }
    }
}
