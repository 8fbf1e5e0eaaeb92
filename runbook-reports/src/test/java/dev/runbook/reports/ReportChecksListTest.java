package dev.runbook.reports;

import static dev.runbook.reports.ReportFixture.TOKYO;
import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.core.ManualClock;
import dev.runbook.core.model.Runbook;
import dev.runbook.core.spi.TypeRegistry;
import dev.runbook.yaml.LoadResult;
import dev.runbook.yaml.RunbookLoader;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * runbook-format §8 [1.1]: a report's optional {@code checks:} list limits {@code services} (and
 * {@code performance}) to the checks it names, in its order; the seed's daily report lists three checks, not 28.
 */
class ReportChecksListTest {
    @TempDir
    Path dir;

    private LoadResult load(String checksLine) throws Exception {
        String ops;
        try (InputStream in = ReportChecksListTest.class.getResourceAsStream("/reports/ops.yaml")) {
            ops = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        ops = ops.replace("reports:\n", "reports:\n  status:\n    title: Status\n    period: day\n"
                + "    sections: [services]\n" + checksLine);
        Path f = dir.resolve("ops.yaml");
        Files.writeString(f, ops);
        return new RunbookLoader(TypeRegistry.load(), Map.of(), Clock.systemUTC()).load(f);
    }

    @Test
    void servicesListOnlyTheListedChecksInTheirOrder() throws Exception {
        LoadResult r = load("    checks: [disk, health]\n");
        assertThat(r.errors()).isEmpty();
        Runbook rb = r.runbook();
        assertThat(rb.reports().get("status").checks()).containsExactly("disk", "health");
        Path store = dir.resolve("state/ops.db");
        ReportFixture.history(store);
        ManualClock clock = new ManualClock(ReportFixture.tokyo(10, 21, 17, 30), TOKYO);
        String t = ReportFixture.render(rb, store, "status", LocalDate.of(2026, 10, 21), "text", clock);
        assertThat(t).endsWith("■ Service Status\n- Disk usage: Warning\n- Health check: Normal\n");
        assertThat(t).doesNotContain("CPU usage", "Memory usage", "Latest backup");
        // without the list, every check with results of the day
        String daily = ReportFixture.render(rb, store, "daily", LocalDate.of(2026, 10, 21), "text", clock);
        assertThat(daily).contains("- CPU usage: Normal\n", "- Memory usage: Normal\n", "- Latest backup: Normal\n");
    }

    @Test
    void anUnknownCheckInTheListIsAnErrorAtItsLine() throws Exception {
        LoadResult r = load("    checks: [disk, helth]\n");
        assertThat(r.isValid()).isFalse();
        assertThat(r.errors().toString()).contains("report 'status' checks names unknown check 'helth'", "health");
        assertThat(r.errors().get(0).toString()).contains("ops.yaml:");
    }
}
