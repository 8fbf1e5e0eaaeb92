package dev.runbook.runtime.sandbox;

import dev.runbook.core.model.CheckDefinition;
import dev.runbook.core.model.Runbook;
import dev.runbook.runtime.output.Style;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The scenes of {@code runbook demo}, narrated against a {@link DemoSandbox}: the morning check (a stopped service
 * that a restart remediation recovers), a breakdown a restart cannot fix (an incident and its notifications), the
 * fix (the incident resolves itself), the evening check, a maintenance procedure paused at its manual gate and
 * resumed with {@code confirm}, and the history. The verbs themselves are run by the caller through {@link Verbs}
 * (the launcher runs them in its own process); this class only decides what to run and prints the story around
 * it. Blocks while the verbs run; not thread-safe.
 */
public final class DemoScenes {
    /** The longest a {@code wait} step sleeps in the demo. */
    public static final Duration MAX_WAIT = Duration.ofSeconds(2);

    /** The seed runbook's files as the launcher's jar carries them: the runbook first, then what it includes. */
    static final List<String> SEED_FILES = List.of("runbook.yaml", "escalation.yaml");

    private static final String SEED_DIR = "demo/ai-estimator/";

    /**
     * The YAML files beside the seed in the launcher's jar (its includes and its {@code *.test.yaml} cases, so
     * {@code runbook test} works on the copy), relative to {@link #SEED_DIR}; {@link #SEED_FILES} when the jar
     * cannot be listed.
     */
    static List<String> seedFileNames(java.net.URL first) throws IOException {
        List<String> names = new java.util.ArrayList<>();
        if ("jar".equals(first.getProtocol())) {
            java.net.JarURLConnection c = (java.net.JarURLConnection) first.openConnection();
            c.setUseCaches(false);
            try (java.util.jar.JarFile jf = c.getJarFile()) {
                for (java.util.Enumeration<java.util.jar.JarEntry> e = jf.entries(); e.hasMoreElements();) {
                    String n = e.nextElement().getName();
                    if (n.startsWith(SEED_DIR) && isYaml(n) && !n.substring(SEED_DIR.length()).contains("..")) {
                        names.add(n.substring(SEED_DIR.length()));
                    }
                }
            }
        } else if ("file".equals(first.getProtocol())) {
            Path dir;
            try {
                dir = Path.of(first.toURI()).getParent();
            } catch (java.net.URISyntaxException e) {
                return SEED_FILES;
            }
            try (Stream<Path> s = Files.walk(dir, 3)) {
                s.filter(Files::isRegularFile).filter(p -> isYaml(p.toString()))
                        .forEach(p -> names.add(dir.relativize(p).toString().replace(java.io.File.separatorChar, '/')));
            }
        }
        if (!names.contains(SEED_FILES.get(0))) {
            return SEED_FILES;
        }
        names.remove(SEED_FILES.get(0));
        java.util.Collections.sort(names);
        names.add(0, SEED_FILES.get(0));
        return names;
    }

    private static boolean isYaml(String name) {
        return name.endsWith(".yaml") || name.endsWith(".yml");
    }

    private static final Pattern PAUSED = Pattern.compile("Run (\\d+) waits for confirmation");

    /** Runs one launcher verb against the sandbox's environment, with waits capped at {@link #MAX_WAIT}. */
    @FunctionalInterface
    public interface Verbs {
        /**
         * Runs {@code args} (e.g. {@code run FILE --procedure P}), printing to {@code out}; {@code cron} runs it as
         * cron would (no one at a terminal to confirm a gate). Returns the exit code.
         */
        int run(List<String> args, boolean cron, PrintWriter out);
    }

    private final DemoSandbox sandbox;
    private final PrintWriter out;
    private final Style st;
    private final Verbs verbs;

