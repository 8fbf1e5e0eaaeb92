package dev.runbook.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the launcher as a separate process, as a user would, and captures its exit code and output. */
final class Launch {
    /** What a process gave. */
    record Outcome(int exit, String out, String err) {
    }

    private final Map<String, String> env = new HashMap<>();
    private final List<String> jvm = new ArrayList<>();
    /** The class path of the child JVM; null: this test JVM's. */
    private String classPath;
    /** Words put before the java command (e.g. setpriv, to run the launcher as an unprivileged user). */
    private final List<String> prefix = new ArrayList<>();
    /** A hang guard, not a speed bound: how long a launcher process may take before the test gives up. */
    private long timeoutSeconds = 60;

    static Launch withFixtures(Path stateHome) {
        Launch l = new Launch();
        l.jvm.add("-D" + Verb.SOURCE_PROPERTY + "=" + FixtureRunbooks.class.getName());
        l.env.put("XDG_STATE_HOME", stateHome.toString());
        return l;
    }

    static Launch plain(Path stateHome) {
        Launch l = new Launch();
        l.env.put("XDG_STATE_HOME", stateHome.toString());
        return l;
    }

    /** A longer hang guard, for tests that keep the machine busy on purpose (the store torture test). */
    Launch timeoutSeconds(long seconds) {
        this.timeoutSeconds = seconds;
        return this;
    }

    /** Runs the java command through these words first, e.g. {@code setpriv --reuid=65534 …}. */
    Launch prefix(String... words) {
        prefix.addAll(List.of(words));
        return this;
    }

    /** Starts the child JVM with this class path instead of the test JVM's. */
    Launch classPath(String cp) {
        this.classPath = cp;
        return this;
    }

    /** The class path a child JVM gets by default: the test JVM's. */
    static String testClassPath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    Launch env(String k, String v) {
        env.put(k, v);
        return this;
    }

    /**
     * Starts the launcher without waiting for it (for a test that kills it half-way); its output goes to
     * {@code out} and {@code err}. The caller ends it.
     */
    Process start(Path cwd, Path out, Path err, String... args) throws IOException {
        ProcessBuilder pb = builder(cwd, args);
        pb.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
        Process p = pb.start();
        p.getOutputStream().close();
        return p;
    }

    Outcome run(Path cwd, String... args) throws IOException, InterruptedException {
        ProcessBuilder pb = builder(cwd, args);
        List<String> cmd = pb.command();
        Path out = Files.createTempFile("runbook-out", ".txt");
        Path err = Files.createTempFile("runbook-err", ".txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
        Process p = pb.start();
        p.getOutputStream().close();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("launcher did not finish within " + timeoutSeconds + " s: " + cmd);
        }
        Outcome o = new Outcome(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
        return o;
    }

    private ProcessBuilder builder(Path cwd, String... args) {
        String cp = classPath != null ? classPath : testClassPath();
        List<String> cmd = new ArrayList<>(prefix);
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("-XX:+UseSerialGC");
        // as the runbook script and the installed launcher do: no hsperfdata file, whose "locked by another process"
        // warning the JVM prints on stdout when a pid's stale file is still held (it broke JSON output in a test)
        cmd.add("-XX:-UsePerfData");
        cmd.addAll(jvm);
        cmd.add("-cp");
        cmd.add(cp.replace(File.pathSeparator + File.pathSeparator, File.pathSeparator));
        cmd.add(Main.class.getName());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile());
        pb.environment().remove("NO_COLOR");
        pb.environment().putAll(env);
        return pb;
    }
}
