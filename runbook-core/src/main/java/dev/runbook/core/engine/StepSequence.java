package dev.runbook.core.engine;

import dev.runbook.core.CheckResult;
import dev.runbook.core.Secret;
import dev.runbook.core.Status;
import dev.runbook.core.action.ActionResult;
import dev.runbook.core.action.Outcome;
import dev.runbook.core.invoke.Completion;
import dev.runbook.core.model.ActionDefinition;
import dev.runbook.core.model.CheckDefinition;
import dev.runbook.core.model.Step;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Runs remediation or procedure steps in order, sharing captured values and the recovered flag. Actions and
 * rechecks go through the one timed invocation; in dry-run an action's code is never called, its type describes
 * what it would do. Runs on the run's thread; not thread-safe.
 */
final class StepSequence {
    private final Run run;
    private final CheckDefinition check;
    private final CheckRun trigger;
    CheckRun lastRecheck;
    boolean recovered;

    StepSequence(Run run, CheckDefinition check, CheckRun trigger) {
        this.run = run;
        this.check = check;
        this.trigger = trigger;
    }

    ActionRun runStep(Step step) {
        long t0 = System.nanoTime();
        ActionRun a;
        try {
            a = dispatch(step);
        } catch (RuntimeException e) {
            a = new ActionRun(step.title(), Outcome.FAILED, run.scrub(Completion.describe(e)), null);
        }
        return new ActionRun(a.step(), a.outcome(), run.scrub(a.message()), Duration.ofNanos(System.nanoTime() - t0));
    }

    private ActionRun dispatch(Step step) {
        if (step instanceof Step.When w) {
            if (!ProcedureSteps.holds(run, w.condition())) {
                return new ActionRun(step.title(), Outcome.SKIPPED, "condition not met (" + w.condition() + ")", null);
            }
            return dispatch(w.step());
        }
        if (step instanceof Step.Run r) {
            return runAction(r.action());
        }
        if (step instanceof Step.Wait w) {
            return await(step, w.duration());
        }
        if (step instanceof Step.Recheck rc) {
            if (run.req.dryRun()) {
                return new ActionRun(step.title(), Outcome.DRY_RUN, "would recheck " + rc.checkId(), null);
            }
            CheckRun r = recheck(rc.checkId());
            lastRecheck = r;
            recovered = r.status() == Status.OK;
            return new ActionRun(step.title(), Outcome.DONE, r.status().name()
                    + (r.status() == Status.OK ? "" : ": " + r.message()), null);
        }
        if (step instanceof Step.Escalate e) {
            if (run.req.noActions()) {
                return new ActionRun(step.title(), Outcome.SKIPPED, "--no-actions", null);
            }
            if (check != null && trigger != null && trigger.flapping()) {
                return new ActionRun(step.title(), Outcome.SKIPPED, "flapping: no incident opened", null);
            }
            run.events.drain();
            CheckResult cause = lastRecheck != null ? Run.toResult(lastRecheck)
                    : trigger == null ? null : Run.toResult(trigger);
            String msg = run.incidents.escalate(IncidentJoins.request(run, e.level(), check, cause));
            IncidentJoins.escalated(run, check, e.level(), msg);
            return new ActionRun(step.title(), run.req.dryRun() ? Outcome.DRY_RUN : Outcome.DONE, msg, null);
        }
        if (step instanceof Step.Report rep) {
            if (run.kernel.reports() == null) {
                return new ActionRun(step.title(), Outcome.SKIPPED, "no report renderer is configured", null);
            }
            try {
                return new ActionRun(step.title(), run.req.dryRun() ? Outcome.DRY_RUN : Outcome.DONE,
                        run.kernel.reports().render(run.rb, rep.reportId(), run.req.dryRun()), null);
            } catch (Exception ex) {
                return new ActionRun(step.title(), Outcome.FAILED, Completion.describe(ex), null);
            }
        }
        if (step instanceof Step.Manual m) {
            if (run.req.dryRun()) {
                return new ActionRun(step.title(), Outcome.DRY_RUN, "would ask: " + m.text(), null);
            }
            Optional<Boolean> answer = run.req.prompter().confirm(m.text());
            if (answer.isEmpty()) {
                return new ActionRun(step.title(), Outcome.SKIPPED, "not confirmed", null);
            }
            return answer.get() ? new ActionRun(step.title(), Outcome.DONE, "confirmed"
                    + (run.req.operator() == null ? "" : " by " + run.req.operator()), null)
                    : new ActionRun(step.title(), Outcome.FAILED, "declined", null);
        }
        throw new IllegalStateException("a checks step cannot run inside a remediation");
    }

