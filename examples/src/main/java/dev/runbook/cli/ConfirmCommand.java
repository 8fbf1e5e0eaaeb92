package dev.runbook.cli;

import dev.runbook.core.engine.RunJournal;
import dev.runbook.core.engine.RunRequest;
import dev.runbook.core.engine.RunResult;
import dev.runbook.core.engine.RunState;
import dev.runbook.core.engine.StoredRun;
import dev.runbook.core.model.Procedure;
import dev.runbook.core.model.Runbook;
import dev.runbook.core.model.Step;
import dev.runbook.runtime.RunbookRuntime;
import dev.runbook.runtime.output.RunFormat;
import dev.runbook.yaml.LoadResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code runbook confirm FILE RUN_ID [--decline] [--operator NAME]}: resumes a run paused at a manual gate
 * (runbook-format §6): the gate is confirmed (or declined: CRITICAL "declined by NAME", every later step skipped)
 * by the operator ({@code --operator}, else {@code $USER}), and the run goes on from there in this process,
 * recorded in the same run with trigger {@code confirm}. A later gate is asked on a terminal, or pauses the run
 * again. A run paused longer than its procedure's {@code pause_timeout} is expired instead, and nothing after its
 * gate runs. Exit: the run's worst counted status 0–3 (3 for an expired run); 1 for an invalid file, an unknown run
 * or a run that is not paused; 2 for a usage error. Blocks until the resumed part is done.
 */
@Command(name = "confirm", mixinStandardHelpOptions = true,
        description = {"Resumes a run paused at a manual step: confirms it (or declines it) and runs the rest.",
                "Exit: the run's worst status (0-3; 3 if it expired); 1 invalid file, unknown or not paused run; 2 usage."})
public final class ConfirmCommand extends Verb {
    @Parameters(index = "0", paramLabel = "FILE", description = "The runbook file.")
    Path file;

    @Parameters(index = "1", paramLabel = "RUN_ID", description = "The paused run (see `runbook runs FILE`).")
    long runId;

    @Option(names = "--decline", description = "Decline the step: it is CRITICAL and every later step is skipped.")
    boolean decline;

    @Override
    public Integer call() {
        LoadResult loaded = load(file);
        printProblems(loaded);
        if (!loaded.isValid()) {
            return Main.INVALID;
        }
        Runbook rb = loaded.runbook();
        Clock clock = Clock.system(rb.zone());
        Path store = RunbookRuntime.storePath(rb, environment());
        if (!Files.exists(store)) {
            err().println("runbook: no run " + runId + " in " + store + " (nothing has been run yet)");
            return Main.INVALID;
        }
        String by = operator() != null ? operator()
                : environment().getOrDefault("USER", environment().getOrDefault("LOGNAME", "unknown"));
        try (RunbookRuntime runtime = RunbookRuntime.builder(loaded).env(environment()).clock(clock)
                .warnings(w -> err().println("runbook: warning: " + w))
                .engine(eb -> {
                    if (main != null && main.sleeper() != null) {
                        eb.sleeper(main.sleeper());
                    }
                }).build()) {
            if (!runtime.recorded()) {
                err().println("runbook: cannot read the store " + runtime.storePath() + ": " + runtime.storeProblem());
                return Main.INVALID;
            }
            RunJournal journal = runtime.store().journal();
            Optional<StoredRun> found = journal.run(rb.id(), runId);
            if (found.isEmpty()) {
                err().println("runbook: no run " + runId + " of " + rb.id() + " in " + store
                        + " (see `runbook runs " + file + "`)");
                return Main.INVALID;
            }
            StoredRun run = found.get();
            Instant now = clock.instant();
            StoredRun seen = run.asOf(now, rb);
            if (seen.state() == RunState.EXPIRED) {
                Procedure p = rb.procedures().get(run.procedure());
                String why = "not confirmed within " + Procedure.words(p == null ? Procedure.DEFAULT_PAUSE_TIMEOUT
                        : p.pauseTimeout());
                if (run.state() == RunState.PAUSED) {
                    journal.expire(rb.id(), run.id(), seen.finishedAt(), why);
                }
                err().println("runbook: run " + runId + " expired at step " + run.pausedAtStep() + " (" + why
                        + "); nothing after the gate ran. Start a new run: runbook run " + file + " --procedure "
                        + run.procedure());
                return seen.status().exitCode();
            }
            if (run.state() != RunState.PAUSED) {
                err().println("runbook: run " + runId + " is " + run.state().word() + ", not paused: there is nothing to "
                        + "confirm (see `runbook runs " + file + " show " + runId + "`)");
                return Main.INVALID;
            }
            Procedure p = rb.procedures().get(run.procedure());
            if (p == null || run.pausedAtStep() > p.steps().size()
                    || !(Step.unwrap(p.steps().get(run.pausedAtStep() - 1)) instanceof Step.Manual)) {
                err().println("runbook: run " + runId + " paused at step " + run.pausedAtStep() + " of procedure '"
                        + run.procedure() + "', which " + (p == null ? "is no longer in " + file
                        : "is no longer a manual step in " + file) + "; start a new run instead");
                return Main.INVALID;
            }
            RunResult result;
            try {
                result = runtime.run(RunRequest.builder().resume(run, !decline).operator(by)
                        .prompter(prompter()).build());
            } catch (IllegalStateException e) {
                err().println("runbook: " + e.getMessage());
                return Main.INVALID;
            }
            if (result.storeError() != null) {
                err().println("runbook: warning: the results were not recorded: " + result.storeError());
            }
            out().println((decline ? "Declined" : "Confirmed") + " step " + run.pausedAtStep() + " of run " + runId
                    + " by " + by + ".");
            out().print(RunFormat.TEXT.render(result, rb, style()));
            if (result.paused()) {
                out().print(GateText.paused(result, rb, file));
            }
            out().flush();
            return result.exitCode();
        }
    }
}
