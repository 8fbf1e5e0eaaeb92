package dev.runbook.incidents;

import static dev.runbook.incidents.Fixtures.MONDAY_10;
import static dev.runbook.incidents.Fixtures.TOKYO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbook.core.Secret;
import dev.runbook.core.escalation.Notification;
import dev.runbook.core.escalation.Notifier;
import dev.runbook.core.spi.TypeContext;
import dev.runbook.incidents.notifier.FileNotifierType;
import dev.runbook.incidents.notifier.LogNotifierType;
import dev.runbook.incidents.notifier.WebhookNotifierType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NotifierTypesTest {
    @TempDir
    Path dir;

    private TypeContext ctx(String id) {
        return new TypeContext(dir, TOKYO, Clock.systemUTC(), id);
    }

    private static Notification n() {
        return new Notification("incident", "[P1] Incident: #1 health", "report", Map.of("incident", "1", "level", "P1"),
                MONDAY_10);
    }

    @Test
    void theDefaultWebhookFormatPostsJsonWithFieldsAndTheConfiguredHeaders() throws Exception {
        try (WebhookReceiver hook = new WebhookReceiver(0, 0)) {
            Notifier w = new WebhookNotifierType().create(new WebhookNotifierType.Params(Secret.of("u", hook.url("/in")),
                    null, Map.of("Authorization", "Bearer abc"), Duration.ofSeconds(2)), ctx("ops-webhook"));
            w.send(n(), "ops@example.com");
            JsonNode body = new ObjectMapper().readTree(hook.bodies.get(0));
            assertThat(body.get("kind").asText()).isEqualTo("incident");
            assertThat(body.get("subject").asText()).isEqualTo("[P1] Incident: #1 health");
            assertThat(body.get("text").asText()).isEqualTo("report");
            assertThat(body.get("at").asText()).isEqualTo("2026-11-30T01:00:00Z");
            assertThat(body.get("address").asText()).isEqualTo("ops@example.com");
            assertThat(body.get("fields").get("level").asText()).isEqualTo("P1");
            assertThat(hook.headers.get(0).getFirst("Authorization")).isEqualTo("Bearer abc");
            assertThat(hook.headers.get(0).getFirst("Content-Type")).startsWith("application/json");
        }
    }

    @Test
    void aWebhookThatDoesNotAnswerWithinItsTimeoutFailsInsteadOfHanging() throws Exception {
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Notifier w = new WebhookNotifierType().create(new WebhookNotifierType.Params(
                    Secret.of("u", "http://127.0.0.1:" + silent.getLocalPort() + "/x"), "slack", null,
                    Duration.ofMillis(300)), ctx("slow"));
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> w.send(n(), null)).hasMessageStartingWith("webhook slow: SocketTimeoutException");
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void webhookSettingsAreValidatedWithoutEchoingTheSecretUrl() {
        WebhookNotifierType t = new WebhookNotifierType();
        assertThatThrownBy(() -> t.create(new WebhookNotifierType.Params(Secret.of("webhook_url", "ftp://x/T0KEN"), null,
                null, null), ctx("w"))).hasMessage("url: expected an http:// or https:// URL (secret webhook_url)");
        assertThatThrownBy(() -> t.create(new WebhookNotifierType.Params(Secret.of("u", "https://x"), "teams", null, null),
                ctx("w"))).hasMessage("format: expected json or slack, found 'teams'");
        assertThatThrownBy(() -> t.create(new WebhookNotifierType.Params(null, null, null, null), ctx("w")))
                .hasMessageStartingWith("url: required");
    }

    @Test
    void anUnsetSecretUrlFailsAtSendTimeNamingTheSecret() {
        Notifier w = new WebhookNotifierType().create(new WebhookNotifierType.Params(Secret.unset("webhook_url"), null,
                null, null), ctx("w"));
        assertThatThrownBy(() -> w.send(n(), null)).hasMessage("secret webhook_url is not set");
    }

    @Test
    void logAndFileNotifiersRefuseBadSettings() throws Exception {
        assertThatThrownBy(() -> new LogNotifierType().create(new LogNotifierType.Params("loud"), ctx("console")))
                .hasMessage("level: expected info, warn or error, found 'loud'");
        new LogNotifierType().create(new LogNotifierType.Params(null), ctx("console")).send(n(), null);
        Files.createDirectories(dir.resolve("state"));
        assertThatThrownBy(() -> new FileNotifierType().create(new FileNotifierType.Params("state"), ctx("archive")))
                .hasMessageStartingWith("path: expected a file, found the directory");
    }
}