    private ActionRun await(Step step, Duration duration) {
        if (run.req.dryRun()) {
            return new ActionRun(step.title(), Outcome.DRY_RUN, "would wait " + Run.human(duration), null);
        }
        Instant before = run.clock.instant();
        try {
            run.kernel.sleeper().sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ActionRun(step.title(), Outcome.FAILED, "interrupted while waiting", null);
        }
        // say what the clock saw: a sleeper may shorten waits (the demo does, and so does closing the engine)
        Duration waited = Duration.between(before, run.clock.instant());
        boolean shortened = waited.compareTo(duration.multipliedBy(9).dividedBy(10)) < 0;
        return new ActionRun(step.title(), Outcome.DONE, shortened
                ? "waited " + Run.human(waited) + " of " + Run.human(duration) + " (the wait was shortened)"
                : "waited " + Run.human(duration), null);
    }

    private ActionRun runAction(ActionDefinition def) {
        String label = def.id();
        if (run.req.noActions()) {
            return new ActionRun(label, Outcome.SKIPPED, "--no-actions", null);
        }
        if (!def.missingSecrets().isEmpty()) {
            return new ActionRun(label, Outcome.FAILED, "secret " + def.missingSecrets().iterator().next()
                    + " is not set", null);
        }
        // listeners (an incident timeline's recorder) hear of earlier steps before an action may open an incident
        run.events.drain();
        StepContext ctx = new StepContext(run, def, check, trigger, run.clock.instant().plus(def.timeout()));
        String key = run.rb.id() + "/action/" + def.id();
        if (run.req.dryRun()) {
            // the action's code is never called in dry-run: its type says what it would do
            Completion<String> c = run.kernel.invoker().call(key, def.timeout(), () -> def.action().describe(ctx));
            String said = c.kind() == Completion.Kind.RETURNED && c.value() != null ? c.value()
                    : "would run " + def.id() + " (it could not describe itself: " + c.describe(def.timeout()) + ")";
            return new ActionRun(label, Outcome.DRY_RUN, said, null);
        }
        Completion<ActionResult> c = run.kernel.invoker().call(key, def.timeout(), () -> def.action().execute(ctx));
        ActionResult r = switch (c.kind()) {
            case RETURNED -> c.value() == null ? ActionResult.failed("the action returned no result") : c.value();
            case FAILED -> c.error() instanceof Secret.SecretNotSetException e ? ActionResult.failed(e.getMessage())
                    : c.error() instanceof InterruptedException ? ActionResult.timedOut("interrupted")
                    : ActionResult.failed(Completion.describe(c.error()));
            case TIMED_OUT -> ActionResult.timedOut(c.describe(def.timeout()));
            default -> ActionResult.failed(c.describe(def.timeout()));
        };
        return new ActionRun(label, r.outcome(), r.message(), null);
    }

    /** Runs a check again with its raw thresholds, within its timeout; not while its abandoned run lives. */
    private CheckRun recheck(String id) {
        CheckDefinition def = run.rb.check(id);
        Instant at = run.clock.instant();
        Completion<CheckResult> c = run.submitProbe(def).join();
        return run.secrets.scrubbed(Evaluation.evaluate(def, Run.raw(c, def.timeout()), at, Run.took(c, def.timeout()),
                true, run.zone, run.rb.maintenance(), run.state, run::scrub));
    }
}
