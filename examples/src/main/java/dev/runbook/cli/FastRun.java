package dev.runbook.cli;

import dev.runbook.runtime.output.RunFormat;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine;

/**
 * The start-up fast path of {@code runbook run}: a plain parse of its options, skipping the picocli command model
 * (reflection over every annotation, and picocli's Java 5 class files cannot go into the AppCDS archive) — about
 * a third of a cold start. Anything it does not recognise exactly (help, an unknown or malformed option) goes to
 * picocli, which gives the usual messages and exit codes. Stateless.
 */
final class FastRun {
    private FastRun() {
    }

    /** The run command filled from {@code args}, or null to let picocli handle them. */
    static RunCommand parse(Main main, String[] args) {
        RunCommand run = new RunCommand();
        run.main = main;
        boolean seenVerb = false;
        try {
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                String name = a;
                String value = null;
                int eq = a.indexOf('=');
                if (a.startsWith("--") && eq > 0) {
                    name = a.substring(0, eq);
                    value = a.substring(eq + 1);
                }
                switch (name) {
                    case "--no-color": run.local.noColor = true; break;
                    case "--dry-run": if (!seenVerb || value != null) { return null; } run.dryRun = true; break;
                    case "--no-actions": if (!seenVerb || value != null) { return null; } run.noActions = true; break;
                    case "--yes": if (!seenVerb || value != null) { return null; } run.yes = true; break;
                    case "--plugins": case "--operator": case "--procedure": case "--check": case "--format": case "--output":
                        if (value == null) {
                            if (i + 1 >= args.length || args[i + 1].startsWith("-")) {
                                return null;
                            }
                            value = args[++i];
                        }
                        if (!set(run, name, value, seenVerb)) {
                            return null;
                        }
                        break;
                    default:
                        if (a.startsWith("-")) {
                            return null;
                        }
                        if (!seenVerb) {
                            if (!a.equals("run")) {
                                return null;
                            }
                            seenVerb = true;
                        } else if (run.file == null) {
                            run.file = Path.of(a);
                        } else {
                            return null;
                        }
                }
            }
        } catch (RuntimeException e) {
            return null;
        }
        return seenVerb && run.file != null ? run : null;
    }

    private static boolean set(RunCommand run, String name, String value, boolean seenVerb) {
        switch (name) {
            case "--plugins": run.local.plugins = Path.of(value); return true;
            case "--operator": run.local.operator = value; return true;
            default: break;
        }
        if (!seenVerb) {
            return false;
        }
        switch (name) {
            case "--procedure": run.procedure = value; return true;
            case "--check": run.checks.add(value); return true;
            case "--output": run.output = Path.of(value); return true;
            default:
                try {
                    run.format = RunFormat.valueOf(value.toUpperCase(Locale.ROOT));
                    return true;
                } catch (IllegalArgumentException e) {
                    return false;
                }
        }
    }

    /** Runs a parsed command with the launcher's exit-code rules for {@code run}. */
    static int execute(RunCommand run, PrintWriter out, PrintWriter err) {
        run.out = out;
        run.err = err;
        try {
            return run.call();
        } catch (CommandLine.ParameterException e) {
            err.println("runbook: " + e.getMessage());
            err.println("Try 'runbook run --help' for the usage.");
            return Main.RUN_FAILED;
        } catch (Exception | LinkageError e) {
            err.println("runbook: " + Main.describe(e));
            return Main.RUN_FAILED;
        } finally {
            out.flush();
            err.flush();
        }
    }
}
