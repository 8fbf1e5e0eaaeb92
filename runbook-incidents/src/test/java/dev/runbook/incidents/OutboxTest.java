package dev.runbook.incidents;

import dev.runbook.core.ManualClock;

import static dev.runbook.incidents.Fixtures.MONDAY_10;
import static dev.runbook.incidents.Fixtures.TOKYO;
import static dev.runbook.incidents.Fixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbook.core.Secret;
import dev.runbook.core.escalation.Contact;
import dev.runbook.core.escalation.EscalationPolicy;
import dev.runbook.core.escalation.Level;
import dev.runbook.core.escalation.Notification;
import dev.runbook.core.escalation.Notifier;
import dev.runbook.core.model.Runbook;
import dev.runbook.core.spi.TypeContext;
import dev.runbook.incidents.notifier.WebhookNotifierType;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutboxTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** 5 attempts, 30 s doubling, jitter 20 % and a fixed random 0.5: waits of 27 s, 54 s, 108 s, … */
    private static final RetryPolicy RETRY = new RetryPolicy(5, Duration.ofSeconds(30), Duration.ofMinutes(10), 0.2);

    @TempDir
    Path dir;

    private static Notifier webhook(String id, String url, String format) {
        return new WebhookNotifierType().create(new WebhookNotifierType.Params(Secret.of(id + "_url", url), format, null,
                Duration.ofSeconds(2)), new TypeContext(Path.of("."), TOKYO, java.time.Clock.systemUTC(), id));
    }

    private static Runbook runbook(Notifier hook) {
        return Runbook.builder("ai-estimator").zone(TOKYO)
                .escalation(new EscalationPolicy(List.of(new Level("P1", "Complete service outage", Duration.ZERO,
                        List.of("ops"), List.of())), List.of(), null, List.of(new Contact("ops", "hook", null, null))))
                .notifier("hook", hook).build();
    }

    private static Notification message(ManualClock clock) {
        return new Notification("message", "disk cleanup done", "freed 3 GB", Map.of("check", "disk"), clock.instant());
    }

    @Test
    void aWebhookThatFailsTheFirstAttemptsIsRetriedWithExponentialBackoffUntilDelivered() throws Exception {
        ManualClock clock = new ManualClock(MONDAY_10, TOKYO);
        try (WebhookReceiver hook = new WebhookReceiver(0, 2);
             StoreIncidentService s = StoreIncidentService.open(dir.resolve("rb.db"),
                     runbook(webhook("hook", hook.url("/hook"), "slack")), clock, RETRY, () -> 0.5)) {
            String said = s.notifications().send(List.of("hook"), message(clock), false);
            assertThat(said).isEqualTo("hook not delivered yet (webhook hook answered HTTP 500; retrying at 10:00)");
            assertThat(hook.requests.get()).isEqualTo(1);
            assertThat(s.pendingNotifications()).isEqualTo(1);

            s.processDue(MONDAY_10.plusSeconds(26));
            assertThat(hook.requests.get()).isEqualTo(1);
            s.processDue(MONDAY_10.plusSeconds(27)); // 30 s less 10 % jitter
            assertThat(hook.requests.get()).isEqualTo(2);
            s.processDue(MONDAY_10.plusSeconds(27 + 53));
            assertThat(hook.requests.get()).isEqualTo(2);
            s.processDue(MONDAY_10.plusSeconds(27 + 54)); // 60 s less 10 %
            assertThat(hook.requests.get()).isEqualTo(3);

            assertThat(hook.bodies).hasSize(1);
            JsonNode body = JSON.readTree(hook.bodies.get(0));
            assertThat(body.size()).isEqualTo(1);
            assertThat(body.get("text").asText()).isEqualTo("*disk cleanup done*\nfreed 3 GB");
            assertThat(s.pendingNotifications()).isZero();
            assertThat(s.failedNotifications()).isEmpty();
            s.processDue(MONDAY_10.plus(Duration.ofHours(1)));
            assertThat(hook.requests.get()).isEqualTo(3);
        }
    }

    @Test
    void aWebhookDownUntilALaterRunIsDeliveredByThatRunFromTheStoredOutbox() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Runbook rb = runbook(webhook("hook", "http://127.0.0.1:" + port + "/hook", "json"));
        ManualClock clock = new ManualClock(MONDAY_10, TOKYO);
        try (StoreIncidentService s = StoreIncidentService.open(dir.resolve("rb.db"), rb, clock, RETRY, () -> 0.5)) {
            String said = s.escalate(request("P1", "health", "connection refused"));
            assertThat(said).contains("ops (hook) not delivered yet (webhook hook: ConnectException");
        }
        clock.advance(Duration.ofMinutes(5));
        try (WebhookReceiver hook = new WebhookReceiver(port, 0);
             StoreIncidentService s = StoreIncidentService.open(dir.resolve("rb.db"), rb, clock, RETRY, () -> 0.5)) {
            assertThat(s.pendingNotifications()).isEqualTo(1);
            s.processDue(clock.instant());
            assertThat(hook.bodies).hasSize(1);
            JsonNode body = JSON.readTree(hook.bodies.get(0));
            assertThat(body.get("kind").asText()).isEqualTo("incident");
            assertThat(body.get("subject").asText()).isEqualTo("[P1] Incident: #1 health — connection refused");
            assertThat(body.get("text").asText()).startsWith("【Incident Report】ai-estimator");
            assertThat(body.get("fields").get("incident").asText()).isEqualTo("1");
            assertThat(body.get("fields").get("level").asText()).isEqualTo("P1");
            assertThat(s.pendingNotifications()).isZero();
        }
    }

    @Test
    void everyAttemptOfANotificationCarriesTheSameIdAlsoAfterARestartAndAnotherOneADifferentId() throws Exception {
        ManualClock clock = new ManualClock(MONDAY_10, TOKYO);
        try (WebhookReceiver hook = new WebhookReceiver(0, 2)) {
            Runbook rb = runbook(webhook("hook", hook.url("/hook"), "json"));
            try (StoreIncidentService s = StoreIncidentService.open(dir.resolve("rb.db"), rb, clock, RETRY, () -> 0.5)) {
                s.notifications().send(List.of("hook"), message(clock), false);
                s.processDue(MONDAY_10.plusSeconds(27));
            }
            // a new process picks the entry up from the stored outbox
            try (StoreIncidentService s = StoreIncidentService.open(dir.resolve("rb.db"), rb, clock, RETRY, () -> 0.5)) {
                s.processDue(MONDAY_10.plusSeconds(27 + 54));
                assertThat(s.pendingNotifications()).isZero();
                s.notifications().send(List.of("hook"), message(clock), false);
            }
            assertThat(hook.requests.get()).isEqualTo(4);
            List<String> keys = hook.idempotencyKeys;
            assertThat(keys.get(0)).matches("[0-9a-f-]{36}");
            assertThat(keys.subList(0, 3)).containsOnly(keys.get(0));
            assertThat(keys.get(3)).matches("[0-9a-f-]{36}").isNotEqualTo(keys.get(0));
            assertThat(JSON.readTree(hook.bodies.get(0)).get("id").asText()).isEqualTo(keys.get(0));
            assertThat(JSON.readTree(hook.bodies.get(1)).get("id").asText()).isEqualTo(keys.get(3));
        }
    }

    @Test
    void aNotificationWrittenButNeverSentBecauseTheProcessDiedIsDeliveredByTheNextProcessDue() throws Exception {
        ManualClock clock = new ManualClock(MONDAY_10, TOKYO);
        try (WebhookReceiver hook = new WebhookReceiver(0, 0)) {
            Runbook rb = runbook(webhook("hook", hook.url("/hook"), "json"));
            try (StoreIncidentService s = StoreIncidentService.open(dir.resolve("rb.db"), rb, clock, RETRY, () -> 0.5)) {
                s.queueOnly(List.of("hook"), message(clock)); // the process "dies" here, before sending
            }
            assertThat(hook.requests.get()).isZero();
            clock.advance(Duration.ofMinutes(1));
            try (StoreIncidentService s = StoreIncidentService.open(dir.resolve("rb.db"), rb, clock, RETRY, () -> 0.5)) {
                s.processDue(clock.instant());
                s.processDue(clock.instant());
            }
            assertThat(hook.bodies).hasSize(1);
            assertThat(JSON.readTree(hook.bodies.get(0)).get("subject").asText()).isEqualTo("disk cleanup done");
        }
    }

    @Test
    void afterTheRetryLimitANotificationIsMarkedFailedListedAndRecordedNeverDropped() throws Exception {
        ManualClock clock = new ManualClock(MONDAY_10, TOKYO);
        RetryPolicy three = new RetryPolicy(3, Duration.ofSeconds(10), Duration.ofSeconds(10), 0);
        try (WebhookReceiver hook = new WebhookReceiver(0, Integer.MAX_VALUE);
             StoreIncidentService s = StoreIncidentService.open(dir.resolve("rb.db"),
                     runbook(webhook("hook", hook.url("/hook"), "json")), clock, three, () -> 0.5)) {
            s.escalate(request("P1", "health", "down"));
            s.processDue(MONDAY_10.plusSeconds(10));
            assertThat(s.failedNotifications()).isEmpty();
            s.processDue(MONDAY_10.plusSeconds(20));
            assertThat(hook.requests.get()).isEqualTo(3);
            assertThat(s.failedNotifications()).singleElement().satisfies(f -> {
                assertThat(f.incidentId()).isEqualTo(1L);
                assertThat(f.to()).isEqualTo("ops");
                assertThat(f.notifier()).isEqualTo("hook");
                assertThat(f.attempts()).isEqualTo(3);
                assertThat(f.lastError()).isEqualTo("webhook hook answered HTTP 500");
                assertThat(f.failedAt()).isEqualTo(MONDAY_10.plusSeconds(20));
            });
            assertThat(s.find(1).orElseThrow().timeline()).anySatisfy(e -> {
                assertThat(e.kind()).isEqualTo("delivery_failed");
                assertThat(e.text()).isEqualTo("incident failed for ops after 3 attempts: webhook hook answered HTTP 500");
            });
            s.processDue(MONDAY_10.plus(Duration.ofHours(1)));
            assertThat(hook.requests.get()).isEqualTo(3);
            String text = new IncidentsView(TOKYO).text(s.all(), s.failedNotifications());
            assertThat(text).contains("Notifications not delivered (gave up after retries):")
                    .contains("#1 incident to ops (hook) after 3 attempts: webhook hook answered HTTP 500");
        }
    }

    @Test
    void dryRunSaysWhatWouldBeSentAndSendsAndStoresNothing() throws Exception {
        ManualClock clock = new ManualClock(MONDAY_10, TOKYO);
        try (WebhookReceiver hook = new WebhookReceiver(0, 0);
             StoreIncidentService s = StoreIncidentService.open(dir.resolve("rb.db"),
                     runbook(webhook("hook", hook.url("/hook"), "json")), clock, RETRY, () -> 0.5)) {
            assertThat(s.notifications().send(List.of("ops", "nobody"), message(clock), true))
                    .isEqualTo("would send 'disk cleanup done' to ops (hook); unknown recipient 'nobody'");
            assertThat(s.escalate(new dev.runbook.core.escalation.IncidentRequest("P1", "health", null, null,
                    null, true, null))).isEqualTo("would open a P1 incident for health and notify ops (hook)");
            s.processDue(clock.instant().plus(Duration.ofHours(1)));
            assertThat(hook.requests.get()).isZero();
            assertThat(s.all()).isEmpty();
            assertThat(s.pendingNotifications()).isZero();
        }
    }

    @Test
    void retryWaitsDoubleUpToTheCapAndJitterOnlyShortensThem() {
        RetryPolicy p = new RetryPolicy(10, Duration.ofSeconds(30), Duration.ofMinutes(4), 0.2);
        assertThat(p.delayAfter(1, 0)).isEqualTo(Duration.ofSeconds(30));
        assertThat(p.delayAfter(2, 0)).isEqualTo(Duration.ofSeconds(60));
        assertThat(p.delayAfter(4, 0)).isEqualTo(Duration.ofMinutes(4));
        assertThat(p.delayAfter(9, 0)).isEqualTo(Duration.ofMinutes(4));
        assertThat(p.delayAfter(2, 0.999)).isBetween(Duration.ofSeconds(48), Duration.ofSeconds(60));
    }

    @Test
    void anUnknownNotifierOnAContactIsRetriedAndFinallyListedWithTheReason() throws IOException {
        ManualClock clock = new ManualClock(MONDAY_10, TOKYO);
        Runbook rb = Runbook.builder("x").zone(TOKYO).escalation(new EscalationPolicy(List.of(), List.of(), null,
                List.of(new Contact("ops", "missing", null, null)))).build();
        try (StoreIncidentService s = StoreIncidentService.open(dir.resolve("rb.db"), rb, clock,
                new RetryPolicy(1, Duration.ofSeconds(1), Duration.ofSeconds(1), 0))) {
            String said = s.notifications().send(List.of("ops"), message(clock), false);
            assertThat(said).contains("notifier 'missing' is not defined");
            assertThat(s.failedNotifications()).hasSize(1);
        }
    }
}
