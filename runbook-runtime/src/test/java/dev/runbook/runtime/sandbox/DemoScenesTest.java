package dev.runbook.runtime.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.core.model.Runbook;
import dev.runbook.core.spi.TypeRegistry;
import dev.runbook.runtime.output.Style;
import dev.runbook.yaml.LoadResult;
import dev.runbook.yaml.RunbookLoader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The demo's story against a real sandbox, the verbs answered by a stand-in that records what it was asked. */
@Timeout(120)
class DemoScenesTest {
    @TempDir
    Path dir;

    Runbook runbook(String procedures) throws Exception {
        Path file = dir.resolve("ops.yaml");
        Files.writeString(file, String.join("\n",
                "runbook: ops",
                "version: 1",
                "checks:",
                "  health: { type: command, run: [\"true\"], expect: { exit: 0 } }",
                "  api: { type: http, url: \"http://127.0.0.1:9/\" }",
                "procedures:",
                procedures,
                ""));
        LoadResult loaded = new RunbookLoader(TypeRegistry.load(), Map.of(), Clock.systemUTC()).load(file);
        assertThat(loaded.errors()).isEmpty();
        return loaded.runbook();
    }

    @Test
    void playsEveryScenePausesAtTheGateConfirmsThenDeclinesTheNextGate() throws Exception {
        Runbook rb = runbook("  morning-check: { steps: [ health ] }\n  evening-check: { steps: [ api ] }\n"
                + "  planned-maintenance: { steps: [ { manual: \"Tell users\" }, { manual: \"Restart\" } ] }");
        List<String> asked = new ArrayList<>();
        StringWriter out = new StringWriter();
        try (DemoSandbox sandbox = DemoSandbox.create(dir.resolve("sandbox"), ZoneId.of("UTC"))) {
            DemoScenes scenes = new DemoScenes(sandbox, new PrintWriter(out, true), Style.PLAIN, (args, cron, said) -> {
                asked.add((cron ? "cron " : "") + String.join(" ", args));
                if (args.get(0).equals("confirm") || args.contains("planned-maintenance")) {
                    said.println("Run 7 waits for confirmation of step " + (args.get(0).equals("run") ? 1 : 2));
                    return 0;
                }
                said.println("ran " + args.get(0));
                return args.get(0).equals("incidents") ? 0 : 2;
            });

            scenes.play(rb, "ops.yaml");

            assertThat(sandbox.unitState("estimator")).isNotEqualTo("failed");
        }
        assertThat(asked).containsExactly(
                "run ops.yaml --procedure morning-check",
                "run ops.yaml --check health", "incidents ops.yaml",
                "run ops.yaml --check health", "incidents ops.yaml",
                "run ops.yaml --procedure evening-check",
                "cron run ops.yaml --procedure planned-maintenance", "runs ops.yaml",
                "cron confirm ops.yaml 7 --operator demo", "cron confirm ops.yaml 7 --decline --operator demo",
                "runs ops.yaml show 7",
                "history ops.yaml --since 1h");
        String text = out.toString();
        assertThat(text).contains("\n== 1. The morning check (morning-check) — the estimator is stopped",
                "$ runbook run ops.yaml --procedure morning-check\nran run\n  (exit 2)\n",
                "== 2. The estimator breaks", "== 3. Fixed", "== 4. The evening check (evening-check)",
                "== 5. planned-maintenance from cron", "$ runbook confirm ops.yaml 7 --operator demo </dev/null\n",
                "== 6. The history of these runs");
        assertThat(text).contains("(nothing written here: the runbook's escalation decides who is notified");
    }

    @Test
    void withoutTheProceduresAndChecksOnlyTheScenesThatFitArePlayed() throws Exception {
        Runbook rb = runbook("  weekly: { steps: [ api ] }");
        assertThat(DemoScenes.check(rb, "health", "http")).contains("health");
        assertThat(DemoScenes.check(rb, "nothing", "http")).contains("api");
        assertThat(DemoScenes.procedure(rb, "morning")).isEmpty();
        List<String> asked = new ArrayList<>();
        try (DemoSandbox sandbox = DemoSandbox.create(dir.resolve("sandbox"), ZoneId.of("UTC"))) {
            new DemoScenes(sandbox, new PrintWriter(new StringWriter()), Style.PLAIN, (args, cron, said) -> {
                asked.add(String.join(" ", args));
                return 0;
            }).play(runbook("  weekly: { steps: [ api ] }\n  other: { steps: [ health ] }"), "ops.yaml");
        }
        assertThat(asked).containsExactly("run ops.yaml", "run ops.yaml --check health", "incidents ops.yaml",
                "run ops.yaml --check health", "incidents ops.yaml", "history ops.yaml --since 1h");
    }

