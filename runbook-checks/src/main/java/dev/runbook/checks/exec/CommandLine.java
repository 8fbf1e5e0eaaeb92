package dev.runbook.checks.exec;

import dev.runbook.core.action.ShellReferences;
import dev.runbook.core.spi.TypeContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A validated program invocation shared by the {@code command} check and action: argv (or {@code /bin/sh -c}
 * only when {@code shell} was written), extra environment and working directory. Immutable.
 */
record CommandLine(List<String> argv, boolean viaShell, Map<String, String> env, Path cwd) {

    static CommandLine of(String type, List<String> run, String shell, Map<String, String> env, String cwd,
            TypeContext context) {
        if (run != null && shell != null) {
            throw new IllegalArgumentException(type + ": give either run or shell, found both");
        }
        if (run == null && shell == null) {
            throw new IllegalArgumentException(type + ": run (an argv list) or shell (a command line) is required");
        }
        List<String> argv;
        if (run != null) {
            if (run.isEmpty() || run.get(0) == null || run.get(0).isBlank()) {
                throw new IllegalArgumentException(type + ": run must start with a program, found " + run);
            }
            for (String a : run) {
                if (a == null) {
                    throw new IllegalArgumentException(type + ": run must not contain null arguments, found " + run);
                }
            }
            argv = List.copyOf(run);
        } else {
            if (shell.isBlank()) {
                throw new IllegalArgumentException(type + ": shell must not be empty");
            }
            argv = List.of("/bin/sh", "-c", shell);
        }
        Map<String, String> e = new LinkedHashMap<>();
        if (env != null) {
            env.forEach((k, v) -> {
                if (k == null || k.isEmpty() || k.contains("=")) {
                    throw new IllegalArgumentException(type + ": env name must be non-empty without '=', found '" + k + "'");
                }
                e.put(k, v == null ? "" : v);
            });
        }
        Path dir = cwd == null ? null : context.resolve(cwd);
        return new CommandLine(argv, shell != null, Map.copyOf(e), dir);
    }

    /**
     * This command with {@code ${captured.NAME}} expanded by {@code expander}: in every argument and env value; in
     * a shell script never as script text, but as environment variables the script refers to (§3). Values the
     * loader substituted into a script ({@code RUNBOOK_VALUE_n}) are data and are not expanded again.
     */
    CommandLine expanded(UnaryOperator<String> expander) {
        Map<String, String> e = new LinkedHashMap<>();
        env.forEach((k, v) -> e.put(k, k.startsWith(ShellReferences.VALUE_PREFIX) ? v : expander.apply(v)));
        if (viaShell) {
            ShellReferences.Bound bound = ShellReferences.bindCaptured(argv.get(2),
                    name -> expander.apply("${captured." + name + "}"));
            e.putAll(bound.env());
            return new CommandLine(List.of(argv.get(0), argv.get(1), bound.script()), true, e, cwd);
        }
        List<String> a = new ArrayList<>(argv.size());
        for (String arg : argv) {
            a.add(expander.apply(arg));
        }
        return new CommandLine(List.copyOf(a), false, e, cwd);
    }

    /** For messages: the script for a shell command, else the argv joined with spaces. Env values are never shown. */
    String display() {
        return viaShell ? "sh -c " + quote(argv.get(2)) : String.join(" ", argv);
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
