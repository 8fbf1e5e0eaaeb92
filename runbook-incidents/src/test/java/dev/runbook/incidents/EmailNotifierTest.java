package dev.runbook.incidents;

import dev.runbook.core.ManualClock;

import static dev.runbook.incidents.Fixtures.MONDAY_10;
import static dev.runbook.incidents.Fixtures.TOKYO;
import static dev.runbook.incidents.Fixtures.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.runbook.core.Secret;
import dev.runbook.core.escalation.Contact;
import dev.runbook.core.escalation.EscalationPolicy;
import dev.runbook.core.escalation.Level;
import dev.runbook.core.escalation.Notification;
import dev.runbook.core.escalation.Notifier;
import dev.runbook.core.model.Runbook;
import dev.runbook.core.spi.TypeContext;
import dev.runbook.incidents.notifier.EmailNotifierType;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmailNotifierTest {
    private static final String PASSWORD = "pw-SECRET-456";
    @TempDir
    Path dir;
    private GreenMail smtp;

    @BeforeEach
    void start() {
        smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort())
                .withConfiguration(GreenMailConfiguration.aConfig().withUser("runbook", PASSWORD));
        smtp.start();
    }

    @AfterEach
    void stop() {
        smtp.stop();
    }

    private Notifier email(String password, Boolean starttls) {
        return new EmailNotifierType().create(new EmailNotifierType.Params("smtp://127.0.0.1:" + smtp.getSmtp().getPort(),
                "runbook@example.com", null, starttls, "runbook", Secret.of("smtp_password", password),
                Duration.ofSeconds(5)), new TypeContext(dir, TOKYO, java.time.Clock.systemUTC(), "ops-email"));
    }

    private static Runbook runbook(Notifier mail) {
        return Runbook.builder("ai-estimator").title("AI Estimator System").zone(TOKYO)
                .escalation(new EscalationPolicy(List.of(new Level("P1", "Complete service outage", Duration.ZERO,
                        List.of("infra-manager"), List.of())), List.of(), null,
                        List.of(new Contact("infra-manager", "ops-email", "infra@example.com", "always"))))
                .notifier("ops-email", mail).secret(Secret.of("smtp_password", PASSWORD)).build();
    }

    @Test
    void theIncidentReportIsMailedToTheContactsAddressThroughSmtpWithAuth() throws Exception {
        ManualClock clock = new ManualClock(MONDAY_10, TOKYO);
        try (StoreIncidentService s = StoreIncidentService.open(dir.resolve("rb.db"), runbook(email(PASSWORD, false)), clock)) {
            String said = s.escalate(request("P1", "health", "connection refused"));
            assertThat(said).contains("sent to infra-manager (ops-email)");
        }
        assertThat(smtp.waitForIncomingEmail(5000, 1)).isTrue();
        MimeMessage m = smtp.getReceivedMessages()[0];
        assertThat(m.getAllRecipients()[0].toString()).isEqualTo("infra@example.com");
        assertThat(m.getFrom()[0].toString()).isEqualTo("runbook@example.com");
        assertThat(m.getSubject()).isEqualTo("[P1] Incident: #1 health — connection refused");
        assertThat(m.getHeader("X-Runbook-Incident")[0]).isEqualTo("1");
        assertThat((String) m.getContent()).startsWith("【Incident Report】AI Estimator System")
                .contains("■ Occurrence Time: 2026-11-30 10:00");
    }

    @Test
    void aRejectedLoginIsRetriedLaterAndItsErrorCarriesNoPassword() {
        ManualClock clock = new ManualClock(MONDAY_10, TOKYO);
        try (StoreIncidentService s = StoreIncidentService.open(dir.resolve("rb.db"), runbook(email("wrong-" + PASSWORD, false)),
                clock)) {
            String said = s.notifications().send(List.of("infra-manager"),
                    new Notification("message", "hello", "body", Map.of(), clock.instant()), false);
            assertThat(said).startsWith("infra-manager (ops-email) not delivered yet (email ops-email: ")
                    .doesNotContain(PASSWORD);
            assertThat(s.pendingNotifications()).isEqualTo(1);
        }
        assertThat(smtp.getReceivedMessages()).isEmpty();
    }

    @Test
    void requiredStarttlsNeverFallsBackToClearText() {
        Notifier mail = email(PASSWORD, true);
        assertThatThrownBy(() -> mail.send(new Notification("message", "hello", "body", Map.of(), MONDAY_10),
                "infra@example.com")).hasMessageContaining("email ops-email").hasMessageContaining("STARTTLS");
        assertThat(smtp.getReceivedMessages()).isEmpty();
    }

    @Test
    void badSettingsAreRefusedNamingTheParameter() {
        EmailNotifierType t = new EmailNotifierType();
        TypeContext ctx = TypeContext.defaults("ops-email");
        assertThatThrownBy(() -> t.create(new EmailNotifierType.Params("mail.example.com", "a@b.c", null, null, null, null,
                null), ctx)).hasMessageStartingWith("smtp: expected smtp://host:port");
        assertThatThrownBy(() -> t.create(new EmailNotifierType.Params("smtp://h:25", null, null, null, null, null,
                null), ctx)).hasMessageStartingWith("from: required");
        assertThatThrownBy(() -> t.create(new EmailNotifierType.Params("smtp://u:p@h:25", "a@b.c", null, null, null, null,
                null), ctx)).hasMessageStartingWith("smtp: put the user in username");
    }
}
