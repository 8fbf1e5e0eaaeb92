package dev.runbook.core.engine;

import dev.runbook.core.CheckResult;
import dev.runbook.core.Status;
import dev.runbook.core.action.Outcome;
import dev.runbook.core.model.CheckDefinition;
import dev.runbook.core.model.Remediation;
import dev.runbook.core.model.Step;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What follows a check's first result: its remediation's steps (within the attempts limit), the incident it opens
 * when it stays CRITICAL, and resolving incidents on recovery. Runs on the run's thread; not thread-safe.
 */
final class RemediationRun {
    private static final Logger LOG = LoggerFactory.getLogger(RemediationRun.class);
    private static final String ATTEMPTS_KEY = "remediation.attempts";

    private final Run run;

    RemediationRun(Run run) {
        this.run = run;
    }

    /**
     * True if {@link #apply} runs remediation steps or opens an incident for this first result: what can take a
     * while (a restart, a wait, a recheck, a notification) after the check itself has finished.
     */
    boolean acts(CheckRun r) {
        if (r.skipped() || r.waived() || r.maintenance() || r.status() == Status.OK || run.req.noActions()) {
            return false;
        }
        CheckDefinition def = run.rb.check(r.check());
        return def.remediationFor(r.status()) != null || (r.status() == Status.CRITICAL && def.incident() != null);
    }

    /** Remediation, incidents and recovery for a first result; {@code batch} knows what the batch already ran. */
    CheckRun apply(CheckRun r, BatchActions batch) {
        if (r.skipped() || r.waived() || r.maintenance()) {
            return r;
        }
        CheckDefinition def = run.rb.check(r.check());
        if (r.status() == Status.OK) {
            // only checks that can remediate or open incidents have anything to reset: no store traffic for the rest
            if (r.pending() == null && !run.req.dryRun() && hasLimit(def)) {
                run.state.put(def.id(), ATTEMPTS_KEY, null);
            }
            if (!run.req.noActions() && !run.req.dryRun() && r.pending() == null
                    && (def.incident() != null || !def.remediations().isEmpty())) {
                Run.contained("resolving incidents of " + def.id(),
                        () -> run.incidents.recovered(def.id(), Run.toResult(r), r.at()));
            }
            return r;
        }
        if (run.req.noActions()) {
            return r;
        }
        List<ActionRun> actions = new ArrayList<>();
        CheckRun last = null;
        Remediation rem = def.remediationFor(r.status());
        if (rem != null) {
            List<Step> plan = rem.steps();
            if (rem.limit() != null) {
                List<Instant> attempts = attempts(def.id(), rem.limit().within());
                if (attempts.size() >= rem.limit().attempts()) {
                    plan = rem.limit().then();
                    actions.add(new ActionRun("limit", Outcome.DONE, rem.limit().attempts() + " attempts within "
                            + Run.human(rem.limit().within())
                            + " without lasting recovery: running the limit's steps instead", Duration.ZERO));
                } else if (!run.req.dryRun()) {
                    attempts.add(run.clock.instant());
                    run.state.put(def.id(), ATTEMPTS_KEY, String.join(",", attempts.stream()
                            .map(i -> Long.toString(i.toEpochMilli())).toList()));
                }
            }
            StepSequence seq = new StepSequence(run, def, r);
            BatchActions.Remediation shared = batch.forCheck(def.id());
            for (Step s : plan) {
                ActionRun already = shared.skipped(s);
                ActionRun a = already != null ? already : seq.runStep(s);
                shared.record(s, a, already != null);
                actions.add(a);
                run.events.post("actionFinished", l -> l.actionFinished(def.id(), a));
                if (seq.recovered) {
                    break;
                }
            }
            last = seq.lastRecheck;
        }
        CheckRun fin = Run.withRemediation(r, last, actions);
        if (fin.status() == Status.CRITICAL && def.incident() != null && !escalatedAtLeast(actions, def.incident())) {
            if (fin.flapping()) {
                actions.add(new ActionRun("incident " + def.incident(), Outcome.SKIPPED, "flapping: no incident opened",
                        Duration.ZERO));
            } else {
                CheckResult trig = Run.toResult(fin);
                // listeners (an incident timeline's recorder) hear of the remediation before the incident opens
                run.events.drain();
                String msg = Run.containedValue(() -> run.incidents.escalate(
                        IncidentJoins.request(run, def.incident(), def, trig)));
                IncidentJoins.escalated(run, def, def.incident(), msg);
                actions.add(new ActionRun("incident " + def.incident(), run.req.dryRun() ? Outcome.DRY_RUN
                        : msg.startsWith("failed") ? Outcome.FAILED : Outcome.DONE, msg, Duration.ZERO));
            }
            fin = Run.withRemediation(r, last, actions);
        } else if (fin.status() == Status.OK && last != null && !run.req.dryRun()) {
            CheckRun recovered = fin;
            Instant okAt = last.at();   // recovered when the recheck saw it OK, not when the run began
            Run.contained("resolving incidents of " + def.id(),
                    () -> run.incidents.recovered(def.id(), Run.toResult(recovered), okAt));
        }
        return fin;
    }

    /** True if an escalate step ran at {@code level} or a more severe one: it already opened (or raised) the incident. */
    private boolean escalatedAtLeast(List<ActionRun> ran, String level) {
        int wanted = run.rb.escalation().rank(level);
        for (ActionRun a : ran) {
            if (a.step().startsWith("escalate ") && (a.outcome() == Outcome.DONE || a.outcome() == Outcome.DRY_RUN)) {
                String l = a.step().substring("escalate ".length());
                if (l.equals(level) || run.rb.escalation().rank(l) < wanted) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean hasLimit(CheckDefinition def) {
        for (Remediation rem : def.remediations().values()) {
            if (rem.limit() != null) {
                return true;
            }
        }
        return false;
    }

    private List<Instant> attempts(String checkId, Duration within) {
        List<Instant> out = new ArrayList<>();
        Optional<String> s = run.state.get(checkId, ATTEMPTS_KEY);
        Instant cutoff = run.clock.instant().minus(within);
        if (s.isPresent() && !s.get().isEmpty()) {
            for (String part : s.get().split(",")) {
                try {
                    Instant i = Instant.ofEpochMilli(Long.parseLong(part));
                    if (i.isAfter(cutoff)) {
                        out.add(i);
                    }
                } catch (NumberFormatException e) {
                    LOG.debug("ignoring damaged attempt entry {}", part);
                }
            }
        }
        return out;
    }
}
