package dev.runbook.cli;

import dev.runbook.runtime.output.Style;
import dev.runbook.runtime.sandbox.DemoSandbox;
import dev.runbook.core.model.CheckDefinition;
import dev.runbook.core.model.Runbook;
import dev.runbook.yaml.LoadResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code runbook demo}: builds a sandbox of the seed's world in a temporary directory ({@link DemoSandbox}) and
 * runs the seed runbook against it with the launcher's own verbs, in this process: the morning check (a stopped
 * service that a restart remediation really recovers), a breakdown that a restart cannot fix (an incident, its
 * notification written to a file in the sandbox), the fix (the incident resolves itself), the evening check if
 * the runbook has one, and the history. Waits are shortened to at most 2 s. Under a minute. Exit 0, or 1 when
 * the seed runbook cannot be loaded.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Runs the seed runbook against a sandbox of its world (a health service, a database, "
                + "backups, logs, a TLS endpoint, a stub systemctl) in a temporary directory. Under a minute.",
                "Nothing outside the sandbox is touched."})
public final class DemoCommand extends Verb {
    /** The longest a {@code wait} step sleeps in the demo. */
    static final Duration MAX_WAIT = Duration.ofSeconds(2);

    @Option(names = "--runbook", paramLabel = "FILE",
            description = "The runbook to run (default: the seed runbook, examples/ai-estimator/runbook.yaml).")
    Path runbookFile;

    @Option(names = "--keep", description = "Keep the sandbox directory afterwards, with an env.sh to source.")
    boolean keep;

    @Option(names = "--dir", paramLabel = "DIR", description = "Lay the sandbox out in DIR instead of a temporary directory.")
    Path dir;

