package dev.runbook.runtime.output;

import dev.runbook.core.engine.RunResult;
import dev.runbook.core.model.Runbook;

/**
 * The output formats of {@code runbook run --format} (runbook-format §9). Each renders a whole
 * {@link RunResult} to a string; stateless and thread-safe.
 */
public enum RunFormat {
    /** The filled checklist, for people. */
    TEXT,
    /** One JSON object, the §9 contract. */
    JSON,
    /** JUnit XML: a test case per check. */
    JUNIT,
    /** Test Anything Protocol. */
    TAP,
    /** One Nagios plugin line with perfdata. */
    NAGIOS,
    /** Prometheus text exposition, gauges only. */
    PROMETHEUS;

    /**
     * Renders a run.
     *
     * @param result  the run
     * @param runbook the runbook it ran (thresholds for the text), or null
     * @param style   colours for {@link #TEXT}; ignored by the machine formats
     */
    public String render(RunResult result, Runbook runbook, Style style) {
        switch (this) {
            case TEXT: return new ChecklistText(runbook, style).render(result);
            case JSON: return RunJson.render(result);
            case JUNIT: return RunJunit.render(result);
            case TAP: return RunTap.render(result);
            case NAGIOS: return RunNagios.render(result, runbook);
            default: return RunPrometheus.render(result, runbook);
        }
    }
}