    @Test
    void copiesTheYamlFilesOfTheGivenRunbooksDirectory() throws Exception {
        Path src = Files.createDirectories(dir.resolve("src/escalation"));
        Files.writeString(dir.resolve("src/runbook.yaml"), "runbook: x\n");
        Files.writeString(src.resolve("levels.yml"), "levels: {}\n");
        Files.writeString(dir.resolve("src/README.md"), "not copied\n");

        Path copy = DemoScenes.copySeed(dir.resolve("into"), dir.resolve("src/runbook.yaml"), null, noJar());

        assertThat(copy).isEqualTo(dir.resolve("into/runbook.yaml"));
        assertThat(copy).hasContent("runbook: x");
        assertThat(dir.resolve("into/escalation/levels.yml")).exists();
        assertThat(dir.resolve("into/README.md")).doesNotExist();
    }

    @Test
    void theSeedFromRunbookHomeElseNoneWhenThisBuildHasNoSeed() throws Exception {
        Files.createDirectories(dir.resolve("home/examples/ai-estimator"));
        Files.writeString(dir.resolve("home/examples/ai-estimator/runbook.yaml"), "runbook: seed\n");

        assertThat(DemoScenes.copySeed(dir.resolve("a"), null, dir.resolve("home").toString(), noJar())).hasContent("runbook: seed");
        // runbook-runtime's tests run in its module directory, and this class loader has no copy of the seed
        assertThat(DemoScenes.copySeed(dir.resolve("b"), null, dir.resolve("nowhere").toString(), noJar())).isNull();
    }

    @Test
    void theJarsCopyComesWithTheEscalationFileItIncludes() throws Exception {
        Path jar = Files.createDirectories(dir.resolve("jar/demo/ai-estimator"));
        Files.writeString(jar.resolve("runbook.yaml"), "runbook: seed\nescalation: { include: escalation.yaml }\n");
        Files.writeString(jar.resolve("escalation.yaml"), "levels: {}\n");
        Files.writeString(jar.resolve("disk.test.yaml"), "tests: []\n");
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.resolve("jar").toUri().toURL()}, null)) {
            Path copy = DemoScenes.copySeed(dir.resolve("c"), null, dir.resolve("nowhere").toString(), loader);

            assertThat(copy).isEqualTo(dir.resolve("c/runbook.yaml"));
            assertThat(copy).content().startsWith("runbook: seed");
            assertThat(dir.resolve("c/escalation.yaml")).hasContent("levels: {}");
            assertThat(dir.resolve("c/disk.test.yaml")).hasContent("tests: []");
        }
    }

    @Test
    void theJarsCopyComesWithTheTestCasesSoRunbookTestWorksOnIt() throws Exception {
        Path jarFile = dir.resolve("runbook.jar");
        try (java.util.jar.JarOutputStream out = new java.util.jar.JarOutputStream(Files.newOutputStream(jarFile))) {
            for (String[] e : new String[][] {{"demo/ai-estimator/runbook.yaml", "runbook: seed\n"},
                    {"demo/ai-estimator/escalation.yaml", "levels: {}\n"},
                    {"demo/ai-estimator/p1.test.yaml", "tests: []\n"},
                    {"demo/ai-estimator/README.md", "not copied\n"},
                    {"demo/other/x.yaml", "not copied\n"}}) {
                out.putNextEntry(new java.util.jar.JarEntry(e[0]));
                out.write(e[1].getBytes(java.nio.charset.StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jarFile.toUri().toURL()}, null)) {
            Path copy = DemoScenes.copySeed(dir.resolve("d"), null, dir.resolve("nowhere").toString(), loader);

            assertThat(copy).isEqualTo(dir.resolve("d/runbook.yaml")).hasContent("runbook: seed");
            assertThat(dir.resolve("d/escalation.yaml")).hasContent("levels: {}");
            assertThat(dir.resolve("d/p1.test.yaml")).hasContent("tests: []");
            assertThat(dir.resolve("d/README.md")).doesNotExist();
            assertThat(dir.resolve("d/x.yaml")).doesNotExist();
        }
    }

    /** A class loader without the seed (nothing on its path, no parent). */
    static ClassLoader noJar() {
        return new URLClassLoader(new URL[0], null);
    }
}
