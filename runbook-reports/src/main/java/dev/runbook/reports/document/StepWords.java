package dev.runbook.reports.document;

import dev.runbook.core.escalation.Level;
import dev.runbook.core.model.CheckDefinition;
import dev.runbook.core.model.ReportDefinition;
import dev.runbook.core.model.Runbook;
import dev.runbook.core.model.Step;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Steps of procedures and remediations in words, as an operator reads them in the seed: "Restart estimator",
 * "Wait 30 s", "Check health again: OK means recovered and the rest is skipped", "If still failing: escalate
 * to P1 (Complete service outage), notifying infra-manager". Stateless apart from the runbook it reads.
 */
final class StepWords {
    private final Runbook rb;

    StepWords(Runbook rb) {
        this.rb = rb;
    }

    /** The steps, numbered by the caller; steps after a recheck say they run only while the problem persists. */
    List<String> of(List<Step> steps) {
        List<String> out = new ArrayList<>();
        boolean afterRecheck = false;
        for (Step s : steps) {
            String w = of(s);
            out.add(afterRecheck && !(s instanceof Step.Recheck) ? "If still failing: " + lowerFirst(w) : w);
            if (s instanceof Step.Recheck) {
                afterRecheck = true;
            }
        }
        return out;
    }

    /** One step in words. */
    String of(Step s) {
        if (s instanceof Step.Run r) {
            String type = r.action().type();
            return r.action().label() + " (" + type + " action, at most " + Criteria.duration(seconds(r.action().timeout()))
                    + ")";
        }
        if (s instanceof Step.Wait w) {
            return "Wait " + Criteria.duration(seconds(w.duration()));
        }
        if (s instanceof Step.Recheck r) {
            return "Check " + checkName(r.checkId()) + " again: OK means recovered, and the remaining steps are skipped";
        }
        if (s instanceof Step.Escalate e) {
            return "Escalate: " + level(e.level());
        }
        if (s instanceof Step.Report r) {
            ReportDefinition d = rb.reports().get(r.reportId());
            return "Send the report " + (d != null && d.title() != null ? d.title() : r.reportId()) + " (see Reports)";
        }
        if (s instanceof Step.Manual m) {
            return "Manual: " + m.text() + " — an operator confirms it; without a terminal the run pauses here";
        }
        if (s instanceof Step.Checks c) {
            List<String> names = new ArrayList<>();
            for (String id : c.checkIds()) {
                names.add(checkName(id));
            }
            return "Check " + String.join(", ", names);
        }
        return s.title();
    }

    /** "a P1 incident (Complete service outage), notifying infra-manager, ops". */
    String level(String id) {
        Level l = rb.escalation().levels().get(id);
        if (l == null) {
            return "open a " + id + " incident";
        }
        return "open (or raise to) a " + id + " incident" + (l.title() != null ? " (" + l.title() + ")" : "")
                + (l.recipients().isEmpty() ? "" : ", notifying " + String.join(", ", l.recipients()));
    }

    /** "the Disk usage check (disk)". */
    String checkName(String id) {
        CheckDefinition c = rb.checks().get(id);
        return c == null || c.title() == null ? id : c.title() + " (" + id + ")";
    }

    static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }

    private static String lowerFirst(String s) {
        if (s.isEmpty() || s.length() > 1 && Character.isUpperCase(s.charAt(1))) {
            return s;
        }
        return Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }
}
