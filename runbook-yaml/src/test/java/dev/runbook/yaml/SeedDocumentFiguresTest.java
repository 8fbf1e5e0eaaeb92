package dev.runbook.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.core.Status;
import dev.runbook.core.escalation.Level;
import dev.runbook.core.model.CheckDefinition;
import dev.runbook.core.model.Procedure;
import dev.runbook.core.model.ReportDefinition;
import dev.runbook.core.model.Runbook;
import dev.runbook.core.model.Step;
import dev.runbook.core.spi.TypeRegistry;
import dev.runbook.core.threshold.MetricThresholds;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 14's "a seed runbook that is faithful": the figures of the seed document (seed/operations-runbook.md) as
 * the loaded {@code examples/ai-estimator} runbook holds them — thresholds judged at the document's boundaries,
 * schedules, SLOs, escalation times and contacts' hours, the P3 diagnostics captured into the incident, and the
 * reports' sections in the document's order. A figure changed in the YAML fails here with the document's words.
 */
class SeedDocumentFiguresTest {
    static Runbook rb;

    @BeforeAll
    static void load() {
        LoadResult r = new RunbookLoader(TypeRegistry.load(), Map.of("HOME", "/home/op"), Clock.systemUTC())
                .load(ExamplesTest.EXAMPLES.resolve("ai-estimator/runbook.yaml"));
        assertThat(r.errors()).isEmpty();
        rb = r.runbook();
    }

    /** The status the check's threshold on {@code metric} gives {@code value} (canonical units). */
    static Status judged(String check, String metric, double value) {
        MetricThresholds t = rb.check(check).thresholds().get(metric);
        assertThat(t).as(check + "." + metric + " thresholds").isNotNull();
        return t.evaluate(value);
    }

    static double days(double d) {
        return d * 86400;
    }

    @Test
    void morningCheckCriteria() {
        // "Disk usage: Warning 80%+, Critical 90%+"
        assertThat(judged("disk", "used", 79.9)).isEqualTo(Status.OK);
        assertThat(judged("disk", "used", 80)).isEqualTo(Status.WARNING);
        assertThat(judged("disk", "used", 90)).isEqualTo(Status.CRITICAL);
        // "Memory thresholds: Warning 80%+, Critical 90%+"
        assertThat(judged("memory", "used", 79.9)).isEqualTo(Status.OK);
        assertThat(judged("memory", "used", 80)).isEqualTo(Status.WARNING);
        assertThat(judged("memory", "used", 90)).isEqualTo(Status.CRITICAL);
        // "Action on Warning" of the disk check: journal vacuum 7 days, uploads 30+ days, backups 60+ days
        assertThat(rb.check("disk").remediationFor(Status.WARNING).id()).isEqualTo("disk-cleanup");
        assertThat(rb.actions().get("vacuum-journal").title()).contains("7 days");
        assertThat(rb.actions().get("cleanup-uploads").title()).contains("30 days");
        assertThat(rb.actions().get("cleanup-backups").title()).contains("60 days");
        // "Health check: Critical: error response, timeout, connection refused" → P1 recovery
        assertThat(rb.check("health").remediationFor(Status.CRITICAL).id()).isEqualTo("p1-recovery");
        assertThat(rb.check("health").incident()).isEqualTo("P1");
        // a slow answer is the document's P3 "Response time > 5 seconds", not a P1 outage
        assertThat(judged("health", "latency", 6)).isEqualTo(Status.WARNING);
    }

    @Test
    void eveningAndSloCriteria() {
        // "Error rate = Error count / Request count × 100, Threshold: < 1%"
        assertThat(rb.check("error-rate").thresholds().values().iterator().next().evaluate(0.99)).isEqualTo(Status.OK);
        assertThat(rb.check("error-rate").thresholds().values().iterator().next().evaluate(1)).isEqualTo(Status.WARNING);
        // SLOs: "Uptime 99.0% (Monthly downtime < 7.2 hours), Response Time P95 < 5 seconds, Error Rate < 1%"
        assertThat(rb.slos().get("availability").objective()).isEqualTo(99.0);
        assertThat(rb.slos().get("availability").window()).isEqualTo(Duration.ofDays(30));
        assertThat(rb.slos().get("latency").max()).isEqualTo(5.0);
        assertThat(rb.slos().get("error-rate").max()).isEqualTo(1.0);
        assertThat(judged("access", "p95", 4.9)).isEqualTo(Status.OK);
        assertThat(judged("access", "p95", 5)).isEqualTo(Status.WARNING);
    }

