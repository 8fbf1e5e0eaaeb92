package dev.runbook.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shape the architecture promises, checked over every module's main sources: no main source file over 600
 * lines (issue "A library, not a launcher"; the launcher's own size is LauncherStaysThinTest's). It reads the
 * sources as text from the repository root, so it sees every module, including those this one does not depend on.
 */
class SourceShapeTest {

    /** architecture.md: "no main source file over ~600 lines". */
    static final int MAX_LINES = 600;

    private static Path root;
    private static List<Path> mainSources;

    @BeforeAll
    static void findSources() throws IOException {
        root = Path.of("").toAbsolutePath();
        while (root != null && !Files.exists(root.resolve("runbook-core"))) {
            root = root.getParent();
        }
        assertThat(root).as("the repository root (a folder holding runbook-core)").isNotNull();
        try (Stream<Path> walk = Files.walk(root)) {
            mainSources = walk.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> root.relativize(p).toString().contains("src/main/java/"))
                    .filter(p -> !root.relativize(p).toString().contains("/target/"))
                    .sorted()
                    .collect(Collectors.toList());
        }
        assertThat(mainSources).as("main sources found under %s", root).hasSizeGreaterThan(100);
    }

    @Test
    void noMainSourceFileIsOverSixHundredLines() {
        Map<String, Integer> tooLong = new TreeMap<>();
        for (Path p : mainSources) {
            int lines = lines(p).size();
            if (lines > MAX_LINES) {
                tooLong.put(root.relativize(p).toString(), lines);
            }
        }
        assertThat(tooLong).as("main source files over %d lines (split them along their seams)", MAX_LINES).isEmpty();
    }

    private static List<String> lines(Path p) {
        try {
            return Files.readAllLines(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
