package dev.runbook.runtime.output;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.core.model.Runbook;
import dev.runbook.core.spi.TypeRegistry;
import dev.runbook.yaml.LoadResult;
import dev.runbook.yaml.RunbookLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plan in words: fire times in the runbook's zone, steps, thresholds, dependencies, incidents, stray checks. */
class PlanTextTest {
    @TempDir
    Path dir;

    Runbook runbook() throws Exception {
        Path file = dir.resolve("ops.yaml");
        Files.writeString(file, String.join("\n",
                "runbook: ops",
                "title: Web Operations",
                "version: 1",
                "timezone: Asia/Tokyo",
                "checks:",
                "  disk: { type: disk, title: Disk usage, path: /, warning: 80%, critical: 90%, incident: P2 }",
                "  up: { type: command, run: [\"true\"], expect: { exit: 0 }, depends_on: [disk] }",
                "  spare: { type: command, title: Spare, run: [\"true\"], expect: { exit: 0 } }",
                "notifiers:",
                "  ops: { type: webhook, url: \"http://127.0.0.1:9/hook\" }",
                "escalation:",
                "  levels:",
                "    P2: { title: Partial service outage, respond: 30m, notify: [ops] }",
                "procedures:",
                "  morning-check:",
                "    title: Morning Check",
                "    schedule: daily 09:00",
                "    steps:",
                "      - disk",
                "      - { manual: \"Look at the dashboard\" }",
                "  evening-check: { title: Evening Check, steps: [ up ] }",
                ""));
        LoadResult loaded = new RunbookLoader(TypeRegistry.load(), Map.of(), Clock.systemUTC()).load(file);
        assertThat(loaded.errors()).isEmpty();
        return loaded.runbook();
    }

    @Test
    void everyProcedureWithItsNextFireTimesStepsAndChecksThenTheChecksInNoProcedure() throws Exception {
        Runbook rb = runbook();
        ZonedDateTime now = LocalDateTime.of(2027, 3, 12, 10, 0).atZone(ZoneId.of("Asia/Tokyo"));

        String text = PlanText.render(rb, null, now, Style.PLAIN);

        assertThat(text).startsWith("Web Operations  (ops, time zone Asia/Tokyo)\n\nMorning Check  (--procedure morning-check)\n");
        assertThat(text).contains("  schedule: daily 09:00 — next: Sat 2027-03-13 09:00 +09:00; "
                + "Sun 2027-03-14 09:00 +09:00; Mon 2027-03-15 09:00 +09:00\n");
        assertThat(text).containsPattern("\n  2\\. Look at the dashboard  \\[manual: confirmed at the terminal\\]\n");
        assertThat(text).contains("       - disk (disk): Disk usage\n",
                "       CRITICAL opens a P2 incident (Partial service outage)\n");
        assertThat(text).contains("Evening Check  (--procedure evening-check)\n  schedule: none (run by hand)\n",
                "       - up (command)\n           depends on disk (skipped if one is CRITICAL or UNKNOWN)\n");
        assertThat(text).endsWith("\nChecks in no procedure (run with --check ID, or all with no option)\n"
                + "  - spare (command): Spare\n");
        assertThat(text).doesNotContain("\u001b[");
    }

    @Test
    void oneProcedureLeavesTheOthersAndTheStrayChecksOut() throws Exception {
        String text = PlanText.render(runbook(), "evening-check",
                LocalDateTime.of(2027, 3, 12, 10, 0).atZone(ZoneId.of("Asia/Tokyo")), Style.ANSI);

        assertThat(text).contains("(--procedure evening-check)", "- up (command)");
        assertThat(text).doesNotContain("morning-check", "spare", "Checks in no procedure");
        assertThat(text).contains("\u001b[");
    }
}
