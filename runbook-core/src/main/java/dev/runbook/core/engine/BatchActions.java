package dev.runbook.core.engine;

import dev.runbook.core.action.Outcome;
import dev.runbook.core.model.Step;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The actions one batch's remediations have run (contract §5): an action id runs at most once per batch, however
 * many remediations name it. A later remediation records it {@code skipped} "already done by the services
 * remediation", and a {@code wait} that follows only such skipped actions is skipped too; rechecks and escalations
 * always run. Lives for one batch, on the run's thread; not thread-safe.
 */
final class BatchActions {
    /** Which check's remediation ran an action, and how it ended. */
    private record Ran(String check, ActionRun run) {
    }

    private final Map<String, Ran> ran = new HashMap<>();
    /** Checks of this batch that escalated, by level, in the order they did. */
    private final Map<String, java.util.LinkedHashSet<String>> escalated = new HashMap<>();

    /** Notes that a check of this batch escalated to {@code level} (one outage, one incident). */
    void escalated(String checkId, String level) {
        escalated.computeIfAbsent(level, k -> new java.util.LinkedHashSet<>()).add(checkId);
    }

    /** The checks of this batch that escalated to {@code level}, first first. */
    java.util.List<String> escalatedAt(String level) {
        return new java.util.ArrayList<>(escalated.getOrDefault(level, new java.util.LinkedHashSet<>()));
    }

    /** The view of one check's remediation, which tracks whether its waits follow only skipped actions. */
    Remediation forCheck(String checkId) {
        return new Remediation(checkId);
    }

    /** One remediation's steps against the batch's record. */
    final class Remediation {
        private final String check;
        /** Actions since the last wait or recheck: how many, and how many were skipped as already done. */
        private int actionsSince;
        private int skippedSince;

        private Remediation(String check) {
            this.check = check;
        }

        /** The record of a step that must not run because the batch already did it, or null to run it. */
        ActionRun skipped(Step step) {
            if (step instanceof Step.Run r) {
                Ran before = ran.get(r.action().id());
                if (before == null) {
                    return null;
                }
                String how = before.run().outcome() == Outcome.DONE || before.run().outcome() == Outcome.DRY_RUN
                        ? "already done by the " + before.check() + " remediation"
                        : "already run by the " + before.check() + " remediation ("
                        + before.run().outcome().name().toLowerCase(java.util.Locale.ROOT) + ")";
                return new ActionRun(r.action().id(), Outcome.SKIPPED, how, Duration.ZERO);
            }
            if (step instanceof Step.Wait && actionsSince > 0 && skippedSince == actionsSince) {
                return new ActionRun(step.title(), Outcome.SKIPPED,
                        "the actions before it were already done by another remediation of this batch", Duration.ZERO);
            }
            return null;
        }

        /** Notes what a step did (or that it was skipped as already done). */
        void record(Step step, ActionRun a, boolean skippedAsDone) {
            if (step instanceof Step.Run r) {
                actionsSince++;
                if (skippedAsDone) {
                    skippedSince++;
                } else if (a.outcome() != Outcome.SKIPPED) {
                    // --no-actions skips are not runs: nothing was done that another remediation could rely on
                    ran.putIfAbsent(r.action().id(), new Ran(check, a));
                }
            } else if (step instanceof Step.Wait || step instanceof Step.Recheck) {
                actionsSince = 0;
                skippedSince = 0;
            }
        }
    }
}
