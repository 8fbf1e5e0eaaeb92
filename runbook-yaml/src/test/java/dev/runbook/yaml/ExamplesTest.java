package dev.runbook.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.core.Status;
import dev.runbook.core.model.Runbook;
import dev.runbook.core.model.Step;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The example runbooks load against spec-shaped stand-ins of the built-in types (SpecTypes). */
class ExamplesTest {
    static final Path EXAMPLES = findExamples();

    static Path findExamples() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("examples/ai-estimator"))) {
            p = p.getParent();
        }
        return p == null ? Path.of("../examples") : p.resolve("examples");
    }

    static LoadResult load(String name) {
        return new RunbookLoader(SpecTypes.registry(), Map.of("HOME", "/home/op"), Clock.systemUTC())
                .load(EXAMPLES.resolve(name));
    }

    @Test
    void seedRunbookLoadsWithOnlyTheMissingSecretWarnings() {
        LoadResult r = load("ai-estimator/runbook.yaml");
        assertThat(r.errors()).isEmpty();
        assertThat(r.warnings()).extracting(Problem::message).allMatch(m -> m.startsWith("secret ")).hasSize(3);
        Runbook rb = r.runbook();
        assertThat(rb.procedures()).containsKeys("morning-check", "evening-check", "daily-report", "weekly-check",
                "monthly-check", "planned-maintenance");
        assertThat(rb.procedures().get("morning-check").schedules().toString()).contains("09:00");
        assertThat(rb.escalation().levels()).containsOnlyKeys("P1", "P2", "P3", "P4");
        assertThat(rb.check("health").remediationFor(Status.CRITICAL).steps()).extracting(Step::title)
                .containsExactly("Restart estimator", "Restart Apache", "wait 30s", "recheck health", "escalate P1");
        assertThat(rb.slos()).containsOnlyKeys("availability", "latency", "error-rate");
        assertThat(rb.reports()).containsOnlyKeys("daily", "weekly", "monthly");
        assertThat(rb.notifiers()).containsOnlyKeys("ops-webhook", "ops-email", "console", "archive");
        assertThat(r.store().path()).isEqualTo(EXAMPLES.resolve("ai-estimator/state/ai-estimator.db").normalize());
    }

    @Test
    void hostRunbookLoadsCleanly() {
        LoadResult r = load("host/runbook.yaml");
        assertThat(r.problems()).isEmpty();
        assertThat(r.runbook().checks()).containsKeys("cpu", "memory", "disk", "load", "processes", "zombies");
    }

    @Test
    void problemsNameTheFileAsGivenWhenRelative() {
        Path cwd = Path.of("").toAbsolutePath();
        Path given = cwd.relativize(EXAMPLES.resolve("ai-estimator/runbook.yaml").toAbsolutePath().normalize());
        LoadResult r = new RunbookLoader(SpecTypes.registry(), Map.of(), Clock.systemUTC()).load(given);
        assertThat(r.warnings()).isNotEmpty().allSatisfy(p -> assertThat(p.file()).isEqualTo(given));
    }
}
