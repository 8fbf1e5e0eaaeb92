package dev.runbook.incidents;

import dev.runbook.core.ManualClock;

import static dev.runbook.incidents.Fixtures.MONDAY_10;
import static dev.runbook.incidents.Fixtures.TOKYO;
import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.core.escalation.Contact;
import dev.runbook.core.escalation.EscalationPolicy;
import dev.runbook.core.escalation.Notification;
import dev.runbook.core.escalation.Notifier;
import dev.runbook.core.model.Runbook;
import dev.runbook.core.Secret;
import dev.runbook.core.spi.TypeContext;
import dev.runbook.incidents.notifier.WebhookNotifierType;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KilledProcessTest {
    @TempDir
    Path dir;

    private static Runbook runbook(Notifier hook) {
        return Runbook.builder("ai-estimator").zone(TOKYO)
                .escalation(new EscalationPolicy(List.of(), List.of(), null, List.of(new Contact("ops", "hook", null, null))))
                .notifier("hook", hook).build();
    }

    /** The child: sends through a notifier that hangs mid-delivery, until it is killed with SIGKILL. */
    public static void main(String[] args) throws Exception {
        Notifier hangs = (n, address) -> {
            System.out.println("SENDING");
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        };
        Clock fixed = Clock.fixed(Instant.ofEpochMilli(Long.parseLong(args[1])), TOKYO);
        StoreIncidentService s = StoreIncidentService.open(Path.of(args[0]), runbook(hangs), fixed);
        s.notifications().send(List.of("ops"), new Notification("message", "disk full", "93% used", Map.of(),
                fixed.instant()), false);
    }

    @Test
    void aProcessKilledWithSigkillWhileSendingLeavesTheNotificationForTheNextRunToDeliver() throws Exception {
        Path db = dir.resolve("rb.db");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                KilledProcessTest.class.getName(), db.toString(), Long.toString(MONDAY_10.toEpochMilli()))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            assertThat(out.readLine()).isEqualTo("SENDING");
        } finally {
            child.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no finally
            assertThat(child.waitFor(20, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(child.exitValue()).isEqualTo(137);

        try (WebhookReceiver hook = new WebhookReceiver(0, 0)) {
            Notifier webhook = new WebhookNotifierType().create(new WebhookNotifierType.Params(
                    Secret.of("u", hook.url("/hook")), "json", null, Duration.ofSeconds(2)),
                    new TypeContext(dir, TOKYO, Clock.systemUTC(), "hook"));
            ManualClock clock = new ManualClock(MONDAY_10.plus(Duration.ofMinutes(1)), TOKYO);
            try (StoreIncidentService s = StoreIncidentService.open(db, runbook(webhook), clock)) {
                assertThat(s.pendingNotifications()).isEqualTo(1);
                s.processDue(clock.instant()); // the dead sender's claim still holds: no double send risk
                assertThat(hook.requests.get()).isZero();
                clock.advance(StoreIncidentService.LEASE);
                s.processDue(clock.instant());
                assertThat(hook.bodies).singleElement().asString().contains("\"subject\":\"disk full\"");
                assertThat(s.pendingNotifications()).isZero();
            }
        }
    }
}
