package dev.runbook.runtime.schedule;

import java.util.ArrayList;
import java.util.List;

/** The scheduler's jobs with their next fire times in one line, as the daemon announces them at start. */
public final class NextFireTimes {
    private NextFireTimes() {
    }

    /**
     * {@code next: morning-check Mon 2027-03-15 09:00 +09:00, report weekly ...}, a report job marked "report",
     * "never" for a job that will not fire again; or a sentence saying nothing is scheduled.
     */
    public static String describe(Scheduler scheduler) {
        List<String> parts = new ArrayList<>();
        for (Scheduler.Job j : scheduler.jobs()) {
            parts.add((j.kind() == Scheduler.Kind.REPORT ? "report " : "") + j.id() + " "
                    + (j.next() == null ? "never" : Scheduler.format(j.next())));
        }
        return parts.isEmpty() ? "nothing scheduled (no procedure or report has a schedule)"
                : "next: " + String.join(", ", parts);
    }
}
