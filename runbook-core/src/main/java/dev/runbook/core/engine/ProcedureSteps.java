package dev.runbook.core.engine;

import dev.runbook.core.Status;
import dev.runbook.core.action.Outcome;
import dev.runbook.core.StoredResult;
import dev.runbook.core.model.Procedure;
import dev.runbook.core.model.Step;
import dev.runbook.core.model.StepCondition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A procedure step by step (runbook-format §6): consecutive check steps run together; a step with a {@code when}
 * runs only if its condition holds; a manual gate is confirmed (on a terminal, by {@code --yes}, or by the
 * {@code confirm} that resumes the run), declined (every later step skipped) or, with nobody to ask, pauses the run
 * there; a recheck that comes back OK ends the procedure. Each step is stored as it finishes; a check step whose
 * checks have remediations also once its checks' results are in, before those remediations run. Runs on the run's
 * thread; not thread-safe.
 */
final class ProcedureSteps {
    private final Run run;
    private final CheckBatch checks;
    private final Procedure procedure;
    private final List<String> batch = new ArrayList<>();
    private final List<Integer> batchSteps = new ArrayList<>();
    /** The gate the run paused at, or null. */
    Integer pausedAt;

    ProcedureSteps(Run run, CheckBatch checks, Procedure procedure) {
        this.run = run;
        this.checks = checks;
        this.procedure = procedure;
    }

    /**
     * Runs the steps from {@code from} (1 for a new run). {@code answer} is the decision on the gate at
     * {@code from} when a paused run resumes, else null.
     */
    void run(int from, Boolean answer) {
        String endedBy = null;
        List<Step> steps = procedure.steps();
        for (int index = from; index <= steps.size(); index++) {
            Step step = steps.get(index - 1);
            if (endedBy != null) {
                add(new StepRun(index, step.title(), kind(step), null, Outcome.SKIPPED, endedBy, Duration.ZERO,
                        checkIds(step), null, null, null));
                continue;
            }
            if (step instanceof Step.When w) {
                flush();
                if (!holds(run, w.condition())) {
                    Instant now = run.clock.instant();
                    add(new StepRun(index, step.title(), kind(step), null, Outcome.SKIPPED, "condition not met ("
                            + w.condition() + ")", Duration.ZERO, checkIds(step), now, now, null));
                    continue;
                }
                step = w.step();
                if (step instanceof Step.Checks cs) {
                    batch.addAll(cs.checkIds());
                    batchSteps.add(index);
                    flush();
                    continue;
                }
            }
            if (step instanceof Step.Checks cs) {
                batch.addAll(cs.checkIds());
                batchSteps.add(index);
                continue;
            }
            flush();
            if (step instanceof Step.Manual m && !run.req.dryRun()) {
                Boolean decided = index == from && answer != null ? answer : run.req.confirmAll() ? Boolean.TRUE : null;
                Optional<Boolean> said = decided != null ? Optional.of(decided) : run.req.prompter().confirm(m.text());
                if (said.isEmpty() && m.gate()) {
                    pausedAt = index;
                    Instant now = run.clock.instant();
                    add(new StepRun(index, m.title(), "manual", Status.UNKNOWN, Outcome.WAITING,
                            "waiting for confirmation", Duration.ZERO, List.of(), now, now, Status.UNKNOWN));
                    return;
                }
                if (manual(index, m, said) && m.gate()) {
                    endedBy = "not run: step " + index + " was declined";
                }
                continue;
            }
            if (runOther(index, step)) {
                endedBy = "not needed: the recheck before it was OK";
            }
        }
        flush();
    }

    /** Records a manual step's answer; true if it was declined. */
    private boolean manual(int index, Step.Manual m, Optional<Boolean> said) {
        Instant now = run.clock.instant();
        String by = run.req.operator() == null ? "" : " by " + run.req.operator();
        StepRun s;
        boolean declined = false;
        if (said.isEmpty()) {
            s = new StepRun(index, m.title(), "manual", null, Outcome.SKIPPED, "not confirmed", Duration.ZERO,
                    List.of(), now, now, Status.UNKNOWN);
        } else if (said.get()) {
            s = new StepRun(index, m.title(), "manual", null, Outcome.DONE, "confirmed" + by, Duration.ZERO,
                    List.of(), now, now, Status.OK);
        } else {
            declined = true;
            s = new StepRun(index, m.title(), "manual", Status.CRITICAL, Outcome.FAILED, "declined" + by,
                    Duration.ZERO, List.of(), now, now, Status.CRITICAL);
        }
        add(s);
        return declined;
    }

    /** True if the condition holds for the checks' latest statuses in this run, else their latest stored. */
    static boolean holds(Run run, StepCondition c) {
        int ok = 0;
        for (String id : c.checkIds()) {
            if (latestStatus(run, id) == Status.OK) {
                ok++;
            }
        }
        return c.whenAllOk() ? ok == c.checkIds().size() : ok < c.checkIds().size();
    }

    private static Status latestStatus(Run run, String id) {
        for (int i = run.results.size() - 1; i >= 0; i--) {
            CheckRun r = run.results.get(i);
            if (r.check().equals(id) && !r.skipped()) {
                return r.status();
            }
        }
        CheckRun inThisRun = run.latest.get(id);
        if (inThisRun != null && !inThisRun.skipped()) {
            return inThisRun.status();
        }
        try {
            return run.history.latest(id).map(StoredResult::status).orElse(Status.UNKNOWN);
        } catch (RuntimeException e) {
            return Status.UNKNOWN;
        }
    }

