package dev.runbook.cli;

import dev.runbook.core.engine.RunRequest;
import dev.runbook.core.engine.RunResult;
import dev.runbook.core.engine.StoredRun;
import dev.runbook.core.model.Runbook;
import dev.runbook.runtime.Confirmation;
import dev.runbook.runtime.RunbookRuntime;
import dev.runbook.runtime.output.RunFormat;
import dev.runbook.yaml.LoadResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
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
        if (!dev.runbook.store.Store.isServer(store) && !Files.exists(store)) { // a server has no file to look for
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
            Confirmation c = Confirmation.of(rb, runtime.store().journal(), runId, clock.instant(), file.toString());
            if (c.verdict() != Confirmation.Verdict.READY) {
                err().println("runbook: " + c.message());
                return c.verdict() == Confirmation.Verdict.EXPIRED ? c.run().status().exitCode() : Main.INVALID;
            }
            StoredRun run = c.run();
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
                out().print(dev.runbook.runtime.output.RunTrailText.paused(result, rb, file.toString()));
            }
            out().flush();
            return result.exitCode();
        }
    }
}