    @Option(names = "--serve", description = "Only lay out the sandbox (estimator running), write DIR/env.sh and serve "
            + "until stopped (for benchmarks/startup.sh and trying the runbook by hand).")
    boolean serve;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = out();
        Style st = style();
        Path root = dir != null ? dir : Files.createTempDirectory("runbook-demo-");
        out.println(st.bold("runbook demo") + " — the seed runbook against a sandbox of its world in " + root);
        long t0 = System.nanoTime();
        try (DemoSandbox sandbox = DemoSandbox.create(root, ZoneId.systemDefault())) {
            Path file = seedRunbook(root.resolve("runbook"));
            if (file == null) {
                err().println("runbook: the seed runbook is not in this build (examples/ai-estimator/runbook.yaml); "
                        + "give one with: runbook demo --runbook FILE");
                if (!serve) {
                    return Main.INVALID;
                }
            }
            if (serve) {
                return serve(sandbox, file);
            }
            Map<String, String> env = sandbox.environment();
            out.println("  health service " + sandbox.healthUrl() + " (stopped), TLS on 127.0.0.1:" + sandbox.tlsPort()
                    + ", stub systemctl and journalctl in " + root.resolve("bin"));
            LoadResult loaded = load(file, env);
            if (!loaded.isValid()) {
                loaded.problems().forEach(err()::println);
                err().println("runbook: the seed runbook did not load against the sandbox; see the problems above");
                return Main.INVALID;
            }
            Runbook rb = loaded.runbook();
            String f = file.toString();
            Optional<String> morning = procedure(rb, "morning");
            Optional<String> evening = procedure(rb, "evening");
            Optional<String> health = check(rb, "health", "http");

            scene(out, st, "1. " + morning.map(p -> "The morning check (" + p + ")").orElse("Every check once")
                    + " — the estimator is stopped; its restart remediation should bring it back");
            cli(env, out, morning.map(p -> List.of("run", f, "--procedure", p)).orElse(List.of("run", f)));
            out.println(st.dim("   health service now: " + (sandbox.healthUp() ? "up" : "down")));

            if (health.isPresent()) {
                scene(out, st, "2. The estimator breaks: its restart now fails, so the remediation escalates");
                sandbox.breakUnit("estimator", true);
                stopEstimator(env);
                sandbox.awaitHealth(false, Duration.ofSeconds(5));
                cli(env, out, List.of("run", f, "--check", health.get()));
                cli(env, out, List.of("incidents", f));
                showNotifications(out, st, sandbox.notificationsFile());
                showNotifications(out, st, sandbox.webhookFile());

                scene(out, st, "3. Fixed: the next run's restart works and the incident resolves itself");
                sandbox.breakUnit("estimator", false);
                cli(env, out, List.of("run", f, "--check", health.get()));
                cli(env, out, List.of("incidents", f));
            }
            if (evening.isPresent()) {
                scene(out, st, "4. The evening check (" + evening.get() + ")");
                cli(env, out, List.of("run", f, "--procedure", evening.get()));
            }
            Optional<String> maintenance = procedure(rb, "planned-maintenance").or(() -> procedure(rb, "maintenance"));
            if (maintenance.isPresent()) {
                scene(out, st, "5. " + maintenance.get() + " from cron: nobody is at a terminal, so the run pauses at "
                        + "its first manual gate; `runbook confirm` resumes it, `--decline` stops it");
                String said = cliNoTerminal(env, out, List.of("run", f, "--procedure", maintenance.get()));
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("Run (\\d+) waits for confirmation")
                        .matcher(said);
                if (m.find()) {
                    String id = m.group(1);
                    cli(env, out, List.of("runs", f));
                    String next = cliNoTerminal(env, out, List.of("confirm", f, id, "--operator", "demo"));
                    if (next.contains("waits for confirmation")) {
                        cliNoTerminal(env, out, List.of("confirm", f, id, "--decline", "--operator", "demo"));
                    }
                    cli(env, out, List.of("runs", f, "show", id));
                }
            }

            scene(out, st, "6. The history of these runs");
            cli(env, out, List.of("history", f, "--since", "1h"));

            Path envFile = sandbox.writeEnvFile();
            out.println();
            out.println(st.bold("Done") + " in " + Duration.ofNanos(System.nanoTime() - t0).toSeconds() + " s. Waits were "
                    + "shortened to " + MAX_WAIT.toSeconds() + " s.");
            if (keep || dir != null) {
                out.println("The sandbox stays in " + root + "; to run by hand:  source " + envFile + " && ./runbook run "
                        + f + " --procedure " + morning.orElse("<procedure>"));
            }
            return 0;
        } finally {
            if (!keep && dir == null && !serve) {
                DemoSandbox.delete(root);
            }
            out.flush();
        }
    }

    /** Serves the sandbox with the estimator running until the process is stopped (SIGTERM or SIGINT). */
    private int serve(DemoSandbox sandbox, Path file) throws Exception {
        sandbox.setUnitState("estimator", "inactive");
        new ProcessBuilder(sandbox.environment().get("SYSTEMCTL"), "start", "estimator").start().waitFor();
        sandbox.awaitHealth(true, Duration.ofSeconds(5));
        Path env = sandbox.writeEnvFile();
        Thread hook = new Thread(sandbox::close, "runbook-demo-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        out().println("ready: source " + env + (file == null ? "" : " && runbook run " + file + " --procedure morning-check"));
        out().println("serving until stopped (Ctrl-C)");
        out().flush();
        try {
            Thread.sleep(Long.MAX_VALUE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private static void scene(PrintWriter out, Style st, String title) {
        out.println();
        out.println(st.bold("== " + title));
        out.flush();
    }

    /** Runs a launcher verb in this process against the sandbox's environment; waits capped at {@link #MAX_WAIT}. */
    private int cli(Map<String, String> env, PrintWriter out, List<String> args) {
        return cli(env, out, args, false, new java.io.StringWriter());
    }

    /** As {@link #cli}, as cron would run it (no one to confirm a gate); returns what it printed. */
    private String cliNoTerminal(Map<String, String> env, PrintWriter out, List<String> args) {
        java.io.StringWriter said = new java.io.StringWriter();
        cli(env, out, args, true, said);
        return said.toString();
    }

    private int cli(Map<String, String> env, PrintWriter out, List<String> args, boolean cron, java.io.StringWriter said) {
        out.println(style().dim("$ runbook " + String.join(" ", args) + (cron ? " </dev/null" : "")));
        out.flush();
        Main m = new Main(env).withSleeper(d -> Thread.sleep(Math.min(d.toMillis(), MAX_WAIT.toMillis())));
        if (cron) {
            m.withoutTerminal();
        }
        List<String> all = new ArrayList<>();
        if (local.noColor || main != null && main.global.noColor) {
            all.add("--no-color");
        }
        if (operator() != null && !args.contains("--operator")) {
            all.add("--operator=" + operator());
        }
        all.addAll(args);
        if (pluginsDir() != null) {
            all.add("--plugins=" + pluginsDir());
        }
        PrintWriter capture = new PrintWriter(said, true);
        int code = Main.execute(m, all.toArray(new String[0]), capture, err());
        capture.flush();
        out.print(said);
        out.println(style().dim("  (exit " + code + ")"));
        return code;
    }

    private static void stopEstimator(Map<String, String> env) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(env.get("SYSTEMCTL"), "stop", "estimator").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        p.waitFor();
    }

    private static void showNotifications(PrintWriter out, Style st, Path file) throws IOException {
        List<String> lines = Files.exists(file) ? Files.readAllLines(file) : List.of();
        out.println(st.dim("$ tail " + file));
        if (lines.isEmpty()) {
            out.println("  (nothing written here: the runbook's escalation decides who is notified through which notifier)");
        }
        for (String l : lines.subList(Math.max(0, lines.size() - 5), lines.size())) {
            out.println("  " + (l.length() > 240 ? l.substring(0, 237) + "..." : l));
        }
    }

    /** A procedure whose id contains {@code word}. */
    static Optional<String> procedure(Runbook rb, String word) {
        return rb.procedures().keySet().stream().filter(id -> id.contains(word)).findFirst();
    }

    /** A check named like {@code word}, else the first of {@code type}. */
    static Optional<String> check(Runbook rb, String word, String type) {
        Optional<String> byName = rb.checks().keySet().stream().filter(id -> id.equals(word)).findFirst();
        if (byName.isPresent()) {
            return byName;
        }
        return rb.checks().values().stream().filter(c -> c.type().equals(type)).map(CheckDefinition::id).findFirst();
    }

    /**
     * Copies the seed runbook into the sandbox: {@code --runbook FILE}'s directory, else the repository's
     * {@code examples/ai-estimator/} (the script passes {@code -Drunbook.home}), else the copy in the jar.
     */
    private Path seedRunbook(Path into) throws IOException {
        Files.createDirectories(into);
        Path source = runbookFile;
        if (source == null) {
            String home = System.getProperty("runbook.home");
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
                        .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))::iterator) {
                    Path to = into.resolve(srcDir.relativize(p).toString());
                    Files.createDirectories(to.getParent());
                    Files.copy(p, to, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            return into.resolve(source.getFileName().toString());
        }
        try (InputStream in = DemoCommand.class.getResourceAsStream("/demo/ai-estimator/runbook.yaml")) {
            if (in == null) {
                return null;
            }
            Path to = into.resolve("runbook.yaml");
            Files.copy(in, to, StandardCopyOption.REPLACE_EXISTING);
            return to;
        }
    }
}