    /** Scenes against {@code sandbox}, printed to {@code out} in style {@code st}, verbs run by {@code verbs}. */
    public DemoScenes(DemoSandbox sandbox, PrintWriter out, Style st, Verbs verbs) {
        this.sandbox = sandbox;
        this.out = out;
        this.st = st;
        this.verbs = verbs;
    }

    /**
     * Plays every scene the runbook {@code rb} (loaded from {@code file}) has the procedures and checks for: a
     * procedure whose id contains "morning", "evening", "planned-maintenance" or "maintenance", the check
     * "health" or else the first {@code http} check.
     */
    public void play(Runbook rb, String f) throws IOException, InterruptedException {
        Optional<String> morning = procedure(rb, "morning");
        Optional<String> evening = procedure(rb, "evening");
        Optional<String> health = check(rb, "health", "http");

        scene("1. " + morning.map(p -> "The morning check (" + p + ")").orElse("Every check once")
                + " — the estimator is stopped; its restart remediation should bring it back");
        cli(morning.map(p -> List.of("run", f, "--procedure", p)).orElse(List.of("run", f)));
        out.println(st.dim("   health service now: " + (sandbox.healthUp() ? "up" : "down")));

        if (health.isPresent()) {
            scene("2. The estimator breaks: its restart now fails, so the remediation escalates");
            sandbox.breakUnit("estimator", true);
            stopEstimator();
            sandbox.awaitHealth(false, Duration.ofSeconds(5));
            cli(List.of("run", f, "--check", health.get()));
            cli(List.of("incidents", f));
            showNotifications(sandbox.notificationsFile());
            showNotifications(sandbox.webhookFile());

            scene("3. Fixed: the next run's restart works and the incident resolves itself");
            sandbox.breakUnit("estimator", false);
            cli(List.of("run", f, "--check", health.get()));
            cli(List.of("incidents", f));
        }
        if (evening.isPresent()) {
            scene("4. The evening check (" + evening.get() + ")");
            cli(List.of("run", f, "--procedure", evening.get()));
        }
        Optional<String> maintenance = procedure(rb, "planned-maintenance").or(() -> procedure(rb, "maintenance"));
        if (maintenance.isPresent()) {
            scene("5. " + maintenance.get() + " from cron: nobody is at a terminal, so the run pauses at "
                    + "its first manual gate; `runbook confirm` resumes it, `--decline` stops it");
            Matcher m = PAUSED.matcher(cliNoTerminal(List.of("run", f, "--procedure", maintenance.get())));
            if (m.find()) {
                String id = m.group(1);
                cli(List.of("runs", f));
                String next = cliNoTerminal(List.of("confirm", f, id, "--operator", "demo"));
                if (next.contains("waits for confirmation")) {
                    cliNoTerminal(List.of("confirm", f, id, "--decline", "--operator", "demo"));
                }
                cli(List.of("runs", f, "show", id));
            }
        }

        scene("6. The history of these runs");
        cli(List.of("history", f, "--since", "1h"));
    }

