package dev.runbook.yaml;

import dev.runbook.core.spi.TypeRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * Loads YAML runbooks (runbook-format §3–§8) into the core model, validating against the types of a
 * {@link TypeRegistry}; every problem of every file is collected with its location. Thread-safe: loads may run
 * concurrently; {@link #load} blocks while it reads the files.
 *
 * <pre>{@code
 * LoadResult r = new RunbookLoader(TypeRegistry.load()).load(Path.of("runbook.yaml"));
 * r.problems().forEach(System.err::println);
 * }</pre>
 */
public final class RunbookLoader {
    private static final YamlReader READER = new YamlReader();

    private final TypeRegistry registry;
    private final Map<String, String> environment;
    private final Clock clock;

    /** A loader reading the process environment for {@code ${env:…}}. */
    public RunbookLoader(TypeRegistry registry) {
        this(registry, System.getenv(), Clock.systemDefaultZone());
    }

    /**
     * A loader with an explicit environment (tests, the launcher's sandbox) and clock. The environment supplies
     * {@code ${env:…}}, {@code HOME} for {@code ~} and {@code XDG_STATE_HOME} for the default store.
     */
    public RunbookLoader(TypeRegistry registry, Map<String, String> environment, Clock clock) {
        this.registry = registry;
        this.environment = Map.copyOf(environment);
        this.clock = clock;
    }

    /**
     * Initialises the YAML stack (parser classes, the reader's factory) by parsing a small document, so that a
     * launcher can do it on a background thread while it loads types: a cold first parse costs far more than a
     * warm one. Safe to call from any thread, any number of times; never throws.
     */
    public static void warmUp() {
        try {
            READER.parse(java.nio.file.Path.of("<warm-up>"),
                    "runbook: warm-up\nversion: 1\nchecks:\n  a: {type: x, path: \"/\", warning: 80%}\n"
                            + "procedures:\n  p:\n    steps: [a, {wait: 1s}]\n", new Problems());
        } catch (RuntimeException e) {
            // only a warm-up: the real load reports whatever is wrong
        }
    }

    /** Loads a file and its includes. Never throws for bad input: problems are in the result. */
    public LoadResult load(Path file) {
        java.util.Objects.requireNonNull(file, "file");
        try {
            return shownAsGiven(file, new Assembler(registry, environment, clock, READER).load(file));
        } catch (RuntimeException | StackOverflowError e) {
            // a type's code misbehaved (or a bug of ours): still a value, never an exception
            StackTraceElement[] st = e.getStackTrace();
            String where = "";
            for (StackTraceElement el : st) {
                if (el.getClassName().startsWith("dev.runbook.")) {
                    where = " at " + el;
                    break;
                }
            }
            Problem p = new Problem(file, 0, 0, "internal error while loading (please report): " + e.getClass().getName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + where, Problem.Severity.ERROR);
            return new LoadResult(null, java.util.List.of(p));
        }
    }

    /**
     * Problems name files as the user gave them: when the runbook was given as a relative path, it and the files it
     * includes from its directory are shown relative too ({@code examples/x/runbook.yaml:3:5: …}).
     */
    private static LoadResult shownAsGiven(Path given, LoadResult r) {
        if (given.isAbsolute() || r.problems().isEmpty()) {
            return r;
        }
        Path base = given.toAbsolutePath().normalize().getParent();
        Path givenDir = given.getParent();
        java.util.List<Problem> shown = new java.util.ArrayList<>();
        for (Problem p : r.problems()) {
            Path f = p.file();
            if (f != null && f.isAbsolute() && base != null && f.startsWith(base)) {
                Path rel = base.relativize(f);
                f = givenDir == null ? rel : givenDir.resolve(rel).normalize();
            }
            shown.add(new Problem(f, p.line(), p.column(), p.message(), p.severity()));
        }
        return new LoadResult(r.runbook(), shown, r.store());
    }

    /** The store settings of a loaded file: where its history lives and how long it is kept. */
    public static java.util.Optional<StoreSettings> storeSettings(LoadResult result) {
        return result.storeSettings();
    }

    /** The JSON Schema of the format, for editors and {@code runbook schema}. */
    public String schema() {
        return new SchemaGenerator(registry).generate();
    }

    TypeRegistry registry() {
        return registry;
    }

    Map<String, String> environment() {
        return environment;
    }

    Clock clock() {
        return clock;
    }
}
