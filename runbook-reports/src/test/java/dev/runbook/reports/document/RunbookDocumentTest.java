package dev.runbook.reports.document;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.core.Status;
import dev.runbook.core.StoredResult;
import dev.runbook.core.model.Runbook;
import dev.runbook.core.spi.TypeRegistry;
import dev.runbook.yaml.LoadResult;
import dev.runbook.yaml.RunbookLoader;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every section of the document, in the seed's order, from a runbook that uses every part (docs.yaml). */
class RunbookDocumentTest {
    static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
    /** Saturday 2026-12-05 12:00 in Tokyo. */
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-05T03:00:00Z"), TOKYO);

    @TempDir
    static Path dir;
    static Runbook rb;

    @BeforeAll
    static void load() throws Exception {
        Path f = dir.resolve("docs.yaml");
        try (InputStream in = RunbookDocumentTest.class.getResourceAsStream("/document/docs.yaml")) {
            Files.copy(in, f);
        }
        LoadResult r = new RunbookLoader(TypeRegistry.load(), Map.of(), Clock.systemUTC()).load(f);
        assertThat(r.isValid()).as(r.problems().toString()).isTrue();
        rb = r.runbook();
    }

    private static String markdown() {
        return RunbookDocument.of(rb).clock(CLOCK).render(DocumentFormat.MARKDOWN);
    }

    @Test
    void sectionsComeInTheSeedsOrder() {
        String md = markdown();
        List<String> order = List.of("## Overview", "### Contact Information", "## Schedule", "## Daily Operations",
                "### Morning Check (daily 09:00)", "#### 1. Disk usage check", "#### 3. Manual step",
                "## Incident Response", "### Incident Level Definition", "## Escalation", "### Escalation Criteria",
                "### Escalation Procedure", "### Escalation Communication Template", "## Service Level Objectives (SLO)", "## Reports",
                "## Maintenance Procedures", "## Checklists");
        int at = -1;
        for (String heading : order) {
            int i = md.indexOf(heading + "\n");
            assertThat(i).as(heading).isGreaterThan(at);
            at = i;
        }
        assertThat(md).startsWith("# Docs \\<Test> Runbook\n").contains("1. [Overview](#overview)");
    }

    @Test
    void overviewNamesZoneAndContacts() {
        String md = markdown();
        assertThat(md).contains("- Time zone: Asia/Tokyo")
                .contains("| cto | mail | cto@example.com | 24/7 |")
                .contains("| security | mail | sec@example.com | weekdays 09:00-18:00 |")
                .contains("| infra | console | — | 24/7 |");
    }

    @Test
    void scheduleTableHasTheNextThreeTimesInTheRunbooksZone() {
        assertThat(markdown())
                .contains("| Morning Check | procedure morning-check | daily 09:00 | Sun 2026-12-06 09:00, Mon 2026-12-07 09:00, Tue 2026-12-08 09:00 |")
                .contains("| Daily Operations Report | report daily | daily 17:30 | Sat 2026-12-05 17:30, Sun 2026-12-06 17:30, Mon 2026-12-07 17:30 |")
                .doesNotContain("| Planned Maintenance | procedure planned-maintenance");
    }

    @Test
    void criteriaInWordsForEveryThresholdForm() {
        String md = markdown();
        // bare values on a higher-is-worse metric
        assertThat(md).contains("- ✅ Normal < 80 %, ⚠️ Warning 80–90 %, 🔴 Critical ≥ 90 %");
        // bare values on a lower-is-worse metric: "below" is worse
        assertThat(md).contains("time_left: ✅ Normal > 30 d, ⚠️ Warning 7–30 d, 🔴 Critical ≤ 7 d");
        // comparisons as written
        assertThat(md).contains("time_left: ✅ Normal ≥ 30 d, ⚠️ Warning 7–30 d, 🔴 Critical < 7 d");
        // Nagios ranges: outside a range warns, inside an @range is critical
        assertThat(md).contains("✅ Normal otherwise, ⚠️ Warning outside 0.2–2, 🔴 Critical 5–10");
        // only a critical rule; a type's own rules come first, then the metric by name
        assertThat(md).contains("latency: ✅ Normal < 5 s, 🔴 Critical ≥ 5 s")
                .contains("- 🔴 Critical: an error response, a timeout or a refused connection");
    }

    @Test
    void actionsOnFailureInWordsWithWaitsRechecksEscalationsAndLimit() {
        String md = markdown();
        assertThat(md).contains("**Action on Warning or Critical**:\n"
                + "1. Clean up old files (command action, at most 5 min)\n"
                + "2. Wait 30 s\n"
                + "3. Check Disk usage (disk) again: OK means recovered, and the remaining steps are skipped\n"
                + "4. If still failing: escalate: open (or raise to) a P3 incident (Performance degradation), notifying infra\n");
        assertThat(md).contains("**Action on Critical**:\n1. Restart the app (command action, at most 2 min)\n")
                .contains("4. After 3 attempts within 1 h without lasting recovery, instead:\n"
                        + "   - Escalate: open (or raise to) a P2 incident (Partial service outage), notifying infra\n");
        assertThat(md).contains("- Skipped (and not counted) when disk is Critical or Unknown")
                .contains("- Critical opens an incident: open (or raise to) a P1 incident (Complete service outage)")
                .contains("- Category security: its incidents also notify security");
    }

