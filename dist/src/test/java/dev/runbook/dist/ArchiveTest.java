package dev.runbook.dist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.dist.Installation.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The self-contained archive as an operator uses it: unpacked into a directory of its own and run with no Java on
 * the {@code PATH} and no {@code JAVA_HOME}.
 */
class ArchiveTest {
    @TempDir
    static Path dir;
    static Path home;
    static Map<String, String> env;

    @BeforeAll
    static void unpack() throws Exception {
        Path unpacked = Files.createDirectories(dir.resolve("opt"));
        Installation.tool(unpacked, "tar", "-xzf", Installation.archive().toAbsolutePath().toString()).ok();
        home = unpacked.resolve("runbook-" + Installation.version());
        env = Installation.environment(dir);
    }

    private static Result runbook(Map<String, String> environment, String... args) throws Exception {
        String[] command = Stream.concat(Stream.of(home.resolve("bin/runbook").toString()), Stream.of(args))
                .toArray(String[]::new);
        return Installation.run(dir, environment, command);
    }

    private static Map<String, String> withoutArchive() {
        Map<String, String> e = new java.util.HashMap<>(env);
        e.put("RUNBOOK_NO_CDS", "1");   // no background training racing the temp dir's cleanup
        return e;
    }

    @Test
    void validatesTheHostExampleWithoutJavaOnThePath() throws Exception {
        Result r = runbook(withoutArchive(), "validate", home.resolve("examples/host/runbook.yaml").toString()).ok();
        assertThat(r.out()).contains("valid").contains("6 checks");
    }

    @Test
    void runsTheHostExampleWithoutJavaOnThePathAndStoresTheResults() throws Exception {
        Result r = runbook(withoutArchive(), "run", home.resolve("examples/host/runbook.yaml").toString(),
                "--format", "nagios");
        // 0, 1 or 2 is the host's state (a busy build machine may well be WARNING); 3 would be "could not run"
        assertThat(r.exitCode()).as(r.toString()).isBetween(0, 2);
        assertThat(r.out()).startsWith("RUNBOOK ").contains("'disk.used'=").contains("'memory.used'=")
                .contains("'zombies.zombies'=");
        assertThat(dir.resolve("state/host.db")).as("the history store of the run").isRegularFile();
    }

    @Test
    void namesTheVersionAndTheBuild() throws Exception {
        Result r = runbook(withoutArchive(), "--version").ok();
        String commit = Installation.tool(Installation.repo(), "git", "rev-parse", "--short=12", "HEAD").out().trim();
        assertThat(Installation.lines(r.out())).startsWith("runbook " + Installation.version(),
                "build " + (commit.matches("[0-9a-f]{12}") ? commit : "unknown"));
    }

    @Test
    void bundlesARuntimeWithTheModulesTheChecksNeedAndNoMore() throws Exception {
        Result r = Installation.run(dir, env, home.resolve("runtime/bin/java").toString(), "--list-modules").ok();
        assertThat(r.out()).contains("java.sql@", "jdk.httpserver@", "java.naming@", "jdk.crypto.ec@",
                "java.management@", "jdk.unsupported@");
        assertThat(r.out()).doesNotContain("jdk.compiler@", "java.compiler@", "jdk.jshell@", "jdk.jlink@");
        assertThat(home.resolve("app/native/libsqlitejdbc.so")).isRegularFile();
    }

    @Test
    void firstStartMakesAClassDataSharingArchiveThatLaterStartsUse() throws Exception {
        if (Files.isRegularFile(home.resolve("app/runbook.aot"))) {
            // a runtime with an ahead-of-time cache (built with JDK 24+) ships it: it must map
            Map<String, String> e = new java.util.HashMap<>(env);
            e.put("RUNBOOK_JAVA_OPTS", "-XX:AOTMode=on");
            runbook(e, "--version").ok();
            return;
        }
        Path cds = dir.resolve("home/.local/state/runbook/cds");
        runbook(env, "--version").ok();
        // the archive is made in the background by a training run; wait for it (a hang guard, not a speed limit)
        long until = System.nanoTime() + Installation.GUARD_SECONDS * 1_000_000_000L;
        while (!archiveDone(cds) && System.nanoTime() < until) {
            Thread.sleep(200);
        }
        assertThat(archiveDone(cds)).as("an archive in %s", cds).isTrue();
        // -Xshare:on turns an archive that does not fit this installation into an error instead of a slow start
        Map<String, String> e = new java.util.HashMap<>(env);
        e.put("RUNBOOK_JAVA_OPTS", "-Xshare:on -Xlog:class+load=info");
        Result r = runbook(e, "--version").ok();
        assertThat(r.out()).contains("dev.runbook.cli.Main source: shared objects file");
    }

    private static boolean archiveDone(Path cds) throws IOException {
        if (!Files.isDirectory(cds)) {
            return false;
        }
        try (Stream<Path> s = Files.list(cds)) {
            var names = s.map(p -> p.getFileName().toString()).toList();
            return names.stream().anyMatch(n -> n.endsWith(".jsa")) && names.stream().noneMatch(n -> n.endsWith(".tmp"));
        }
    }
}
