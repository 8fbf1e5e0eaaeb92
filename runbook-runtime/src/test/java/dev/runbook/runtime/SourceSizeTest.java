package dev.runbook.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** No main source file of runbook-runtime or runbook-reports grows past about 600 lines. */
class SourceSizeTest {
    @Test
    void noMainSourceFileIsOver600Lines() throws IOException {
        for (Path root : List.of(Path.of("src", "main", "java"), Path.of("..", "runbook-reports", "src", "main", "java"))) {
            try (Stream<Path> s = Files.walk(root)) {
                for (Path p : s.filter(f -> f.toString().endsWith(".java")).toList()) {
                    assertThat(Files.readAllLines(p).size()).as(p.toString()).isLessThanOrEqualTo(600);
                }
            }
        }
    }
}
