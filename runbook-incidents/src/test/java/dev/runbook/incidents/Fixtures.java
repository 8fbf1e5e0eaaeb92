package dev.runbook.incidents;

import dev.runbook.core.CheckResult;
import dev.runbook.core.escalation.Contact;
import dev.runbook.core.escalation.EscalationPolicy;
import dev.runbook.core.escalation.EscalationStep;
import dev.runbook.core.escalation.IncidentRequest;
import dev.runbook.core.escalation.Level;
import dev.runbook.core.escalation.Route;
import dev.runbook.core.model.CheckDefinition;
import dev.runbook.core.model.Runbook;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;

/** The seed's escalation matrix as a runbook, for tests. */
final class Fixtures {
    static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
    /** Saturday 2026-11-28 10:00 in Tokyo. */
    static final Instant SATURDAY_10 = ZonedDateTime.of(2026, 11, 28, 10, 0, 0, 0, TOKYO).toInstant();
    /** Monday 2026-11-30 10:00 in Tokyo. */
    static final Instant MONDAY_10 = ZonedDateTime.of(2026, 11, 30, 10, 0, 0, 0, TOKYO).toInstant();

    private Fixtures() {
    }

    static EscalationPolicy seedPolicy() {
        return new EscalationPolicy(List.of(
                new Level("P1", "Complete service outage", Duration.ZERO, List.of("infra-manager"),
                        List.of(new EscalationStep(Duration.ofMinutes(30), List.of("cto"), false))),
                new Level("P2", "Partial service outage", Duration.ofMinutes(30), List.of("ops"),
                        List.of(new EscalationStep(Duration.ofHours(2), List.of("infra-manager"), false))),
                new Level("P3", "Performance degradation", Duration.ofHours(2), List.of("ops"),
                        List.of(new EscalationStep(Duration.ofHours(2), List.of("developer-manager"), true))),
                new Level("P4", "Minor errors", Duration.ofHours(24), List.of("developer-manager", "ops"), List.of())),
                List.of(new Route("security", List.of("security-manager")), new Route("data-loss", List.of("cto"))),
                Duration.ofMinutes(15),
                List.of(new Contact("ops", "mail", "ops@example.com", null),
                        new Contact("infra-manager", "mail", "infra@example.com", "always"),
                        new Contact("developer-manager", "mail", "dev@example.com", "weekdays 09:00-18:00"),
                        new Contact("cto", "mail", "cto@example.com", "always"),
                        new Contact("security-manager", "mail", "sec@example.com", "always")));
    }

    static Runbook.Builder runbook(RecordingNotifier mail) {
        return Runbook.builder("ai-estimator").title("AI Estimator System").zone(TOKYO)
                .escalation(seedPolicy())
                .notifier("mail", mail)
                .check(CheckDefinition.builder("health", c -> CheckResult.ok("up")).incident("P1").build())
                .check(CheckDefinition.builder("auth-failures", c -> CheckResult.ok("none")).category("security").build())
                .check(CheckDefinition.builder("latency", c -> CheckResult.ok("fast")).build());
    }

    static IncidentRequest request(String level, String check, String message) {
        return new IncidentRequest(level, check, null, null, CheckResult.critical(message), false, null);
    }
}
