package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.runtime.output.RunFormat;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FastRunTest {
    private static RunCommand parse(String... args) {
        return FastRun.parse(new Main(Map.of()), args);
    }

    @Test
    void parsesEveryRunOptionInBothSpellings() {
        RunCommand r = parse("--operator", "alice", "--no-color", "run", "rb.yaml", "--check", "disk", "--check=health",
                "--format=JSON", "--output", "out.json", "--dry-run", "--no-actions", "--plugins=plugins");
        assertThat(r).isNotNull();
        assertThat(r.file).isEqualTo(Path.of("rb.yaml"));
        assertThat(r.checks).containsExactly("disk", "health");
        assertThat(r.format).isEqualTo(RunFormat.JSON);
        assertThat(r.output).isEqualTo(Path.of("out.json"));
        assertThat(r.dryRun).isTrue();
        assertThat(r.noActions).isTrue();
        assertThat(r.operator()).isEqualTo("alice");
        assertThat(r.pluginsDir()).isEqualTo(Path.of("plugins"));
        assertThat(parse("run", "rb.yaml", "--procedure", "morning-check").procedure).isEqualTo("morning-check");
        assertThat(parse("run", "rb.yaml").format).isEqualTo(RunFormat.TEXT);
    }

    @Test
    void leavesEverythingElseToPicocli() {
        assertThat(parse("run", "rb.yaml", "--help")).isNull();
        assertThat(parse("run", "rb.yaml", "--format", "yaml")).isNull();
        assertThat(parse("run", "rb.yaml", "--bogus")).isNull();
        assertThat(parse("run", "rb.yaml", "other.yaml")).isNull();
        assertThat(parse("run")).isNull();
        assertThat(parse("run", "rb.yaml", "--check")).isNull();
        assertThat(parse("validate", "rb.yaml")).isNull();
        assertThat(parse("--dry-run", "run", "rb.yaml")).isNull();
        assertThat(parse("run", "rb.yaml", "--dry-run=true")).isNull();
    }
}