    @Test
    void weeklyAndMonthlyCriteria() {
        // "SSL certificate: Warning if < 30 days, Critical if < 7 days"
        assertThat(judged("tls", "time_left", days(30))).isEqualTo(Status.OK);
        assertThat(judged("tls", "time_left", days(29.9))).isEqualTo(Status.WARNING);
        assertThat(judged("tls", "time_left", days(6.9))).isEqualTo(Status.CRITICAL);
        // "Manual rotation if any file > 100MB"
        assertThat(judged("log-size", "size_bytes", 100_000_000)).isEqualTo(Status.OK);
        assertThat(judged("log-size", "size_bytes", 100_000_001)).isEqualTo(Status.CRITICAL);
        // backup: "app.db exists, .env exists, uploads/ directory exists"; "Action on Failure: Perform manual backup"
        assertThat(rb.check("backup").remediationFor(Status.CRITICAL).id()).isEqualTo("backup-now");
        // "Criteria for Capacity Expansion: Disk usage > 80%, Monthly growth rate > 20%, 90% in 3 months"
        assertThat(judged("db-growth", "change", 20)).isEqualTo(Status.OK);
        assertThat(judged("db-growth", "change", 20.1)).isEqualTo(Status.WARNING);
        assertThat(judged("disk-forecast", "time_to_reach", days(91))).isEqualTo(Status.OK);
        assertThat(judged("disk-forecast", "time_to_reach", days(89))).isEqualTo(Status.WARNING);
    }

    @Test
    void schedulesOfTheDocument() {
        Map<String, Procedure> p = rb.procedures();
        assertThat(p.get("morning-check").schedules()).singleElement().asString().isEqualTo("daily 09:00");
        assertThat(p.get("evening-check").schedules()).singleElement().asString().isEqualTo("daily 17:00");
        assertThat(p.get("weekly-check").schedules()).singleElement().asString().isEqualTo("monday 10:00");
        assertThat(p.get("monthly-check").schedules()).singleElement().asString().isEqualTo("monthly 1 10:00");
        // the five items of the morning check and of the weekly check, in the document's order
        assertThat(p.get("morning-check").steps()).extracting(Step::title).containsExactly("Service status check",
                "Health check", "Disk usage check", "Error log review", "Resource usage check");
        assertThat(p.get("weekly-check").steps()).extracting(Step::title).startsWith("Backup verification",
                "SSL certificate expiry check", "Log rotation check", "Security update check",
                "Database integrity check");
        assertThat(p.get("evening-check").steps()).extracting(Step::title).startsWith("Today's request count",
                "Error rate check", "Response time check");
    }