    /**
     * Serves {@code sandbox} with the estimator running until the process is stopped (SIGTERM or SIGINT), after
     * writing its env.sh and saying how to use it on {@code out}.
     */
    public static void serve(DemoSandbox sandbox, Path file, PrintWriter out) throws IOException, InterruptedException {
        sandbox.setUnitState("estimator", "inactive");
        new ProcessBuilder(sandbox.environment().get("SYSTEMCTL"), "start", "estimator").start().waitFor();
        sandbox.awaitHealth(true, Duration.ofSeconds(5));
        Path env = sandbox.writeEnvFile();
        Runtime.getRuntime().addShutdownHook(new Thread(sandbox::close, "runbook-demo-stop"));
        out.println("ready: source " + env + (file == null ? "" : " && runbook run " + file + " --procedure morning-check"));
        out.println("serving until stopped (Ctrl-C)");
        out.flush();
        try {
            Thread.sleep(Long.MAX_VALUE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A procedure whose id contains {@code word}. */
    public static Optional<String> procedure(Runbook rb, String word) {
        return rb.procedures().keySet().stream().filter(id -> id.contains(word)).findFirst();
    }

    /** A check named {@code word}, else the first of {@code type}. */
    public static Optional<String> check(Runbook rb, String word, String type) {
        Optional<String> byName = rb.checks().keySet().stream().filter(id -> id.equals(word)).findFirst();
        if (byName.isPresent()) {
            return byName;
        }
        return rb.checks().values().stream().filter(c -> c.type().equals(type)).map(CheckDefinition::id).findFirst();
    }

    /**
     * Copies the seed runbook into {@code into} and returns its path there: the YAML files of {@code runbook}'s
     * directory (up to three levels deep) when it is given, else of {@code home}/examples/ai-estimator/ or
     * ./examples/ai-estimator/, else the copy under {@code demo/ai-estimator/} that {@code jar} (the launcher's
     * class loader) holds, with the files it includes; null when there is none.
     */
    public static Path copySeed(Path into, Path runbook, String home, ClassLoader jar) throws IOException {
        Files.createDirectories(into);
        Path source = runbook;
        if (source == null) {
            for (Path candidate : new Path[] {home == null ? null : Path.of(home, "examples/ai-estimator/runbook.yaml"),
                    Path.of("examples/ai-estimator/runbook.yaml")}) {
                if (candidate != null && Files.isRegularFile(candidate)) {
                    source = candidate;
                    break;
                }
            }
        }
        if (source != null) {
            Path srcDir = source.toAbsolutePath().getParent();
            try (Stream<Path> s = Files.walk(srcDir, 3)) {
                for (Path p : (Iterable<Path>) s.filter(Files::isRegularFile)
                        .filter(p -> isYaml(p.toString()))::iterator) {
                    Path to = into.resolve(srcDir.relativize(p).toString());
                    Files.createDirectories(to.getParent());
                    Files.copy(p, to, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            return into.resolve(source.getFileName().toString());
        }
        java.net.URL first = jar.getResource(SEED_DIR + SEED_FILES.get(0));
        if (first == null) {
            return null;
        }
        for (String name : seedFileNames(first)) {
            try (InputStream in = jar.getResourceAsStream(SEED_DIR + name)) {
                if (in != null) {
                    Path to = into.resolve(name);
                    Files.createDirectories(to.getParent());
                    Files.copy(in, to, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return into.resolve(SEED_FILES.get(0));
    }

    private void scene(String title) {
        out.println();
        out.println(st.bold("== " + title));
        out.flush();
    }

    private int cli(List<String> args) {
        return cli(args, false, new StringWriter());
    }

    private String cliNoTerminal(List<String> args) {
        StringWriter said = new StringWriter();
        cli(args, true, said);
        return said.toString();
    }

    private int cli(List<String> args, boolean cron, StringWriter said) {
        out.println(st.dim("$ runbook " + String.join(" ", args) + (cron ? " </dev/null" : "")));
        out.flush();
        PrintWriter capture = new PrintWriter(said, true);
        int code = verbs.run(args, cron, capture);
        capture.flush();
        out.print(said);
        out.println(st.dim("  (exit " + code + ")"));
        return code;
    }

    private void stopEstimator() throws IOException, InterruptedException {
        new ProcessBuilder(sandbox.environment().get("SYSTEMCTL"), "stop", "estimator").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
    }

    private void showNotifications(Path file) throws IOException {
        List<String> lines = Files.exists(file) ? Files.readAllLines(file) : List.of();
        out.println(st.dim("$ tail " + file));
        if (lines.isEmpty()) {
            out.println("  (nothing written here: the runbook's escalation decides who is notified through which notifier)");
        }
        for (String l : lines.subList(Math.max(0, lines.size() - 5), lines.size())) {
            out.println("  " + (l.length() > 240 ? l.substring(0, 237) + "..." : l));
        }
    }
}
