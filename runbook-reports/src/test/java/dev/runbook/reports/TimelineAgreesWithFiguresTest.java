package dev.runbook.reports;

import static dev.runbook.reports.ReportFixture.TOKYO;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbook.core.ManualClock;
import dev.runbook.core.Status;
import dev.runbook.core.model.Runbook;
import dev.runbook.core.quantity.Quantity;
import dev.runbook.core.quantity.Unit;
import dev.runbook.store.SqliteRunStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTML availability timeline states the same availability and downtime as the availability section's figures:
 * a report computes each check's availability once, and the chart draws that one. (Before, the timeline estimated
 * the check's interval from the period's last two days and could disagree with the section's figure.)
 */
class TimelineAgreesWithFiguresTest {
    static final Instant MONDAY = ReportFixture.tokyo(10, 19, 0, 0);
    static final LocalDate NEXT_MONDAY = LocalDate.of(2026, 10, 26);

    @TempDir
    Path dir;

    @Test
    void theTimelineSaysTheSectionsDowntime() throws Exception {
        Runbook rb = ReportFixture.load(dir);
        Path storeFile = dir.resolve("state/ops.db");
        ManualClock clock = new ManualClock(MONDAY, TOKYO);
        // health every 5 minutes Monday to Friday, every 30 minutes over the weekend, CRITICAL on Sunday at noon
        try (SqliteRunStore s = SqliteRunStore.open(storeFile, Duration.ofDays(400), clock)) {
            for (int d = 0; d < 7; d++) {
                int step = d < 5 ? 5 : 30;
                for (int m = 0; m < 1440; m += step) {
                    Instant t = MONDAY.plus(Duration.ofDays(d)).plus(Duration.ofMinutes(m));
                    Status st = d == 6 && m == 720 ? Status.CRITICAL : Status.OK;
                    clock.set(t);
                    ReportFixture.record(s, t, ReportFixture.result("health", t, st, Unit.SECONDS,
                            Map.of("latency", 0.01), List.of()));
                }
            }
        }
        clock.set(ReportFixture.tokyo(10, 26, 10, 0));
        JsonNode h = new ObjectMapper().readTree(ReportFixture.render(rb, storeFile, "weekly", NEXT_MONDAY, "json", clock))
                .get("sections").get("availability").get("checks").get(0);
        // the newest gaps say 5 minutes: the CRITICAL result covers twice that
        assertThat(h.get("downtime_s").asLong()).isEqualTo(600);
        String html = ReportFixture.render(rb, storeFile, "weekly", NEXT_MONDAY, "html", clock);
        String downtime = Quantity.humanize(h.get("downtime_s").asLong(), Unit.SECONDS);
        assertThat(html).contains(String.format(java.util.Locale.ROOT, "%.2f %%", h.get("availability").asDouble())
                + ", downtime " + downtime + ",");
    }
}
