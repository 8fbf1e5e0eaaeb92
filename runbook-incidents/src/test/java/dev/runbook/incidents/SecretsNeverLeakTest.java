package dev.runbook.incidents;

import dev.runbook.core.ManualClock;

import static dev.runbook.incidents.Fixtures.MONDAY_10;
import static dev.runbook.incidents.Fixtures.TOKYO;
import static dev.runbook.incidents.Fixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.runbook.core.CheckResult;
import dev.runbook.core.Secret;
import dev.runbook.core.escalation.Contact;
import dev.runbook.core.escalation.EscalationPolicy;
import dev.runbook.core.escalation.EscalationStep;
import dev.runbook.core.escalation.Level;
import dev.runbook.core.model.Runbook;
import dev.runbook.core.spi.TypeContext;
import dev.runbook.incidents.notifier.EmailNotifierType;
import dev.runbook.incidents.notifier.WebhookNotifierType;
import java.io.ByteArrayOutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretsNeverLeakTest {
    private static final String TOKEN = "T0KEN-SECRET-123";
    private static final String DOWN_TOKEN = "D0WN-SECRET-789";
    private static final String PASSWORD = "pw-SECRET-456";

    @TempDir
    Path dir;

    @Test
    void noSecretValueReachesTheStoreFileTheRenderedOutputOrTheMessages() throws Exception {
        int downPort;
        try (ServerSocket free = new ServerSocket(0)) {
            downPort = free.getLocalPort();
        }
        GreenMail smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort())
                .withConfiguration(GreenMailConfiguration.aConfig().withUser("runbook", PASSWORD));
        smtp.start();
        List<String> rendered = new ArrayList<>();
        try (WebhookReceiver hook = new WebhookReceiver(0, 1)) {
            String hookUrl = hook.url("/services/" + TOKEN);
            String downUrl = "http://127.0.0.1:" + downPort + "/services/" + DOWN_TOKEN;
                        Runbook rb = Runbook.builder("ai-estimator").zone(TOKYO)
                    .secret(Secret.of("webhook_url", hookUrl))
                    .secret(Secret.of("down_url", downUrl))
                    .secret(Secret.of("smtp_password", PASSWORD))
                    .notifier("ops-webhook", new WebhookNotifierType().create(new WebhookNotifierType.Params(
                            Secret.of("webhook_url", hookUrl), "slack", null, Duration.ofSeconds(2)), ctx("ops-webhook")))
                    .notifier("down-webhook", new WebhookNotifierType().create(new WebhookNotifierType.Params(
                            Secret.of("down_url", downUrl), null, null, Duration.ofSeconds(2)), ctx("down-webhook")))
                    .notifier("ops-email", new EmailNotifierType().create(new EmailNotifierType.Params(
                            "smtp://127.0.0.1:" + smtp.getSmtp().getPort(), "runbook@example.com", null, false,
                            "runbook", Secret.of("smtp_password", PASSWORD), Duration.ofSeconds(5)), ctx("ops-email")))
                    .escalation(new EscalationPolicy(List.of(new Level("P1", "Complete service outage", Duration.ZERO,
                            List.of("ops", "infra-manager", "pager"),
                            List.of(new EscalationStep(Duration.ofMinutes(30), List.of("ops"), false)))),
                            List.of(), Duration.ofMinutes(15), List.of(new Contact("ops", "ops-webhook", null, null),
                            new Contact("infra-manager", "ops-email", "infra@example.com", null),
                            new Contact("pager", "down-webhook", null, null))))
                    .build();
            ManualClock clock = new ManualClock(MONDAY_10, TOKYO);
            try (StoreIncidentService s = StoreIncidentService.open(dir.resolve("rb.db"), rb, clock,
                    new RetryPolicy(2, Duration.ofSeconds(10), Duration.ofSeconds(10), 0))) {
                // a trigger message quoting a secret (as a careless check might) is scrubbed before it is stored
                rendered.add(s.escalate(request("P1", "health", "POST " + hookUrl + " failed")));
                s.note(1, "password was " + PASSWORD + "?", "alice");
                for (int i = 1; i <= 6; i++) {
                    clock.advance(Duration.ofMinutes(10));
                    s.processDue(clock.instant());
                }
                s.recovered("health", CheckResult.ok("up"), clock.instant());
                IncidentsView view = new IncidentsView(TOKYO);
                rendered.add(view.text(s.all(), s.failedNotifications()));
                rendered.add(view.json(s.all(), s.failedNotifications()));
                rendered.add(view.show(s.find(1).orElseThrow()));
                // the report, its updates and the recovery report to the pager all failed: kept and listed
                assertThat(s.failedNotifications()).extracting(FailedNotification::to).isNotEmpty().containsOnly("pager");
                assertThat(s.failedNotifications().get(0).lastError()).startsWith("webhook down-webhook: ConnectException");
            }
            assertThat(hook.bodies).isNotEmpty();
            assertThat(hook.paths).allMatch(p -> p.endsWith(TOKEN)); // the secret was used where it must be
            rendered.addAll(hook.bodies);
            assertThat(smtp.waitForIncomingEmail(5000, 1)).isTrue();
            for (var m : smtp.getReceivedMessages()) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                m.writeTo(out);
                rendered.add(out.toString(StandardCharsets.UTF_8));
            }
        } finally {
            smtp.stop();
        }

        assertThat(String.join("\n", rendered)).contains("******").doesNotContain(TOKEN, DOWN_TOKEN, PASSWORD);
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(p -> p.getFileName().toString().startsWith("rb.db")).toList();
        }
        assertThat(files).isNotEmpty();
        for (Path f : files) {
            String bytes = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
            assertThat(bytes).as(f.toString()).doesNotContain(TOKEN, DOWN_TOKEN, PASSWORD);
        }
    }

    private TypeContext ctx(String id) {
        return new TypeContext(dir, TOKYO, java.time.Clock.systemUTC(), id);
    }

    @Test
    void aNotifierParameterRecordPrintsNoSecret() {
        WebhookNotifierType.Params p = new WebhookNotifierType.Params(Secret.of("u", "https://hooks/" + TOKEN), "slack",
                null, null);
        assertThat(p.toString()).doesNotContain(TOKEN).contains("******");
    }
}