    @Test
    void incidentLevelsEscalationMatrixAndRoutes() {
        String md = markdown();
        assertThat(md).contains("| P1 | Complete service outage | Immediate | infra | After 30 min to cto |")
                .contains("| P2 | Partial service outage | Within 30 min | infra | After 30 min to cto unless acknowledged |")
                .contains("| P4 | Minor errors | Within 24 h | infra | Not required | — |")
                .contains("| P1 not recovered within 30 min | cto | After 30 min |")
                .contains("| P2 not acknowledged within 30 min | cto | After 30 min |")
                .contains("| Incident of category security | security | Immediately |");
        assertThat(md).contains("inject critical, inject not recovered");
        assertThat(md).contains("2. Regular updates (every 15 min while the incident is open)")
                .contains("【Incident Report】Docs <Test> Runbook\n\n■ Incident Level: P1 (Complete service outage)\n");
    }

    @Test
    void slosReportsMaintenanceAndChecklists() {
        String md = markdown();
        assertThat(md).contains("- availability: health available ≥ 99 % over 30 d (downtime < 7h 12m per 30 d)")
                .contains("- latency: health.latency ≤ 5s over 30 d");
        assertThat(md).contains("【Daily Operations Report】\n\n■ Service Status\n")
                .contains("- disk_used: max of disk.used\n")
                .contains("- Sent daily 17:30 to infra, as text")
                .contains("- By hand: runbook report docs.yaml daily")
                .contains("**Run it**: runbook run docs.yaml --procedure morning-check");
        assertThat(md).contains("### Planned Maintenance\n")
                .contains("1. Manual: Notify users one week before — an operator confirms it")
                .contains("4. Check Health check (health) again")
                .contains("5. If still failing: escalate: open (or raise to) a P2 incident")
                .contains("sunday 02:00-04:00");
        assertThat(md).contains("【Morning Check Checklist】\n\nDate: ___________\nOperator: ___________\n\n□ Disk usage check\n□ Certificates\n□ Look at the dashboard\n");
    }

    @Test
    void markupInRunbookTextStaysTextInMarkdownAndHtml() {
        String md = markdown();
        assertThat(md).contains("\\<script>alert('x')\\</script>").doesNotContainPattern("(?<!\\\\)<script");
        String html = RunbookDocument.of(rb).clock(CLOCK).render(DocumentFormat.HTML);
        assertThat(html).doesNotContain("<script").contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;")
                .contains("<title>Docs &lt;Test&gt; Runbook</title>");
    }

    @Test
    void htmlIsOneSelfContainedStyledPage() {
        String html = RunbookDocument.of(rb).clock(CLOCK).render(DocumentFormat.HTML);
        assertThat(html).startsWith("<!DOCTYPE html>").contains("<style>").contains("<meta charset=\"utf-8\">")
                .contains("default-src 'none'")
                .doesNotContain("http://", "https://", "<link", "<img", "src=", "@import", "url(");
        assertThat(html).contains("<span class=\"ok\">● Normal</span> &lt; 80 %")
                .contains("<span class=\"critical\">● Critical</span> ≥ 90 %")
                .contains("<a href=\"#schedule\">Schedule</a>")
                .contains("<h2 id=\"incident-response\">Incident Response</h2>");
    }

    @Test
    void withResultsShowsLatestStatusValueAndLastRun() {
        Instant at = Instant.parse("2026-12-05T00:00:00Z");
        LatestResults results = LatestResults.of(
                Map.of("disk", new StoredResult("disk", at, Status.WARNING, 85.5, "%", "/ 85.5% used", "morning-check",
                        Map.of("used", 85.5), false)),
                Map.of("morning-check", new LatestResults.LastRun(at, Duration.ofSeconds(31), Status.CRITICAL)),
                "results from the store test.db");
        String md = RunbookDocument.of(rb).clock(CLOCK).results(results).render(DocumentFormat.MARKDOWN);
        assertThat(md).contains("**Latest result**: WARNING 85.5% — / 85.5% used (at Sat 2026-12-05 09:00)")
                .contains("**Last run**: CRITICAL at Sat 2026-12-05 09:00 (31 s)")
                .contains("| Morning Check | procedure morning-check | daily 09:00 |")
                .contains("| CRITICAL at Sat 2026-12-05 09:00 (31 s) |")
                .contains("**Latest result**: no result stored yet")
                .contains("- Latest results: results from the store test.db");
        String html = RunbookDocument.of(rb).clock(CLOCK).results(results).render(DocumentFormat.HTML);
        assertThat(html).contains("<span class=\"warning\">WARNING</span> 85.5%");
    }

    @Test
    void withoutAStoreTheDocumentSaysSo() {
        String md = RunbookDocument.of(rb).clock(CLOCK).results(LatestResults.unavailable("no store yet at /x.db"))
                .render(DocumentFormat.MARKDOWN);
        assertThat(md).contains("- Latest results: none — no store yet at /x.db").doesNotContain("**Latest result**");
    }
}
