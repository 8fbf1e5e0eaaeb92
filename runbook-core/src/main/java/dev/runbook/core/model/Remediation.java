package dev.runbook.core.model;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What to do when a check fails: ordered steps, and optionally a {@link Limit} after which other steps run
 * instead (Monit's "if 3 restarts within 5 cycles"). A {@link Step.Recheck} that comes back OK ends it as
 * recovered; later steps run only while the problem persists. Immutable.
 */
public record Remediation(String id, List<Step> steps, Limit limit) {
    public Remediation {
        Objects.requireNonNull(id, "id");
        steps = List.copyOf(steps);
        for (Step s : steps) {
            if (s instanceof Step.Checks || s instanceof Step.Report || s instanceof Step.Manual) {
                throw new IllegalArgumentException("remediation '" + id + "': a remediation step is an action, wait, "
                        + "recheck or escalate, found " + s.getClass().getSimpleName().toLowerCase());
            }
        }
    }

    /** A remediation without limit. */
    public static Remediation of(String id, List<Step> steps) {
        return new Remediation(id, steps, null);
    }

    /**
     * After {@code attempts} runs within {@code within} without lasting recovery, run {@code then} instead.
     */
    public record Limit(int attempts, Duration within, List<Step> then) {
        public Limit {
            if (attempts < 1) {
                throw new IllegalArgumentException("limit.attempts must be at least 1, found " + attempts);
            }
            Objects.requireNonNull(within, "within");
            then = List.copyOf(then);
        }
    }
}
