package dev.runbook.cli;

import dev.runbook.runtime.RunbookRuntime;
import dev.runbook.runtime.output.ProgressLine;
import dev.runbook.runtime.output.Style;
import dev.runbook.core.Suggestions;

import dev.runbook.runtime.output.RunFormat;
import dev.runbook.runtime.output.RunNagios;
import dev.runbook.core.engine.RunRequest;
import dev.runbook.core.engine.RunResult;
import dev.runbook.core.model.Runbook;
import dev.runbook.yaml.LoadResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code runbook run FILE [--procedure P] [--check ID]… [--dry-run] [--no-actions] [--format F] [--output PATH]}:
 * runs now, prints the filled checklist or the format, records to the store. Exits with the worst counted
 * status (0–3), and 3 when it cannot run at all. Blocks until the run is done.
 */
@Command(name = "run", description = {"Runs a procedure, given checks, or every check once; prints the filled "
        + "checklist (or a machine format) and records the results.",
        "Exit: the worst counted status (0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN); 3 if it could not run."},
        mixinStandardHelpOptions = true)
public final class RunCommand extends Verb {
    @Parameters(index = "0", paramLabel = "FILE", description = "The runbook file.")
    Path file;

    @Option(names = "--procedure", paramLabel = "P", description = "Run this procedure (e.g. morning-check).")
    String procedure;

    @Option(names = "--check", paramLabel = "ID", description = "Run this check (repeatable).")
    List<String> checks = new ArrayList<>();

    @Option(names = "--dry-run", description = "Actions and notifications say what they would do and do nothing; "
            + "nothing is stored.")
    boolean dryRun;

    @Option(names = "--no-actions", description = "Checks run and are stored; actions, notifications and incidents "
            + "do not happen.")
    boolean noActions;

    @Option(names = "--yes", description = "Confirm every manual gate up front (rehearsals); without it, a gate "
            + "is asked on a terminal, and with no terminal the run pauses there until `runbook confirm`.")
    boolean yes;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text, json, junit, tap, nagios or prometheus (default: ${DEFAULT-VALUE}).")
    RunFormat format = RunFormat.TEXT;

    @Option(names = "--output", paramLabel = "PATH", description = "Write the output to PATH instead of stdout.")
    Path output;

    @Override
    public Integer call() {
        if (procedure != null && !checks.isEmpty()) {
            err().println("runbook: give --procedure or --check, not both (run the procedure, or the checks alone)");
            return Main.RUN_FAILED;
        }
        Timing.mark("parsed");
        LoadResult loaded = load(file);
        Timing.mark("loaded");
        printProblems(loaded);
        if (!loaded.isValid()) {
            err().println("runbook: " + file + " is not valid; nothing was run (fix the errors above, then "
                    + "`runbook validate " + file + "`)");
            return notRun(file + " is not valid: " + (loaded.errors().isEmpty() ? "see `runbook validate`"
                    : loaded.errors().get(0) + (loaded.errors().size() > 1
                    ? " (and " + (loaded.errors().size() - 1) + " more)" : "")));
        }
        Runbook rb = loaded.runbook();
        if (procedure != null && !rb.procedures().containsKey(procedure)) {
            err().println("runbook: unknown procedure '" + procedure + "'" + Suggestions.didYouMean(procedure, rb.procedures().keySet())
                    + "; procedures: " + String.join(", ", rb.procedures().keySet())
                    + " (see `runbook plan " + file + "`)");
            return notRun("unknown procedure '" + procedure + "'");
        }
        for (String id : checks) {
            if (!rb.checks().containsKey(id)) {
                err().println("runbook: unknown check '" + id + "'" + Suggestions.didYouMean(id, rb.checks().keySet())
                        + "; checks: " + String.join(", ", rb.checks().keySet()));
                return notRun("unknown check '" + id + "'");
            }
        }
        Clock clock = Clock.system(rb.zone());
        boolean terminal = System.console() != null || "1".equals(environment().get("RUNBOOK_PROGRESS"));
        boolean progress = terminal && format == RunFormat.TEXT || "1".equals(environment().get("RUNBOOK_PROGRESS"));
        try (RunbookRuntime runtime = RunbookRuntime.builder(loaded).env(environment()).clock(clock).host(host())
                .incidents(!noActions && !dryRun).warnings(w -> err().println("runbook: warning: " + w))
                .engine(eb -> {
                    if (main != null && main.sleeper() != null) {
                        eb.sleeper(main.sleeper());
                    }
                    if (progress) {
                        eb.listener(new ProgressLine(err(), style()));
                    }
                }).build()) {
            RunRequest.Builder req = RunRequest.builder().procedure(procedure).checks(checks).dryRun(dryRun)
                    .noActions(noActions).operator(operator()).prompter(prompter()).confirmAll(yes);
            Timing.mark("store-open");
            RunResult result = runtime.run(req.build());
            Timing.mark("ran");
            if (result.storeError() != null) {
                err().println("runbook: warning: the results were not recorded: " + result.storeError());
            }
            String text = format.render(result, rb, output == null ? style() : Style.PLAIN);
            if (result.paused()) {
                String footer = dev.runbook.runtime.output.RunTrailText.paused(result, rb, file.toString());
                if (format == RunFormat.TEXT) {
                    text = text + footer;
                } else {
                    err().print(footer);
                }
            }
            if (output != null) {
                try {
                    Path parent = output.toAbsolutePath().getParent();
                    if (parent != null) {
                        Files.createDirectories(parent);
                    }
                    Files.writeString(output, text, StandardCharsets.UTF_8);
                } catch (IOException e) {
                    err().println("runbook: warning: cannot write --output " + output + ": " + e.getMessage()
                            + "; printing to stdout instead");
                    out().print(text);
                }
            } else {
                out().print(text);
            }
            out().flush();
            return result.exitCode();
        }
    }

    /** Nothing could run: {@code --format nagios} still prints its status line (UNKNOWN); exit 3. */
    private int notRun(String reason) {
        if (format == RunFormat.NAGIOS) {
            out().print(RunNagios.unknown(reason));
            out().flush();
        }
        return Main.RUN_FAILED;
    }
}
