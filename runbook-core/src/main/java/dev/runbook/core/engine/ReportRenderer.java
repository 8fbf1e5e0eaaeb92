package dev.runbook.core.engine;

import dev.runbook.core.model.Runbook;

/**
 * Renders (and sends) a report for a {@code {report: id}} step. The reports module provides one; without it the
 * step is skipped saying so. Thread-safe; blocks on I/O.
 */
@FunctionalInterface
public interface ReportRenderer {
    /**
     * @return what was done, for the checklist ("daily report sent to ops-webhook")
     * @throws Exception on failure: the step then fails
     */
    String render(Runbook runbook, String reportId, boolean dryRun) throws Exception;
}
