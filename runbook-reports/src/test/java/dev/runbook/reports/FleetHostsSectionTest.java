package dev.runbook.reports;

import static dev.runbook.reports.ReportFixture.TOKYO;
import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.core.ManualClock;
import dev.runbook.core.Status;
import dev.runbook.core.model.Runbook;
import dev.runbook.store.Store;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reports name a fleet's hosts (runbook-format §10): when more than one host recorded runs in the period, a
 * {@code hosts} section lists each with its runs, in every format; one host's report has no such section.
 */
class FleetHostsSectionTest {
    @TempDir
    Path dir;

    @Test
    void aReportOfTwoHostsListsThemAndOneOfOneHostDoesNot() throws Exception {
        Runbook rb = ReportFixture.load(dir);
        Path file = dir.resolve("fleet.db");
        Instant at = ReportFixture.tokyo(10, 21, 9, 0);
        ManualClock clock = new ManualClock(ReportFixture.tokyo(10, 22, 9, 0), TOKYO);
        try (Store web1 = Store.open(file, null, clock).host("web-1")) {
            ReportFixture.record(web1.runs(), at, ReportFixture.result("health", at, Status.OK, null, Map.of(),
                    List.of()));
        }
        LocalDate day = LocalDate.of(2026, 10, 21);
        assertThat(ReportFixture.render(rb, file, "daily", day, "text", clock)).doesNotContain("Hosts");
        try (Store web2 = Store.open(file, null, clock).host("web-2")) {
            for (int i = 1; i <= 2; i++) {
                Instant t = at.plusSeconds(60L * i);
                ReportFixture.record(web2.runs(), t, ReportFixture.result("health", t, Status.OK, null, Map.of(),
                        List.of()));
            }
        }
        String text = ReportFixture.render(rb, file, "daily", day, "text", clock);
        assertThat(text).contains("Hosts").contains("web-1: 1 run").contains("web-2: 2 runs");
        String json = ReportFixture.render(rb, file, "daily", day, "json", clock);
        assertThat(json).contains("\"hosts\"").contains("\"host\" : \"web-2\"");
    }
}
