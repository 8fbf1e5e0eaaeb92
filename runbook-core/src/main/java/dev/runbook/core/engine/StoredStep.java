package dev.runbook.core.engine;

import dev.runbook.core.Status;
import java.time.Instant;
import java.util.List;

/**
 * One step of a stored run, as {@code runbook runs show} prints it. Immutable.
 *
 * @param index      position in the procedure, from 1
 * @param title      checklist title
 * @param kind       {@code check}, {@code group}, {@code action}, {@code wait}, {@code recheck}, {@code escalate},
 *                   {@code report} or {@code manual}
 * @param status     the status it shows, or null for a step that did not run
 * @param counted    true if the status counts toward the run's
 * @param outcome    {@code done}, {@code failed}, {@code timed_out}, {@code skipped}, {@code dry_run}, or null for
 *                   a checks step
 * @param message    what happened
 * @param checks     the checks it ran
 * @param startedAt  start, or null
 * @param finishedAt end, or null
 * @param trigger    what ran this part of the run ({@code confirm} for the steps after a resumed gate)
 */
public record StoredStep(int index, String title, String kind, Status status, boolean counted, String outcome,
                         String message, List<String> checks, Instant startedAt, Instant finishedAt, String trigger) {
    public StoredStep {
        checks = checks == null ? List.of() : List.copyOf(checks);
    }

    /** How a step that ran is stored; {@code trigger} is what ran this part of the run. */
    public static StoredStep of(StepRun s, String trigger) {
        String kind = s.kind();
        if ("checks".equals(kind)) {
            kind = s.checks().size() == 1 && s.title().equals(s.checks().get(0)) ? "check" : "group";
        }
        return new StoredStep(s.index(), s.title(), kind, s.shown(), s.status() != null,
                s.outcome() == null ? null : s.outcome().word(), s.message(), s.checks(), s.startedAt(),
                s.finishedAt(), trigger);
    }
}
