package dev.runbook.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runbook.core.action.ActionResult;
import dev.runbook.core.model.CheckDefinition;
import dev.runbook.core.model.Remediation;
import dev.runbook.core.model.Runbook;
import dev.runbook.core.model.Step;
import dev.runbook.dsl.RunbookBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same runbook written in YAML and with the Java DSL gives the same model for what the DSL once lacked:
 * remediation limits, {@code recover_for}, flapping, tags, SLOs, reports, secrets and durations.
 */
class DslParityTest {
    static final String YAML = """
            runbook: parity
            version: 1
            timezone: UTC
            secrets: { token: "${env:TOKEN}", gone: "${env:GONE}" }
            checks:
              disk:
                type: disk
                path: /
                timeout: 45s
                warning: 80%
                critical: 90%
                for: 3
                recover_for: 10m
                flapping: { window: 21, low: 20%, high: 30% }
                tags: [resources, host]
                on_critical: cleanup
              health:
                type: http
                url: "${secret:gone}"
                for: 5m
                recover_for: 2
            actions:
              clean: { type: command, run: [true], timeout: 2m }
            remediations:
              cleanup:
                steps: [clean, { wait: 30s }, { recheck: disk }]
                limit: { attempts: 3, within: 1h, then: [{ escalate: P1 }] }
            notifiers:
              ops: { type: log }
            escalation:
              levels:
                P1: { title: Outage, respond: 0m, notify: [ops], then: [{ after: 30m, notify: [ops] }] }
              updates: 1h
            slo:
              availability: { from: health, objective: 99.5%, window: 30d }
              latency: { from: health.latency, max: 500ms, window: 7d }
            reports:
              daily:
                title: Daily
                period: day
                schedule: daily 17:30
                sections: [services, incidents]
                metrics: { lat: { from: health.latency, agg: p95 }, hits: { from: health.status_code } }
                notify: [ops]
                format: markdown
              weekly: { period: week, week_start: sunday }
            """;

    @TempDir
    Path dir;

    Runbook fromYaml() throws IOException {
        Path f = dir.resolve("runbook.yaml");
        Files.writeString(f, YAML);
        LoadResult r = new RunbookLoader(FakeTypes.registry(), Map.of("TOKEN", "t0ken-value"), Clock.systemUTC()).load(f);
        assertThat(r.errors()).isEmpty();
        return r.runbook();
    }

    static Runbook fromDsl() {
        return RunbookBuilder.runbook("parity")
                .zone("UTC")
                .secret("token", "t0ken-value")
                .secret("gone", null)
                .check("disk", c -> c.of(new FakeTypes.Disk(), new FakeTypes.Disk.Params("/", null))
                        .timeout(Duration.ofSeconds(45)).warning("80%").critical("90%")
                        .forRuns(3).recoverFor(Duration.ofMinutes(10)).flapping(21, 20, 30)
                        .tags("resources", "host").onCritical("cleanup"))
                .check("health", c -> c.of(new FakeTypes.Http(),
                                new FakeTypes.Http.Params("unset", null, null, null, null, null, null))
                        .uses("gone").forDuration("5m").recoverForRuns(2))
                .action("clean", null, Duration.ofMinutes(2), ctx -> ActionResult.done("cleaned"))
                .remediation("cleanup", r -> r.run("clean").waitFor(Duration.ofSeconds(30)).recheck("disk")
                        .limit(3, Duration.ofHours(1), t -> t.escalate("P1")))
                .notifier("ops", (n, address) -> { })
                .level("P1", "Outage", Duration.ZERO, "ops")
                .thenAfter(Duration.ofMinutes(30), "ops")
                .updatesEvery(Duration.ofHours(1))
                .slo("availability", "health", 99.5, Duration.ofDays(30))
                .sloMax("latency", "health.latency", "500ms", "7d")
                .report("daily", r -> r.title("Daily").period("day").schedule("daily 17:30")
                        .sections("services", "incidents").figure("lat", "health.latency", "p95")
                        .figure("hits", "health.status_code").notify("ops").format("markdown"))
                .report("weekly", r -> r.period("week").weekStart("sunday"))
                .build();
    }