    @Test
    void incidentLevelsAndEscalation() {
        Map<String, Level> levels = rb.escalation().levels();
        // "P1 Immediate, P2 Within 30 min, P3 Within 2 hours, P4 Within 24 hours"
        assertThat(levels.get("P1").respond()).isEqualTo(Duration.ZERO);
        assertThat(levels.get("P2").respond()).isEqualTo(Duration.ofMinutes(30));
        assertThat(levels.get("P3").respond()).isEqualTo(Duration.ofHours(2));
        assertThat(levels.get("P4").respond()).isEqualTo(Duration.ofHours(24));
        assertThat(levels.get("P1").title()).isEqualTo("Complete service outage");
        assertThat(levels.get("P2").title()).isEqualTo("Partial service outage");
        assertThat(levels.get("P3").title()).isEqualTo("Performance degradation");
        assertThat(levels.get("P4").title()).isEqualTo("Minor errors");
        // "P1 incident occurs → Infrastructure Manager, Immediately"; "P1 not recovered within 30 min → CTO/Dev Manager"
        assertThat(levels.get("P1").recipients()).contains("infra-manager");
        assertThat(levels.get("P1").then().get(0).after()).isEqualTo(Duration.ofMinutes(30));
        assertThat(levels.get("P1").then().get(0).recipients()).containsExactlyInAnyOrder("cto", "developer-manager");
        // "P2 not recovered within 2 hours → Infrastructure Manager"; P4 "Escalation: Not required"
        assertThat(levels.get("P2").then()).anySatisfy(t -> {
            assertThat(t.after()).isEqualTo(Duration.ofHours(2));
            assertThat(t.recipients()).containsExactly("infra-manager");
        });
        assertThat(levels.get("P4").then()).isEmpty();
        // "Security incident → Security Manager, Immediately"; "Data loss possibility → CTO/Dev Manager, Immediately"
        assertThat(rb.escalation().routes()).anySatisfy(r -> {
            assertThat(r.category()).isEqualTo("security");
            assertThat(r.recipients()).containsExactly("security-manager");
        });
        assertThat(rb.escalation().routes()).anySatisfy(r -> {
            assertThat(r.category()).isEqualTo("data-loss");
            assertThat(r.recipients()).containsExactlyInAnyOrder("cto", "developer-manager");
        });
        // "Regular Updates (Every 15 min)"
        assertThat(rb.escalation().updates()).isEqualTo(Duration.ofMinutes(15));
        // Contact Information: Infrastructure Manager 24/7, Development Manager Weekdays 9-18, CTO 24/7, Security 24/7
        assertThat(rb.escalation().contacts().get("infra-manager").hours()).isEqualTo("always");
        assertThat(rb.escalation().contacts().get("developer-manager").hours()).isEqualTo("weekdays 09:00-18:00");
        assertThat(rb.escalation().contacts().get("cto").hours()).isEqualTo("always");
        assertThat(rb.escalation().contacts().get("security-manager").hours()).isEqualTo("always");
    }

    @Test
    void p1RecoveryAndP3Diagnostics() {
        // P1 "Step 1: restart estimator, restart Apache, wait 30 seconds, health check"
        List<Step> p1 = rb.check("health").remediationFor(Status.CRITICAL).steps();
        assertThat(((Step.Run) p1.get(0)).action().id()).isEqualTo("restart-estimator");
        assertThat(((Step.Run) p1.get(1)).action().id()).isEqualTo("restart-httpd");
        assertThat(((Step.Wait) p1.get(2)).duration()).isEqualTo(Duration.ofSeconds(30));
        assertThat(((Step.Recheck) p1.get(3)).checkId()).isEqualTo("health");
        // P3 "Investigation": top, free -h, iostat -x 1 5, ps by CPU and by memory, captured before the P3 opens
        List<String> titles = rb.procedures().get("p3-diagnostics").steps().stream().map(Step::title).toList();
        assertThat(String.join("\n", titles)).contains("top", "free -h", "iostat -x 1 5", "ps aux --sort=-%cpu",
                "ps aux --sort=-%mem");
        int escalate = titles.indexOf(titles.stream().filter(t -> t.contains("P3")).findFirst().orElseThrow());
        assertThat(escalate).isEqualTo(5);
    }

    @Test
    void reportsInTheDocumentsOrder() {
        ReportDefinition daily = rb.reports().get("daily");
        // Daily Report: Service Status, Resource Usage, Today's Metrics, Notes, Actions Taken
        assertThat(daily.sections()).containsExactly("services", "resources", "metrics", "notes", "actions");
        assertThat(daily.metrics().keySet()).containsExactly("access_count", "estimate_count", "error_count",
                "error_rate");
        assertThat(daily.metrics().get("error_rate").from()).isEqualTo("error-rate.value");
        // Weekly Report: Uptime, Performance, Usage, Resource Usage, Security, Notes
        ReportDefinition weekly = rb.reports().get("weekly");
        assertThat(weekly.sections()).containsExactly("availability", "performance", "metrics", "resources",
                "security", "notes");
        assertThat(weekly.metrics().keySet()).containsExactly("total_access_count", "total_estimate_count",
                "unique_users");
        assertThat(weekly.schedules()).singleElement().asString().isEqualTo("monday 10:00");
        ReportDefinition monthly = rb.reports().get("monthly");
        assertThat(monthly.metrics().keySet()).startsWith("total_access_count", "total_estimate_count", "unique_users",
                "monthly_growth");
        assertThat(monthly.sections()).startsWith("availability", "performance", "metrics", "resources", "cost",
                "security", "backup");
        assertThat(monthly.schedules()).singleElement().asString().isEqualTo("monthly 1 10:00");
    }
}
