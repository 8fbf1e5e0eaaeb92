package dev.runbook.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What the dist tests share: where the package phase left the archive and the .deb, and running a command of an
 * installation as an operator would, with a {@code PATH} that holds no Java and no {@code JAVA_HOME}. Not
 * thread-safe; each call blocks until the process ends (bounded by a generous hang guard, not a speed limit).
 */
final class Installation {
    /** A hang guard for one command on a loaded 2-core machine; never reached by a working build. */
    static final long GUARD_SECONDS = 300;

    /** The tools the launcher and the host example's command check use, and nothing else (no java). */
    private static final List<String> TOOLS = List.of("bash", "sh", "env", "sed", "cat", "cksum", "cut", "mkdir",
            "dirname", "readlink", "flock", "mv", "rm", "ps", "grep", "tr", "head");

    private Installation() {
    }

    static Path distDir() {
        return Path.of(System.getProperty("dist.dir", "target"));
    }

    static String version() {
        return System.getProperty("dist.version", "0.1.0-SNAPSHOT");
    }

    static Path repo() {
        return Path.of(System.getProperty("dist.repo", ".."));
    }

    static Path archive() {
        Path p = distDir().resolve("runbook-" + version() + "-linux-x64.tar.gz");
        assertThat(p).as("the archive the package phase builds").isRegularFile();
        return p;
    }

    static Path debianPackage() {
        Path p = distDir().resolve("runbook_" + version().replace('-', '~') + "_amd64.deb");
        assertThat(p).as("the Debian package the package phase builds").isRegularFile();
        return p;
    }

    /**
     * A directory of links to the few tools the launcher needs, checked to hold no {@code java}: the {@code PATH}
     * of a machine without Java. (Here /usr/bin itself has a java, so PATH=/usr/bin:/bin would prove nothing.)
     */
    static Path pathWithoutJava(Path dir) throws IOException {
        Path bin = Files.createDirectories(dir.resolve("path-without-java"));
        for (String tool : TOOLS) {
            Path target = Path.of("/usr/bin", tool);
            if (!Files.isExecutable(target)) {
                target = Path.of("/bin", tool);
            }
            assertThat(target).as("the tool %s the launcher needs", tool).isExecutable();
            Files.createSymbolicLink(bin.resolve(tool), target);
        }
        assertThat(bin.resolve("java")).doesNotExist();
        return bin;
    }

    /** The environment of an operator's shell on a machine without Java; state and home under {@code dir}. */
    static Map<String, String> environment(Path dir) throws IOException {
        Map<String, String> env = new HashMap<>();
        env.put("PATH", pathWithoutJava(dir).toString());
        env.put("HOME", Files.createDirectories(dir.resolve("home")).toString());
        env.put("RUNBOOK_STATE_DIR", dir.resolve("state").toString());
        env.put("LANG", "C.UTF-8");
        return env;
    }

    /** Runs {@code command} with exactly {@code env} (no inherited variable) in {@code cwd}. */
    static Result run(Path cwd, Map<String, String> env, String... command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(cwd.toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        Path out = Files.createTempFile("dist-out", ".txt");
        Path err = Files.createTempFile("dist-err", ".txt");
        try {
            pb.redirectOutput(out.toFile()).redirectError(err.toFile());
            Process p = pb.start();
            if (!p.waitFor(GUARD_SECONDS, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new AssertionError("still running after " + GUARD_SECONDS + " s: " + String.join(" ", command));
            }
            return new Result(List.of(command), p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** Runs a tool of this machine (tar, dpkg-deb, systemd-analyze) with the inherited environment. */
    static Result tool(Path cwd, String... command) throws IOException, InterruptedException {
        return run(cwd, new HashMap<>(System.getenv()), command);
    }

    static List<String> lines(String s) {
        return new ArrayList<>(s.lines().toList());
    }

    /** A finished command: its exit code and what it printed. */
    record Result(List<String> command, int exitCode, String out, String err) {
        /** Asserts exit code 0, showing everything printed when it is not. */
        Result ok() {
            assertThat(exitCode).as("exit code of %s%nstdout: %s%nstderr: %s", command, out, err).isZero();
            return this;
        }

        @Override
        public String toString() {
            return command + " -> " + exitCode + "\nstdout: " + out + "\nstderr: " + err;
        }
    }
}
