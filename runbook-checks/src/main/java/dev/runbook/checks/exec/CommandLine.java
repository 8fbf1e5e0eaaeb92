package dev.runbook.checks.exec;

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

    /** This command with {@code expander} applied to every argument (the shell text) and env value. */
    CommandLine expanded(UnaryOperator<String> expander) {
        List<String> a = new ArrayList<>(argv.size());
        for (int i = 0; i < argv.size(); i++) {
            // for a shell command only the script text is the user's
            a.add(viaShell && i < 2 ? argv.get(i) : expander.apply(argv.get(i)));
        }
        Map<String, String> e = new LinkedHashMap<>();
        env.forEach((k, v) -> e.put(k, expander.apply(v)));
        return new CommandLine(List.copyOf(a), viaShell, e, cwd);
    }

    /** For messages: the script for a shell command, else the argv joined with spaces. Env values are never shown. */
    String display() {
        return viaShell ? "sh -c " + quote(argv.get(2)) : String.join(" ", argv);
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
