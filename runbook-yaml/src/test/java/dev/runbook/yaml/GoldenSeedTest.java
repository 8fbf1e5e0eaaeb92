package dev.runbook.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.core.Status;
import dev.runbook.core.escalation.Level;
import dev.runbook.core.model.CheckDefinition;
import dev.runbook.core.model.Procedure;
import dev.runbook.core.model.Remediation;
import dev.runbook.core.model.Runbook;
import dev.runbook.core.model.Step;
import dev.runbook.core.spi.TypeRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The seed runbook loads into the expected model with the real built-in types (runbook-checks, the history types
 * forecast/growth/slo and the notifier types webhook/email/log/file), all of which must be on the test class path.
 */
class GoldenSeedTest {
    static final Set<String> CHECKS = Set.of("systemd", "http", "disk", "journal", "log", "cpu", "memory", "process",
            "access-log", "expr", "backup", "tls", "file", "command", "sqlite", "growth", "forecast", "slo");
    static final Set<String> ACTIONS = Set.of("systemd", "command", "delete-old-files", "sqlite-backup", "restore-test",
            "notify");
    static final Set<String> NOTIFIERS = Set.of("webhook", "email", "log", "file");

    @Test
    void seedRunbookLoadsIntoTheExpectedModelWithTheRealTypes() {
        TypeRegistry registry = TypeRegistry.load();
        assertThat(registry.checkTypes().keySet()).containsAll(CHECKS);
        assertThat(registry.actionTypes().keySet()).containsAll(ACTIONS);
        assertThat(registry.notifierTypes().keySet()).containsAll(NOTIFIERS);
        LoadResult r = new RunbookLoader(registry, Map.of("HOME", "/home/op"), Clock.systemUTC())
                .load(ExamplesTest.EXAMPLES.resolve("ai-estimator/runbook.yaml"));
        assertThat(r.errors()).isEmpty();
        assertThat(r.warnings()).hasSize(3);
        Runbook rb = r.runbook();

        assertThat(rb.checks().keySet()).containsExactly("services", "health", "health-public", "disk", "errors-24h",
                "apache-errors", "cpu", "memory", "app-process", "httpd-process", "access", "tasks-created", "errors-today",
                "access-week", "access-month", "error-rate", "backup", "tls", "log-size", "security-updates",
                "db-integrity", "db-size", "db-growth", "disk-growth", "disk-forecast", "access-30d", "processing-time", "failed-logins", "unauthorized",
                "brute-force", "availability-budget");
        // issue 14: the security and data-loss checks open incidents, so that their routes apply
        for (String id : List.of("failed-logins", "brute-force", "backup")) { // db-integrity escalates P2 itself
            assertThat(rb.check(id).incident()).as(id).isEqualTo("P2");
            assertThat(rb.check(id).category()).as(id).isIn("security", "data-loss");
        }
        CheckDefinition disk = rb.check("disk");
        assertThat(disk.thresholds().get("used").describe()).contains("80", "90");
        assertThat(disk.remediationFor(Status.WARNING).id()).isEqualTo("disk-cleanup");
        assertThat(rb.check("tls").thresholds()).containsKey("time_left");
        assertThat(rb.check("access").thresholds()).containsKeys("error_rate", "p95");
        assertThat(rb.check("error-rate").after()).containsExactlyInAnyOrder("errors-today", "access");
        assertThat(rb.check("health-public").dependsOn()).containsExactly("health");
        assertThat(rb.check("health-public").missingSecrets()).containsExactly("health_password");

        Remediation p1 = rb.check("health").remediationFor(Status.CRITICAL);
        assertThat(p1.steps()).extracting(Step::getClass).containsExactly(Step.Run.class, Step.Run.class,
                Step.Wait.class, Step.Recheck.class, Step.Escalate.class);
        assertThat(((Step.Wait) p1.steps().get(2)).duration()).isEqualTo(Duration.ofSeconds(30));
        assertThat(p1.limit().attempts()).isEqualTo(3);

        Map<String, Procedure> procs = rb.procedures();
        assertThat(procs.keySet()).containsExactly("morning-check", "evening-check", "daily-report", "weekly-check",
                "monthly-check", "watch", "p2-response", "p3-diagnostics", "p4-minor-errors", "planned-maintenance",
                "maintenance-verification", "security-patch", "ssl-renewal", "p1-response");
        assertThat(procs.get("watch").schedules()).singleElement().asString().isEqualTo("every 1m");
        assertThat(procs.get("morning-check").steps()).hasSize(5);
        assertThat(procs.get("planned-maintenance").steps()).anyMatch(s -> s instanceof Step.Manual);
        // [1.1] the planned maintenance is gated; p1-response restarts only when health is not OK
        assertThat(procs.get("planned-maintenance").steps()).filteredOn(s -> s instanceof Step.Manual)
                .allMatch(s -> ((Step.Manual) s).gate()).hasSize(4);
        assertThat(procs.get("planned-maintenance").pauseTimeout()).isEqualTo(Duration.ofHours(24));
        assertThat(procs.get("p1-response").steps()).filteredOn(s -> Step.unwrap(s) instanceof Step.Run)
                .allSatisfy(s -> assertThat(s).isInstanceOfSatisfying(Step.When.class, w ->
                        assertThat(w.condition()).isEqualTo(dev.runbook.core.model.StepCondition.notOk(List.of("health")))))
                .hasSize(2);

        Map<String, Level> levels = rb.escalation().levels();
        assertThat(levels.keySet()).containsExactly("P1", "P2", "P3", "P4");
        assertThat(levels.get("P1").respond()).isEqualTo(Duration.ZERO);
        assertThat(levels.get("P1").then().get(0).after()).isEqualTo(Duration.ofMinutes(30));
        assertThat(levels.get("P2").respond()).isEqualTo(Duration.ofMinutes(30));
        assertThat(levels.get("P3").respond()).isEqualTo(Duration.ofHours(2));
        assertThat(levels.get("P4").respond()).isEqualTo(Duration.ofHours(24));
        assertThat(rb.escalation().routes()).extracting(rt -> rt.category()).containsExactly("security", "data-loss");
        assertThat(rb.escalation().contacts().get("developer-manager").hours()).isEqualTo("weekdays 09:00-18:00");
        assertThat(rb.notifiers().keySet()).containsExactly("ops-webhook", "ops-email", "console", "archive");
        assertThat(rb.slos().get("availability").objective()).isEqualTo(99.0);
        assertThat(rb.slos().get("latency").max()).isEqualTo(5.0);
        assertThat(rb.slos().get("error-rate").max()).isEqualTo(1.0);
        assertThat(rb.reports().keySet()).containsExactly("daily", "weekly", "monthly");
        assertThat(rb.reports().get("daily").schedules()).hasSize(1);
        assertThat(List.copyOf(rb.secrets().keySet())).containsExactly("health_password", "webhook_url", "smtp_password");
    }
}
