package dev.runbook.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Dependencies between core's packages go one way: the ports and the model never depend on the engine. */
class PackageDependencyTest {
    private static final Path MAIN = Path.of("src/main/java/dev/runbook/core");

    private static List<String> importersOf(String pkg, Path under) throws IOException {
        try (Stream<Path> files = Files.walk(under)) {
            return files.filter(f -> f.toString().endsWith(".java")).filter(f -> {
                try {
                    return Files.readString(f).contains("import " + pkg + ".");
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }).map(f -> MAIN.relativize(f).toString()).toList();
        }
    }

    @Test
    void theHistoryPortsDoNotDependOnTheEngine() throws IOException {
        assertThat(importersOf("dev.runbook.core.engine", MAIN.resolve("history"))).isEmpty();
    }

    @Test
    void onlyTheEngineReachesIntoItsInternals() throws IOException {
        List<String> outside;
        try (Stream<Path> dirs = Files.list(MAIN)) {
            outside = dirs.filter(Files::isDirectory).filter(d -> !d.getFileName().toString().equals("engine"))
                    .flatMap(d -> {
                        try {
                            return importersOf("dev.runbook.core.engine.internal", d).stream();
                        } catch (IOException e) {
                            throw new IllegalStateException(e);
                        }
                    }).toList();
        }
        assertThat(outside).isEmpty();
        assertThat(importersOf("dev.runbook.core.engine.internal", MAIN.resolve("engine")))
                .allSatisfy(f -> assertThat(f).matches("engine/(Engine\\.java|internal/.*)"));
    }
}
