package dev.runbook.runtime.schedule;

import dev.runbook.core.model.ReportDefinition;
import dev.runbook.core.model.Runbook;
import java.time.ZonedDateTime;

/**
 * What the daemon does when a report's {@code schedule} is due (runbook-format §8: render and send).  The launcher's
 * daemon renders and sends through {@code dev.runbook.reports.Reports}; {@link #NONE} is for embedding without
 * reports. Called on the scheduler's worker threads, one call per report at a time;
 * implementations must be thread-safe and may block on I/O.
 */
@FunctionalInterface
public interface ReportHook {
    /** The default: does nothing but say so. */
    ReportHook NONE = (runbook, report, due) -> "reports not available in this build";

    /**
     * Renders and sends one scheduled report.
     *
     * @param due the fire time that triggered it, in the runbook's zone
     * @return what was done, for the log ("daily report sent to ops-webhook")
     * @throws Exception on failure: logged, and the schedule carries on
     */
    String fire(Runbook runbook, ReportDefinition report, ZonedDateTime due) throws Exception;
}
