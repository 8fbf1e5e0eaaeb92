package dev.runbook.cli;

import dev.runbook.runtime.output.Style;
import dev.runbook.runtime.sandbox.DemoSandbox;
import dev.runbook.runtime.sandbox.DemoScenes;
import dev.runbook.yaml.LoadResult;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code runbook demo}: builds a sandbox of the seed's world in a temporary directory ({@link DemoSandbox}) and
 * plays {@link DemoScenes} with the launcher's own verbs, in this process: the morning check (a stopped
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
            Path file = DemoScenes.copySeed(root.resolve("runbook"), runbookFile, System.getProperty("runbook.home"),
                    DemoCommand.class.getClassLoader());
            if (file == null) {
                err().println("runbook: the seed runbook is not in this build (examples/ai-estimator/runbook.yaml); "
                        + "give one with: runbook demo --runbook FILE");
                if (!serve) {
                    return Main.INVALID;
                }
            }
            if (serve) {
                DemoScenes.serve(sandbox, file, out);
                return 0;
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
            String f = file.toString();
            new DemoScenes(sandbox, out, st, (args, cron, said) -> verb(env, args, cron, said)).play(loaded.runbook(), f);

            Path envFile = sandbox.writeEnvFile();
            out.println();
            out.println(st.bold("Done") + " in " + Duration.ofNanos(System.nanoTime() - t0).toSeconds() + " s. Waits were "
                    + "shortened to " + DemoScenes.MAX_WAIT.toSeconds() + " s.");
            if (keep || dir != null) {
                out.println("The sandbox stays in " + root + "; to run by hand:  source " + envFile + " && ./runbook run "
                        + f + " --procedure " + DemoScenes.procedure(loaded.runbook(), "morning").orElse("<procedure>"));
            }
            return 0;
        } finally {
            if (!keep && dir == null && !serve) {
                DemoSandbox.delete(root);
            }
            out.flush();
        }
    }

    /** Runs a launcher verb in this process against the sandbox's environment, with this run's global options. */
    private int verb(Map<String, String> env, List<String> args, boolean cron, PrintWriter said) {
        Main m = new Main(env).withSleeper(d -> Thread.sleep(Math.min(d.toMillis(), DemoScenes.MAX_WAIT.toMillis())));
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
        return Main.execute(m, all.toArray(new String[0]), said, err());
    }
}
