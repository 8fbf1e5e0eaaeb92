package dev.runbook.incidents;

import dev.runbook.core.ManualClock;

import static dev.runbook.incidents.Fixtures.MONDAY_10;
import static dev.runbook.incidents.Fixtures.TOKYO;
import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.core.CheckResult;
import dev.runbook.core.Status;
import dev.runbook.core.action.ActionResult;
import dev.runbook.core.engine.Engine;
import dev.runbook.core.engine.RunRequest;
import dev.runbook.core.engine.RunResult;
import dev.runbook.core.escalation.Incident;
import dev.runbook.core.model.ActionDefinition;
import dev.runbook.core.model.CheckDefinition;
import dev.runbook.core.model.Remediation;
import dev.runbook.core.model.Runbook;
import dev.runbook.core.model.Step;
import dev.runbook.core.spi.TypeRegistry;
import dev.runbook.core.spi.TypeContext;
import dev.runbook.incidents.notifier.FileNotifierType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineWiringTest {
    @TempDir
    Path dir;

    @Test
    void theEngineOpensAnIncidentWithTheRemediationAsInitialResponseAndResolvesItWhenTheCheckRecovers() throws Exception {
        RecordingNotifier mail = new RecordingNotifier();
        AtomicBoolean up = new AtomicBoolean(false);
        Runbook rb = Runbook.builder("ai-estimator").title("AI Estimator System").zone(TOKYO)
                .escalation(Fixtures.seedPolicy())
                .notifier("mail", mail)
                .check(CheckDefinition.builder("health", c -> up.get() ? CheckResult.ok("HTTP 200")
                                : CheckResult.critical("connection refused: 127.0.0.1:8100"))
                        .incident("P1")
                        .on(Status.CRITICAL, Remediation.of("recover", List.of(
                                new Step.Run(ActionDefinition.of("restart-estimator", ctx -> ActionResult.failed("exit 1"))))))
                        .build())
                .build();
        ManualClock clock = new ManualClock(MONDAY_10, TOKYO);
        try (StoreIncidentService s = StoreIncidentService.open(dir.resolve("rb.db"), rb, clock);
             Engine engine = Engine.builder().clock(clock).incidents(s).notifications(s.notifications())
                     .listener(s.actionRecorder()).build()) {
            RunResult first = engine.run(rb, RunRequest.allChecks());
            assertThat(first.status()).isEqualTo(Status.CRITICAL);
            assertThat(first.incidents()).singleElement().satisfies(i -> {
                assertThat(i.level()).isEqualTo("P1");
                assertThat(i.check()).isEqualTo("health");
            });
            assertThat(first.results().get(0).actions()).anySatisfy(a ->
                    assertThat(a.message()).startsWith("incident #1 P1 opened; sent to infra-manager (mail)"));
            String report = mail.to("infra@example.com").get(0).notification().text();
            assertThat(report).contains("- restart-estimator → failed: exit 1")
                    .contains("■ Cause: connection refused: 127.0.0.1:8100");

            clock.advance(Duration.ofMinutes(5));
            RunResult again = engine.run(rb, RunRequest.allChecks());
            assertThat(again.incidents()).hasSize(1);
            assertThat(s.all()).hasSize(1);
            // the second remediation went straight into the open incident's timeline
            assertThat(s.find(1).orElseThrow().timeline()).filteredOn(e -> e.kind().equals("action")).hasSize(2);

            clock.advance(Duration.ofMinutes(30)); // the next run also processes the due CTO step and updates
            up.set(true);
            RunResult healed = engine.run(rb, RunRequest.allChecks());
            assertThat(healed.status()).isEqualTo(Status.OK);
            assertThat(healed.incidents()).isEmpty();
            assertThat(mail.kindsTo("cto@example.com")).containsExactly("incident", "update", "recovery");
            assertThat(s.find(1).orElseThrow().state()).isEqualTo(Incident.State.RESOLVED);
        }
    }

    @Test
    void theTypesAreFoundThroughServiceLoader() {
        TypeRegistry registry = TypeRegistry.load();
        assertThat(registry.notifierTypes()).containsKeys("webhook", "email", "log", "file");
        assertThat(registry.actionTypes()).containsKeys("notify", "escalate");
    }

    @Test
    void theFileNotifierAppendsJsonLinesRelativeToTheRunbookDirectory() throws Exception {
        RecordingNotifier unused = new RecordingNotifier();
        var notifier = new FileNotifierType().create(new FileNotifierType.Params("state/notifications.jsonl"),
                new TypeContext(dir, TOKYO, java.time.Clock.systemUTC(), "archive"));
        Runbook rb = Fixtures.runbook(unused).notifier("archive", notifier).build();
        ManualClock clock = new ManualClock(MONDAY_10, TOKYO);
        try (StoreIncidentService s = StoreIncidentService.open(dir.resolve("rb.db"), rb, clock)) {
            s.notifications().send(List.of("archive"), new dev.runbook.core.escalation.Notification("message", "one",
                    "first", java.util.Map.of("check", "disk"), clock.instant()), false);
            s.notifications().send(List.of("archive"), new dev.runbook.core.escalation.Notification("message", "two",
                    "second\nline", java.util.Map.of(), clock.instant()), false);
        }
        List<String> lines = Files.readAllLines(dir.resolve("state/notifications.jsonl"));
        assertThat(lines).hasSize(2);
        JsonNode first = new ObjectMapper().readTree(lines.get(0));
        assertThat(first.get("subject").asText()).isEqualTo("one");
        assertThat(first.get("fields").get("check").asText()).isEqualTo("disk");
        assertThat(first.get("at").asText()).isEqualTo("2026-11-30T01:00:00Z");
        assertThat(new ObjectMapper().readTree(lines.get(1)).get("text").asText()).isEqualTo("second\nline");
    }
}
