package dev.runbook.core.engine;

import dev.runbook.core.Status;
import dev.runbook.core.action.Outcome;
import dev.runbook.core.escalation.Incident;
import dev.runbook.core.model.Runbook;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
            if (!req.dryRun()) {
                Run.contained("expiring paused runs", () -> PausedRuns.expireDue(run.kernel.store().journal(), run.rb,
                        run.clock.instant()));
            }
            ProcedureSteps steps = null;
            Status prior = null;
            if (req.resume() != null) {
                StoredRun paused = run.kernel.store().journal().run(run.rb.id(), req.resume().id())
                        .orElse(req.resume());
                if (paused.state() != RunState.PAUSED) {
                    throw new IllegalStateException("run " + paused.id() + " is " + paused.state().word()
                            + ", no longer paused: there is nothing to confirm");
                }
                // two confirms of one paused run: only the one that claims it resumes it (§6)
                if (!run.kernel.store().journal().claim(run.rb.id(), paused.id(), run.clock.instant())) {
                    throw new IllegalStateException("run " + paused.id() + " is no longer paused: another confirm"
                            + " resumed it first; nothing was done (see `runbook runs` for how it went on)");
                }
                synchronized (run.captured) {
                    run.captured.putAll(paused.captured());
                }
                prior = paused.statusBeforeGate();
                run.storedId = paused.id();
                steps = new ProcedureSteps(run, checks, run.rb.procedures().get(req.procedure()));
                steps.run(paused.pausedAtStep(), req.resumeConfirmed());
            } else if (req.procedure() != null) {
                if (!req.dryRun()) {
                    try {
                        run.storedId = run.kernel.store().startRun(run.rb.id(), req.procedure(),
                                startedAt.toInstant(), req.operator(), new RunTrail(null, req.trigger(), req.host(),
                                        RunState.RUNNING, null, Map.of(), null, null));
                    } catch (RunStore.StoreException | IllegalStateException e) {
                        LOG.warn("could not store the start of the run; it is stored at its end: {}", e.toString());
                    }
                }
                steps = new ProcedureSteps(run, checks, run.rb.procedures().get(req.procedure()));
                steps.run(1, null);
            } else {
                checks.run(req.checks().isEmpty() ? new ArrayList<>(run.rb.checks().keySet()) : req.checks());
            }
            run.steps.sort((a, b) -> Integer.compare(a.index(), b.index()));
            List<Status> counted = new ArrayList<>();
            if (prior != null) {
                counted.add(prior);
            }
            for (CheckRun r : run.results) {
                if (r.counted()) {
                    counted.add(r.status());
                }
            }
            Status beforeGate = null;
            for (StepRun s : run.steps) {
                if (s.status() != null) {
                    counted.add(s.status());
                }
            }
            Integer pausedAt = steps == null ? null : steps.pausedAt;
            if (pausedAt != null) {
                List<Status> before = new ArrayList<>(counted);
                for (StepRun s : run.steps) {
                    if (s.outcome() == Outcome.WAITING) {
                        before.remove(s.status());
                    }
                }
                beforeGate = Status.worst(before);
            }
            Map<String, String> captured;
            synchronized (run.captured) {
                captured = new LinkedHashMap<>(run.captured);
            }
            captured.values().removeIf(java.util.Objects::isNull);
            RunTrail trail = new RunTrail(req.resume() != null ? Long.valueOf(req.resume().id()) : run.storedId > 0
                    ? Long.valueOf(run.storedId) : null, req.trigger(), req.host(),
                    pausedAt != null ? RunState.PAUSED : RunState.FINISHED, pausedAt,
                    pausedAt != null ? captured : Map.of(),
                    req.resume() == null ? null : req.resume().pausedAtStep(), beforeGate);
            if (req.procedure() != null && !req.dryRun() && !req.noActions() && pausedAt == null) {
                // a run paused at a gate has not ended: its procedure's incidents wait for the resumed part
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
                    req.dryRun(), null, trail);
            if (!req.dryRun()) {
                try {
                    long id = run.kernel.store().recordRun(result);
                    if (id > 0) {
                        // a store that keeps no trail (the RunStore default) gives no id: the run cannot be confirmed
                        result = result.withRunId(id);
                    }
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
}