    @Test
    void hysteresisFlappingTagsAndTimeoutsAreTheSame() throws IOException {
        Runbook y = fromYaml();
        Runbook d = fromDsl();
        for (String id : List.of("disk", "health")) {
            CheckDefinition cy = y.check(id);
            CheckDefinition cd = d.check(id);
            assertThat(cd.hysteresis()).as(id + " hysteresis").isEqualTo(cy.hysteresis());
            assertThat(cd.tags()).as(id + " tags").isEqualTo(cy.tags());
            assertThat(cd.timeout()).as(id + " timeout").isEqualTo(cy.timeout());
            assertThat(cd.missingSecrets()).as(id + " missing secrets").isEqualTo(cy.missingSecrets());
        }
        assertThat(d.check("disk").hysteresis().flapping()).isNotNull();
        assertThat(d.check("disk").tags()).containsExactlyInAnyOrder("resources", "host");
        assertThat(d.check("health").missingSecrets()).containsExactly("gone");
    }

    @Test
    void remediationLimitsAreTheSame() throws IOException {
        Remediation y = fromYaml().remediations().get("cleanup");
        Remediation d = fromDsl().remediations().get("cleanup");
        assertThat(d.limit()).isNotNull();
        assertThat(d.limit().attempts()).isEqualTo(y.limit().attempts()).isEqualTo(3);
        assertThat(d.limit().within()).isEqualTo(y.limit().within()).isEqualTo(Duration.ofHours(1));
        assertThat(d.limit().then()).isEqualTo(y.limit().then()).containsExactly(new Step.Escalate("P1"));
        assertThat(kinds(d.steps())).isEqualTo(kinds(y.steps()));
        assertThat(d.steps().get(1)).isEqualTo(y.steps().get(1));
        assertThat(fromDsl().check("disk").remediations()).containsOnlyKeys(fromYaml().check("disk").remediations().keySet());
    }

    static List<String> kinds(List<Step> steps) {
        return steps.stream().map(s -> s.getClass().getSimpleName()).toList();
    }

    @Test
    void slosAreTheSame() throws IOException {
        assertThat(fromDsl().slos()).isEqualTo(fromYaml().slos()).hasSize(2);
        assertThat(fromDsl().slos().get("latency").max()).isEqualTo(0.5);
    }

    @Test
    void reportsAreTheSame() throws IOException {
        Runbook y = fromYaml();
        Runbook d = fromDsl();
        assertThat(d.reports()).containsOnlyKeys("daily", "weekly");
        for (String id : List.of("daily", "weekly")) {
            assertThat(d.reports().get(id)).as(id).usingRecursiveComparison().ignoringFields("schedules")
                    .isEqualTo(y.reports().get(id));
            assertThat(d.reports().get(id).schedules().toString()).isEqualTo(y.reports().get(id).schedules().toString());
        }
        assertThat(d.reports().get("weekly").covers()).isEqualTo("previous");
    }

    @Test
    void secretsAndEscalationAreTheSame() throws IOException {
        Runbook y = fromYaml();
        Runbook d = fromDsl();
        assertThat(d.secrets().keySet()).isEqualTo(y.secrets().keySet());
        for (String name : y.secrets().keySet()) {
            assertThat(d.secrets().get(name).isSet()).as(name).isEqualTo(y.secrets().get(name).isSet());
        }
        assertThat(d.escalation().levels().get("P1")).isEqualTo(y.escalation().levels().get("P1"));
        assertThat(d.escalation().updates()).isEqualTo(y.escalation().updates());
    }

    @Test
    void theDslFailsAtOnceNamingWhatWasWrong() {
        assertThatThrownBy(() -> RunbookBuilder.runbook("x").check("c", c -> c.uses("nope")))
                .hasMessageContaining("unknown secret 'nope'");
        assertThatThrownBy(() -> RunbookBuilder.runbook("x").report("r", r -> r.period("fortnight")))
                .hasMessageContaining("unknown period 'fortnight'");
        assertThatThrownBy(() -> RunbookBuilder.runbook("x").check("c", c -> c.timeout("soon")))
                .hasMessageContaining("timeout").hasMessageContaining("'soon'");
        assertThatThrownBy(() -> RunbookBuilder.runbook("x").remediation("r", s -> s.limit(0, "1h", t -> { })))
                .hasMessageContaining("limit.attempts must be at least 1");
        assertThatThrownBy(() -> RunbookBuilder.runbook("x").slo("s", "c", 120, "30d"))
                .hasMessageContaining("objective must be above 0% and at most 100%");
    }
}
