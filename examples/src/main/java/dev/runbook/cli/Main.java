package dev.runbook.cli;

import dev.runbook.runtime.WarmUp;
import java.io.PrintWriter;
import java.util.Map;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code runbook} launcher: turns a YAML runbook into checks that run, procedures whose checklists fill
 * themselves in, and outputs that other tools read (runbook-format §9).
 *
 * <pre>{@code
 * runbook validate runbook.yaml
 * runbook plan runbook.yaml --procedure morning-check
 * runbook run runbook.yaml --procedure morning-check --format json
 * }</pre>
 *
 * <p>Exit codes follow §9: {@code run} exits with the worst counted status (0 OK, 1 WARNING, 2 CRITICAL,
 * 3 UNKNOWN) and 3 for anything that prevents running; the other verbs exit 1 for an invalid file or an unknown
 * id and 2 for a usage error. Each call of {@link #execute} is independent; not meant for concurrent use of one
 * instance. Blocks until the verb is done.
 */
@Command(name = "runbook", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Runs an operations runbook: checks, procedures with their checklists, remediations, incidents.",
        synopsisSubcommandLabel = "COMMAND",
        // verbs are added in commandLine(): only the one being run, so a start builds one command model, not all
        footer = {"", "Start with: runbook demo", "Exit codes of run: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN or could not run."})
public final class Main implements Runnable {
    /** Exit code for a usage error of verbs other than {@code run}. */
    static final int USAGE = 2;
    /** Exit code of {@code run} when it could not run at all. */
    static final int RUN_FAILED = 3;
    /** Exit code for an invalid file or an unknown id (verbs other than {@code run}). */
    static final int INVALID = 1;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    GlobalOptions global = new GlobalOptions();

    private final Map<String, String> environment;
    private dev.runbook.core.engine.Engine.Sleeper sleeper;

    /** A launcher reading the process environment. */
    public Main() {
        this(System.getenv());
    }

    /** A launcher with an explicit environment (for {@code NO_COLOR}, {@code XDG_STATE_HOME}, {@code ${env:…}}). */
    public Main(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    /** True when nobody may be asked to confirm a manual gate ({@link #withoutTerminal()}). */
    boolean noTerminal;

    /** This launcher with waits done by {@code sleeper} (the demo shortens them). */
    Main withSleeper(dev.runbook.core.engine.Engine.Sleeper sleeper) {
        this.sleeper = sleeper;
        return this;
    }

    /** This launcher as cron would run it: nobody is asked to confirm a manual gate (the demo shows a pause). */
    Main withoutTerminal() {
        this.noTerminal = true;
        return this;
    }

    /** How {@code wait} steps sleep, or null for real time. */
    dev.runbook.core.engine.Engine.Sleeper sleeper() {
        return sleeper;
    }

    /** The environment this launcher reads. */
    Map<String, String> environment() {
        return environment;
    }

    /** Runs the launcher and exits the JVM with its exit code. */
    public static void main(String[] args) {
        Timing.mark("main");
        quietLogging();
        if (java.util.Arrays.asList(args).contains("run")) {
            WarmUp.inBackground();
        }
        int code = execute(new Main(), args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
        Timing.mark("exit");
        System.exit(code);
    }

    /** The verbs in the order {@code --help} lists them. */
    private static final java.util.LinkedHashMap<String, Class<?>> VERBS = new java.util.LinkedHashMap<>();

    static {
        VERBS.put("validate", ValidateCommand.class);
        VERBS.put("plan", PlanCommand.class);
        VERBS.put("run", RunCommand.class);
        VERBS.put("schema", SchemaCommand.class);
        VERBS.put("history", HistoryCommand.class);
        VERBS.put("incidents", IncidentsCommand.class);
        VERBS.put("notifications", NotificationsCommand.class);
        VERBS.put("demo", DemoCommand.class);
        VERBS.put("daemon", DaemonCommand.class);
        VERBS.put("report", ReportCommand.class);
        VERBS.put("note", NoteCommand.class);
        VERBS.put("store", StoreCommand.class);
        VERBS.put("docs", DocsCommand.class);
        VERBS.put("test", TestCommand.class);
        VERBS.put("drill", DrillCommand.class);
        VERBS.put("runs", RunsCommand.class);
        VERBS.put("confirm", ConfirmCommand.class);
        VERBS.put("completion", AutoComplete.GenerateCompletion.class);
        VERBS.put("__cds-training", CdsTrainingCommand.class);
    }

    /** Runs the launcher with the given streams and returns the exit code (does not exit). */
    public static int execute(Main main, String[] args, PrintWriter out, PrintWriter err) {
        RunCommand fast = FastRun.parse(main, args);
        if (fast != null) {
            return FastRun.execute(fast, out, err);
        }
        CommandLine cl = commandLine(main, verb(args));
        cl.setOut(out);
        cl.setErr(err);
        return cl.execute(args);
    }

    /** The verb the arguments name (the first word that is not an option or an option's value), or null. */
    static String verb(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--plugins") || a.equals("--operator")) {
                i++;
            } else if (!a.startsWith("-")) {
                return VERBS.containsKey(a) ? a : null;
            }
        }
        return null;
    }

    /**
     * The launcher's full picocli model, every verb included, for generators that describe it (shell completion,
     * man pages: the dist module runs them at build time). Not thread-safe; builds a new model on each call.
     */
    public static CommandLine fullCommandLine() {
        return commandLine(new Main(), null);
    }

    /** The picocli command line with the launcher's exit-code rules; with only {@code verb} when given. */
    static CommandLine commandLine(Main main, String verb) {
        CommandLine cl = new CommandLine(main);
        for (java.util.Map.Entry<String, Class<?>> v : VERBS.entrySet()) {
            if (verb != null && !verb.equals("completion") && !verb.equals(v.getKey())) {
                continue;
            }
            CommandLine sub = new CommandLine(v.getValue());
            if (v.getKey().equals("completion")) {
                sub.getCommandSpec().usageMessage().description(
                        "Prints a bash/zsh completion script: source <(runbook completion)");
            }
            cl.addSubcommand(v.getKey(), sub);
        }
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler(Main::usageError);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            boolean run = isRun(commandLine);
            commandLine.getErr().println("runbook: " + describe(ex));
            return run ? RUN_FAILED : INVALID;
        });
        return cl;
    }

    private static int usageError(CommandLine.ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        PrintWriter err = cl.getErr();
        err.println("runbook: " + ex.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
        String path = qualifiedName(cl);
        err.println("Try '" + path + " --help' for the usage" + (cl.getParent() == null ? " and the list of commands." : "."));
        return isRun(cl) || "run".equals(verb(args)) ? RUN_FAILED : USAGE;
    }

    static boolean isRun(CommandLine cl) {
        return cl.getCommand() instanceof RunCommand;
    }

    private static String qualifiedName(CommandLine cl) {
        return cl.getCommandSpec().qualifiedName(" ");
    }

    static String describe(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    /**
     * Unless told otherwise, the launcher's log shows warnings and errors only, on stderr, worded as the launcher's own
     * messages ("runbook: warning: run 2 expired: …"): the person reading them is an operator, not the code's author,
     * so no thread or class name. {@code -Dorg.slf4j.simpleLogger.showLogName=true} (in {@code JAVA_OPTS}) brings the
     * class names back.
     */
    static void quietLogging() {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        if (System.getProperty("org.slf4j.simpleLogger.logFile") == null) {
            System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        }
        for (String[] kv : new String[][] {{"showThreadName", "false"}, {"showLogName", "false"},
                {"showShortLogName", "false"}, {"warnLevelString", "runbook: warning:"}}) {
            if (System.getProperty("org.slf4j.simpleLogger." + kv[0]) == null) {
                System.setProperty("org.slf4j.simpleLogger." + kv[0], kv[1]);
            }
        }
        if (System.getProperty("org.slf4j.simpleLogger.log.org.sqlite") == null) {
            // a native library that does not load is reported in one line by SqliteNative or the store's open,
            // not by the driver's 16-line stack trace
            System.setProperty("org.slf4j.simpleLogger.log.org.sqlite", "off");
        }
    }

    @Override
    public void run() {
        // `runbook` alone: the usage, as a usage error
        spec.commandLine().usage(spec.commandLine().getErr());
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required (for a first look: runbook demo)");
    }

    /**
     * The version from the jar manifest (or the development version) and the build: the git commit the jar was
     * built from, recorded by the build in {@code META-INF/runbook/build-commit}, or "unknown".
     */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"runbook " + (v == null ? "0.1.0-SNAPSHOT (development build)" : v),
                    "build " + buildCommit(),
                    "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"};
        }

        /** The commit recorded at build time, or "unknown" when the build had no git checkout. */
        static String buildCommit() {
            try (java.io.InputStream in = Main.class.getResourceAsStream("/META-INF/runbook/build-commit")) {
                if (in == null) {
                    return "unknown";
                }
                String c = new String(in.readNBytes(200), java.nio.charset.StandardCharsets.US_ASCII).trim();
                return c.matches("[0-9a-f]{7,40}(-dirty)?") ? c : "unknown";
            } catch (java.io.IOException e) {
                return "unknown";
            }
        }
    }
}