    private void flush() {
        if (batch.isEmpty()) {
            return;
        }
        List<Integer> steps = List.copyOf(batchSteps);
        Instant start = run.clock.instant();
        List<CheckRun> ran = checks.run(new ArrayList<>(new LinkedHashSet<>(batch)), first -> probed(steps, first,
                start));
        Instant end = run.clock.instant();
        Map<String, CheckRun> byId = byId(ran);
        for (int idx : steps) {
            add(checksStep(idx, byId, start, end));
        }
        batch.clear();
        batchSteps.clear();
    }

    /**
     * The batch's checks have their first results and remediations are about to run (a restart, a 30 s wait, a
     * recheck): each check step is stored now, with the checks' own results and times, so a run killed during a
     * remediation shows the steps whose checks had finished. The step is stored again, with what the remediations
     * made of it, when the batch ends (same index: replaced). A batch with nothing to remediate is stored once.
     */
    private void probed(List<Integer> steps, List<CheckRun> first, Instant start) {
        if (run.storedId <= 0 || !checks.remediates(first)) {
            return;
        }
        Instant at = run.clock.instant();
        Map<String, CheckRun> byId = byId(first);
        for (int idx : steps) {
            store(checksStep(idx, byId, start, at));
        }
    }

    private static Map<String, CheckRun> byId(List<CheckRun> results) {
        Map<String, CheckRun> byId = new HashMap<>();
        for (CheckRun r : results) {
            byId.put(r.check(), r);
        }
        return byId;
    }

    /** A check step as its checks' results show it: "id STATUS; …", the worst counted result. */
    private StepRun checksStep(int idx, Map<String, CheckRun> byId, Instant start, Instant end) {
        Step.Checks cs = (Step.Checks) Step.unwrap(procedure.steps().get(idx - 1));
        StringBuilder msg = new StringBuilder();
        List<Status> counted = new ArrayList<>();
        List<Status> all = new ArrayList<>();
        for (String id : cs.checkIds()) {
            CheckRun r = byId.get(id);
            if (r != null) {
                if (msg.length() > 0) {
                    msg.append("; ");
                }
                msg.append(id).append(' ').append(r.status());
                all.add(r.status());
                if (r.counted()) {
                    counted.add(r.status());
                }
            }
        }
        Status shown = Status.worst(counted.isEmpty() ? all : counted);
        return new StepRun(idx, cs.title(), "checks", null, null, msg.toString(), Duration.between(start, end),
                cs.checkIds(), start, end, shown);
    }

    /** Runs one step that is neither checks nor a gate; true if it ends the procedure (a recheck came back OK). */
    private boolean runOther(int index, Step step) {
        Instant start = run.clock.instant();
        StepSequence seq = new StepSequence(run, null, null);
        ActionRun a = seq.runStep(step);
        Status counts = null;
        if (a.outcome() == Outcome.FAILED || a.outcome() == Outcome.TIMED_OUT) {
            counts = Status.CRITICAL;
        }
        if (step instanceof Step.Manual && a.outcome() != Outcome.DONE && a.outcome() != Outcome.DRY_RUN) {
            counts = Status.UNKNOWN;
        }
        Status shown = counts != null ? counts : a.outcome() == Outcome.SKIPPED ? null : Status.OK;
        if (step instanceof Step.Recheck rc && seq.lastRecheck != null) {
            run.results.add(seq.lastRecheck);
            run.latest.put(rc.checkId(), seq.lastRecheck);
            shown = seq.lastRecheck.status();
        }
        Instant end = run.clock.instant();
        add(new StepRun(index, step.title(), kind(step), counts, a.outcome(), a.message(), a.duration(),
                checkIds(step), start, end, shown));
        return seq.recovered;
    }

    private void add(StepRun s) {
        run.steps.add(s);
        // each step is stored as it finishes: a run killed half-way leaves the steps it did (§6)
        store(s);
        run.events.post("stepFinished", l -> l.stepFinished(s));
    }

    /** Writes a step of the stored run (replacing one of the same index); nothing for a run not stored as it runs. */
    private void store(StepRun s) {
        if (run.storedId > 0) {
            Run.contained("storing step " + s.index() + " of run " + run.storedId,
                    () -> run.kernel.store().recordStep(run.storedId, run.req.trigger(), s));
        }
    }

    private static List<String> checkIds(Step s) {
        Step inner = Step.unwrap(s);
        if (inner instanceof Step.Checks cs) {
            return cs.checkIds();
        }
        return inner instanceof Step.Recheck rc ? List.of(rc.checkId()) : List.of();
    }

    static String kind(Step s) {
        Step inner = Step.unwrap(s);
        if (inner instanceof Step.Checks) {
            return "checks";
        } else if (inner instanceof Step.Run) {
            return "action";
        } else if (inner instanceof Step.Wait) {
            return "wait";
        } else if (inner instanceof Step.Recheck) {
            return "recheck";
        } else if (inner instanceof Step.Escalate) {
            return "escalate";
        } else if (inner instanceof Step.Report) {
            return "report";
        }
        return "manual";
    }
}
