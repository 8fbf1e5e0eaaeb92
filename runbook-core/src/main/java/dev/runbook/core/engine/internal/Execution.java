package dev.runbook.core.engine.internal;

import dev.runbook.core.Status;
import dev.runbook.core.action.Outcome;
import dev.runbook.core.engine.ActionRun;
import dev.runbook.core.engine.CheckRun;
import dev.runbook.core.engine.RunRequest;
import dev.runbook.core.engine.RunResult;
import dev.runbook.core.engine.StepRun;
import dev.runbook.core.escalation.Incident;
import dev.runbook.core.engine.RunStore;
import dev.runbook.core.model.Procedure;
import dev.runbook.core.model.Runbook;
import dev.runbook.core.model.Step;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of one runbook: a procedure step by step, or a set of checks; then the run's status, the store and the
 * last event. Runs on the caller's thread and returns within the deadlines of what it runs. Internal: used by
 * {@code Engine}; not API.
 */
public final class Execution {
    private static final Logger LOG = LoggerFactory.getLogger(Execution.class);

    private final Run run;
    private final CheckBatch checks;

    private Execution(Kernel kernel, Runbook rb, RunRequest req) {
        this.run = new Run(kernel, rb, req);
        this.checks = new CheckBatch(run);
    }

    /**
     * Runs what the request asks and returns when it is done.
     *
     * @throws IllegalArgumentException for an unknown procedure or check id
     */
    public static RunResult run(Kernel kernel, Runbook rb, RunRequest req) {
        validate(rb, req);
        return new Execution(kernel, rb, req).run();
    }

    private static void validate(Runbook rb, RunRequest req) {
        if (req.procedure() != null) {
            if (!rb.procedures().containsKey(req.procedure())) {
                throw new IllegalArgumentException("unknown procedure '" + req.procedure() + "' (procedures: "
                        + String.join(", ", rb.procedures().keySet()) + ")");
            }
        } else {
            for (String id : req.checks()) {
                if (!rb.checks().containsKey(id)) {
                    throw new IllegalArgumentException("unknown check '" + id + "'");
                }
            }
        }
    }

    private RunResult run() {
        long t0 = System.nanoTime();
        ZonedDateTime startedAt = ZonedDateTime.ofInstant(run.clock.instant(), run.zone);
        RunRequest req = run.req;
        try {
            if (!req.dryRun() && !req.noActions()) {
                Run.contained("processing due escalations", () -> run.incidents.processDue(run.clock.instant()));
            }
            if (req.procedure() != null) {
                runProcedure(run.rb.procedures().get(req.procedure()));
            } else {
                checks.run(req.checks().isEmpty() ? new ArrayList<>(run.rb.checks().keySet()) : req.checks());
            }
            List<Status> counted = new ArrayList<>();
            for (CheckRun r : run.results) {
                if (r.counted()) {
                    counted.add(r.status());
                }
            }
            for (StepRun s : run.steps) {
                if (s.status() != null) {
                    counted.add(s.status());
                }
            }
            if (req.procedure() != null && !req.dryRun() && !req.noActions()) {
                Status worst = Status.worst(counted);
                Run.contained("resolving the incidents of procedure " + req.procedure(), () -> run.incidents
                        .procedureFinished(req.procedure(), worst, startedAt.toInstant(), run.clock.instant()));
            }
            List<Incident> open = List.of();
            if (!req.noActions()) {
                try {
                    open = run.incidents.open();
                } catch (RuntimeException e) {
                    LOG.warn("could not list open incidents: {}", e.toString());
                }
            }
            RunResult result = new RunResult(run.rb.id(), req.procedure(), Status.worst(counted), startedAt,
                    Duration.ofNanos(System.nanoTime() - t0), req.operator(), run.results, run.steps, open,
                    req.dryRun(), null);
            if (!req.dryRun()) {
                try {
                    run.kernel.store().record(result);
                } catch (RunStore.StoreException | IllegalStateException e) {
                    result = result.withStoreError(e.getMessage());
                }
            }
            RunResult done = result;
            run.events.post("runFinished", l -> l.runFinished(done));
            return result;
        } finally {
            // no listener hears of this run after it has returned
            run.events.finish();
        }
    }

    private void runProcedure(Procedure p) {
        List<String> batch = new ArrayList<>();
        List<Integer> batchSteps = new ArrayList<>();
        boolean ended = false;
        int index = 0;
        for (Step step : p.steps()) {
            index++;
            if (ended) {
                run.steps.add(new StepRun(index, step.title(), kind(step), null, Outcome.SKIPPED,
                        "not needed: the recheck before it was OK", Duration.ZERO));
                continue;
            }
            if (step instanceof Step.Checks) {
                batch.addAll(((Step.Checks) step).checkIds());
                batchSteps.add(index);
                continue;
            }
            flushBatch(p, batch, batchSteps);
            ended = runProcedureStep(index, step);
        }
        flushBatch(p, batch, batchSteps);
        run.steps.sort((a, b) -> Integer.compare(a.index(), b.index()));
    }

    private void flushBatch(Procedure p, List<String> batch, List<Integer> batchSteps) {
        if (batch.isEmpty()) {
            return;
        }
        List<CheckRun> ran = checks.run(new ArrayList<>(new LinkedHashSet<>(batch)));
        Map<String, CheckRun> byId = new HashMap<>();
        for (CheckRun r : ran) {
            byId.put(r.check(), r);
        }
        for (int idx : batchSteps) {
            Step.Checks cs = (Step.Checks) p.steps().get(idx - 1);
            StringBuilder msg = new StringBuilder();
            for (String id : cs.checkIds()) {
                CheckRun r = byId.get(id);
                if (r != null) {
                    if (msg.length() > 0) {
                        msg.append("; ");
                    }
                    msg.append(id).append(' ').append(r.status());
                }
            }
            StepRun s = new StepRun(idx, cs.title(), "checks", null, null, msg.toString(), Duration.ZERO);
            run.steps.add(s);
            run.events.post("stepFinished", l -> l.stepFinished(s));
        }
        batch.clear();
        batchSteps.clear();
    }

    /** Runs one non-check procedure step; true if it ends the procedure (a recheck that came back OK). */
    private boolean runProcedureStep(int index, Step step) {
        long t0 = System.nanoTime();
        StepSequence seq = new StepSequence(run, null, null);
        ActionRun a = seq.runStep(step);
        Status counts = null;
        if (a.outcome() == Outcome.FAILED || a.outcome() == Outcome.TIMED_OUT) {
            counts = Status.CRITICAL;
        }
        if (step instanceof Step.Manual && a.outcome() != Outcome.DONE && a.outcome() != Outcome.DRY_RUN) {
            counts = Status.UNKNOWN;
        }
        if (step instanceof Step.Recheck rc && seq.lastRecheck != null) {
            run.results.add(seq.lastRecheck);
            run.latest.put(rc.checkId(), seq.lastRecheck);
        }
        StepRun s = new StepRun(index, step.title(), kind(step), counts, a.outcome(), a.message(),
                Duration.ofNanos(System.nanoTime() - t0));
        run.steps.add(s);
        run.events.post("stepFinished", l -> l.stepFinished(s));
        return seq.recovered;
    }

    private static String kind(Step s) {
        if (s instanceof Step.Checks) {
            return "checks";
        } else if (s instanceof Step.Run) {
            return "action";
        } else if (s instanceof Step.Wait) {
            return "wait";
        } else if (s instanceof Step.Recheck) {
            return "recheck";
        } else if (s instanceof Step.Escalate) {
            return "escalate";
        } else if (s instanceof Step.Report) {
            return "report";
        }
        return "manual";
    }
}
