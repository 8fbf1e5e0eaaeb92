package dev.runbook.cli;

import dev.runbook.runtime.PluginDirectory;
import dev.runbook.runtime.output.Style;
import dev.runbook.core.spi.TypeRegistry;
import dev.runbook.yaml.LoadResult;
import dev.runbook.yaml.Problem;
import dev.runbook.yaml.RunbookLoader;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import picocli.CommandLine;

/**
 * The base of every verb: the global options (given before or after the verb), the output streams, colour,
 * plugins and runbook loading. Picocli fills the fields; one instance per command line, not thread-safe.
 */
public abstract class Verb implements java.util.concurrent.Callable<Integer> {
    /**
     * Test hook: the name of a class implementing {@code Function<Path, LoadResult>} (or
     * {@code BiFunction<Path, Map<String, String>, LoadResult>}, given the environment) used instead of the YAML
     * loader, so the launcher can be exercised end to end with runbooks built in Java.
     */
    static final String SOURCE_PROPERTY = "runbook.cli.source";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.ParentCommand
    Main main;

    @CommandLine.Mixin
    GlobalOptions local = new GlobalOptions();

    private TypeRegistry registry;
    /** Streams when run without picocli ({@link FastRun}). */
    PrintWriter out;
    PrintWriter err;

    PrintWriter out() {
        return spec != null ? spec.commandLine().getOut() : out;
    }

    PrintWriter err() {
        return spec != null ? spec.commandLine().getErr() : err;
    }

    /** Who confirms manual gates: the console, or nobody (no terminal, or a launcher run as cron would). */
    dev.runbook.core.engine.ManualPrompter prompter() {
        return main != null && main.noTerminal ? dev.runbook.core.engine.ManualPrompter.NONE : ConsolePrompter.forConsole();
    }

    Map<String, String> environment() {
        return main != null ? main.environment() : System.getenv();
    }

    String operator() {
        if (local.operator != null) {
            return local.operator;
        }
        return main != null ? main.global.operator : null;
    }

    /** {@code --host NAME}, or null. */
    String host() {
        if (local.host != null) {
            return local.host;
        }
        return main != null ? main.global.host : null;
    }

    Path pluginsDir() {
        if (local.plugins != null) {
            return local.plugins;
        }
        return main != null ? main.global.plugins : null;
    }

    /** Colour on a terminal, unless {@code --no-color} or {@code NO_COLOR} (any value) says otherwise. */
    Style style() {
        boolean off = local.noColor || (main != null && main.global.noColor)
                || environment().containsKey("NO_COLOR") || System.console() == null
                || "dumb".equals(environment().get("TERM"));
        return off ? Style.PLAIN : Style.ANSI;
    }

    /** The class loader for types: the launcher's own, plus the jars of {@code --plugins DIR}. */
    ClassLoader typeLoader() {
        Path dir = pluginsDir();
        ClassLoader base = Main.class.getClassLoader();
        if (dir == null) {
            return base;
        }
        try {
            return PluginDirectory.loader(dir, base);
        } catch (IllegalArgumentException e) {
            if (spec == null) {
                throw e;
            }
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** Every check, action and notifier type: built-ins and plugins. */
    TypeRegistry registry() {
        if (registry == null) {
            registry = TypeRegistry.load(typeLoader());
        }
        return registry;
    }

    /** Loads a runbook file; never throws for a bad file (problems are in the result). */
    LoadResult load(Path file) {
        return load(file, environment());
    }

    /** Loads a runbook file with {@code ${env:…}} read from {@code env}. */
    @SuppressWarnings("unchecked")
    LoadResult load(Path file, Map<String, String> env) {
        String source = System.getProperty(SOURCE_PROPERTY);
        if (source != null) {
            try {
                Object f = Class.forName(source).getDeclaredConstructor().newInstance();
                if (f instanceof java.util.function.BiFunction) {
                    return ((java.util.function.BiFunction<Path, Map<String, String>, LoadResult>) f).apply(file, env);
                }
                return ((Function<Path, LoadResult>) f).apply(file);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot use " + SOURCE_PROPERTY + "=" + source + ": " + e, e);
            }
        }
        if (!Files.exists(file)) {
            return new LoadResult(null, List.of(new Problem(file, 0, 0, "no such file (check the path; "
                    + "`runbook demo` shows a complete example)", Problem.Severity.ERROR)));
        }
        if (Files.isDirectory(file)) {
            return new LoadResult(null, List.of(new Problem(file, 0, 0,
                    "is a directory; give the runbook's YAML file", Problem.Severity.ERROR)));
        }
        TypeRegistry types = registry();
        Timing.mark("types");
        return new RunbookLoader(types, env, Clock.systemDefaultZone()).load(file);
    }

    /** Prints problems as {@code FILE:LINE:COL: message}; warnings too. */
    void printProblems(LoadResult r) {
        for (Problem p : r.problems()) {
            err().println(p);
        }
    }
}
