package dev.runbook.runtime.rehearsal;

import dev.runbook.core.HistoryReader;
import dev.runbook.core.StateStore;
import dev.runbook.core.action.Outcome;
import dev.runbook.core.engine.ActionRun;
import dev.runbook.core.engine.CheckRun;
import dev.runbook.core.engine.InMemoryRunStore;
import dev.runbook.core.engine.RunJournal;
import dev.runbook.core.engine.RunResult;
import dev.runbook.core.engine.RunStore;
import dev.runbook.core.engine.StepRun;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Where a drill's run is recorded (runbook-format §6, §11): its trail — the run with trigger {@code drill} and one
 * step per drilled check and per remediation step — goes to the runbook's real store, so {@code runbook runs} lists
 * it; its check results do not (no {@code results} rows), so availability and reports never count the forced
 * failure; and the per-check state the engine reads and writes stays in memory, so the next real run is judged as
 * if no drill had happened. Thread-safe as its stores are.
 */
final class DrillRuns implements RunStore {
    private final InMemoryRunStore scratch = new InMemoryRunStore();
    private final RunStore trails;

    /** Records drill runs' trails to {@code trails} (the runbook's store, not closed by this). */
    DrillRuns(RunStore trails) {
        this.trails = Objects.requireNonNull(trails, "trails");
    }

    @Override
    public void record(RunResult run) {
        recordRun(run);
    }

    @Override
    public long recordRun(RunResult run) {
        scratch.record(run);
        return trails.recordRun(new RunResult(run.runbook(), run.procedure(), run.status(), run.startedAt(),
                run.duration(), run.operator(), List.of(), run.steps().isEmpty() ? steps(run) : run.steps(),
                run.incidents(), run.dryRun(), run.storeError(), run.trail()));
    }

    /** The trail of an ad-hoc drill: each drilled check, then each of its remediation steps as it ran. */
    static List<StepRun> steps(RunResult run) {
        List<StepRun> out = new ArrayList<>();
        Instant start = run.startedAt().toInstant();
        for (CheckRun r : run.results()) {
            if (r.skipped()) {
                continue;
            }
            Instant at = r.at() != null ? r.at() : start;
            Duration took = r.duration() == null ? Duration.ZERO : r.duration();
            out.add(new StepRun(out.size() + 1, r.title() == null ? r.check() : r.title(), "check", r.firstStatus(),
                    null, r.check() + " " + r.firstStatus() + ": " + r.message(), took, List.of(r.check()), at,
                    at.plus(took), r.firstStatus()));
            Instant next = at.plus(took);
            for (ActionRun a : r.actions()) {
                Duration d = a.duration() == null ? Duration.ZERO : a.duration();
                boolean failed = a.outcome() == Outcome.FAILED || a.outcome() == Outcome.TIMED_OUT;
                out.add(new StepRun(out.size() + 1, a.step(), kind(a.step()), failed ? dev.runbook.core.Status.CRITICAL
                        : null, a.outcome(), a.message(), d, a.step().startsWith("recheck ") ? List.of(r.check())
                        : List.of(), next, next.plus(d), failed ? dev.runbook.core.Status.CRITICAL : null));
                next = next.plus(d);
            }
        }
        return out;
    }

    private static String kind(String step) {
        for (String k : List.of("recheck", "wait", "escalate")) {
            if (step.startsWith(k + " ")) {
                return k;
            }
        }
        return "action";
    }

    @Override
    public RunJournal journal() {
        return trails.journal();
    }

    @Override
    public StateStore state() {
        return scratch.state();
    }

    @Override
    public HistoryReader history() {
        return scratch.history();
    }

    /** Closes the in-memory part; the runbook's store stays open for its owner. */
    @Override
    public void close() {
        scratch.close();
    }
}
