package dev.runbook.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No main source file of the loader or of the DSL grows past ~600 lines (issue 11): the Assembler once held 1,942
 * lines. Reads the sources from the module directory Maven runs tests in.
 */
class SourceSizeTest {
    static final int MAX_LINES = 600;

    static List<String> oversized(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(f -> f.toString().endsWith(".java")).filter(f -> {
                try {
                    return Files.readAllLines(f).size() > MAX_LINES;
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).map(Path::toString).toList();
        }
    }

    @Test
    void noLoaderOrDslSourceIsOverSixHundredLines() throws IOException {
        Path loader = Path.of("src/main/java/dev/runbook/yaml");
        Path dsl = Path.of("../runbook-core/src/main/java/dev/runbook/dsl");
        assertThat(loader).isDirectory();
        assertThat(dsl).isDirectory();
        assertThat(oversized(loader)).isEmpty();
        assertThat(oversized(dsl)).isEmpty();
    }
}
