package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The launcher only parses, calls the runtime and prints: its main sources stay well under half of the 5,750
 * lines they had when the scheduler, renderers, reports and wiring still lived here, and the embedding example
 * uses the library alone.
 */
class LauncherStaysThinTest {
    /** The size of examples/src/main before runbook-runtime and runbook-reports took their parts out. */
    static final int BEFORE = 5_750;

    static List<Path> sources() throws IOException {
        try (Stream<Path> s = Files.walk(Path.of("src", "main", "java"))) {
            return s.filter(p -> p.toString().endsWith(".java")).toList();
        }
    }

    @Test
    void mainSourcesAreWellUnderHalfOfWhatTheyWere() throws IOException {
        long lines = 0;
        for (Path p : sources()) {
            lines += Files.readAllLines(p).size();
        }
        assertThat(lines).as("lines in examples/src/main/java").isLessThanOrEqualTo(BEFORE * 45L / 100);
    }

    @Test
    void theEmbeddingExampleImportsNoLauncherClass() throws IOException {
        for (Path p : sources()) {
            if (p.toString().contains("/examples/")) {
                assertThat(Files.readString(p)).as(p.toString()).doesNotContain("import dev.runbook.cli")
                        .doesNotContain("import picocli");
            }
        }
    }

    @Test
    void noRendererOrSchedulerIsLeftInTheLauncher() throws IOException {
        for (Path p : sources()) {
            assertThat(p.toString()).doesNotContain("/cli/output/").doesNotContain("/cli/daemon/")
                    .doesNotContain("/reports/");
        }
    }
}
