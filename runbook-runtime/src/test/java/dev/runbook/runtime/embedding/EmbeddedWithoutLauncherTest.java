package dev.runbook.runtime.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.runtime.sandbox.DemoSandbox;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The done-when of "a library, not a launcher": an application whose classpath is only the library modules (this
 * module and its runtime-scope dependencies, as Maven resolves them; no picocli, no slf4j backend, no examples jar)
 * runs the seed runbook on its schedule against the demo's sandbox, with SQLite history, incidents and
 * notifications, through one {@code RunbookRuntime}, in a child JVM.
 */
class EmbeddedWithoutLauncherTest {
    @TempDir
    Path dir;

    static List<String> libraryClasspath() throws Exception {
        Path file = Path.of("target", "runtime-classpath.txt");
        assertThat(file).as("written by maven-dependency-plugin:build-classpath in generate-test-resources").exists();
        List<String> cp = new ArrayList<>();
        cp.add(Path.of("target", "classes").toAbsolutePath().toString());
        for (String e : Files.readString(file, StandardCharsets.UTF_8).strip().split(File.pathSeparator)) {
            if (!e.isBlank()) {
                cp.add(e);
            }
        }
        return cp;
    }

    @Test
    void theLibraryClasspathHasNoCliNoLoggingBackendAndNoLauncher() throws Exception {
        List<String> cp = libraryClasspath();
        assertThat(cp).anyMatch(e -> e.contains("runbook-core")).anyMatch(e -> e.contains("runbook-incidents"))
                .anyMatch(e -> e.contains("sqlite-jdbc")).anyMatch(e -> e.contains("slf4j-api"));
        assertThat(cp).noneMatch(e -> e.contains("picocli")).noneMatch(e -> e.contains("slf4j-simple"))
                .noneMatch(e -> e.contains("logback")).noneMatch(e -> e.contains("log4j"))
                .noneMatch(e -> e.contains(File.separator + "examples" + File.separator) || e.contains("examples-"));
    }

    @Test
    @Timeout(240)
    void theSeedRunbookRunsOnScheduleWithHistoryIncidentsAndNotifications() throws Exception {
        Path seed = Path.of("..", "examples", "ai-estimator").toAbsolutePath().normalize();
        Path book = Files.createDirectories(dir.resolve("runbook"));
        try (Stream<Path> files = Files.list(seed)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                Files.copy(f, book.resolve(f.getFileName()));
            }
        }
        Path main = Files.createDirectories(dir.resolve("app/dev/runbook/runtime/embedding"));
        Path compiled = Path.of("target", "test-classes", "dev", "runbook", "runtime", "embedding");
        try (Stream<Path> classes = Files.list(compiled)) {
            for (Path c : classes.filter(c -> c.getFileName().toString().startsWith("SeedOnSchedule")).toList()) {
                Files.copy(c, main.resolve(c.getFileName()));
            }
        }
        List<String> cp = libraryClasspath();
        cp.add(dir.resolve("app").toString());

        try (DemoSandbox sandbox = DemoSandbox.create(dir.resolve("sandbox"), ZoneId.of("Asia/Tokyo"))) {
            sandbox.breakUnit("estimator", true); // its restart fails: the remediation escalates
            List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:-UsePerfData", "-cp", String.join(File.pathSeparator, cp), SeedOnSchedule.class.getName(),
                    book.resolve("runbook.yaml").toString(), sandbox.notificationsFile().toString());
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
            pb.environment().clear();
            pb.environment().putAll(sandbox.environment());
            Path log = dir.resolve("child.txt");
            pb.redirectOutput(log.toFile());
            Process p = pb.start();
            try {
                assertThat(p.waitFor(200, TimeUnit.SECONDS)).as("the child finished").isTrue();
            } finally {
                p.destroyForcibly();
            }
            String out = Files.readString(log, StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as(out).isZero();
            Map<String, String> said = new LinkedHashMap<>();
            out.lines().filter(l -> l.matches("[a-z0-9_]+=.*")).forEach(l -> said.put(l.substring(0, l.indexOf('=')),
                    l.substring(l.indexOf('=') + 1)));
            assertThat(said).as(out).containsEntry("picocli", "false").containsEntry("slf4j_backend", "false")
                    .containsEntry("launcher", "false").containsEntry("recorded", "true").containsEntry("fired", "1");
            assertThat(said.get("scheduled")).as(out).isNotEqualTo("none");
            assertThat(said.get("status")).as(out).isIn("OK", "WARNING", "CRITICAL", "UNKNOWN");
            assertThat(Integer.parseInt(said.get("stored_checks"))).as(out).isPositive();
            assertThat(Integer.parseInt(said.get("incidents"))).as(out).isPositive();
            assertThat(Integer.parseInt(said.get("notifications"))).as(out).isPositive();
        }
    }
}
