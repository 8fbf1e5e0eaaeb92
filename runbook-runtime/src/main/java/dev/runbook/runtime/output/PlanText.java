package dev.runbook.runtime.output;

import dev.runbook.core.Status;
import dev.runbook.core.model.CheckDefinition;
import dev.runbook.core.model.Procedure;
import dev.runbook.core.model.Remediation;
import dev.runbook.core.model.Runbook;
import dev.runbook.core.model.Step;
import dev.runbook.core.quantity.Quantity;
import dev.runbook.core.quantity.Unit;
import dev.runbook.core.schedule.Schedule;
import dev.runbook.core.threshold.MetricThresholds;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The plan of a runbook in words, what {@code runbook plan} prints: each procedure's schedules with their next
 * three fire times in the runbook's zone, its steps, each check's thresholds in words, dependencies, incidents,
 * waivers and remediations step by step, then the checks in no procedure. Runs nothing; pure function of its
 * arguments. Not thread-safe (one instance renders one plan).
 */
public final class PlanText {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEE yyyy-MM-dd HH:mm xxx", Locale.ROOT);

    private final StringBuilder b = new StringBuilder();
    private final Runbook rb;
    private final Style st;

    private PlanText(Runbook rb, Style st) {
        this.rb = rb;
        this.st = st;
    }

    /**
     * The plan of {@code rb}, or of its procedure {@code procedure} alone when that is not null (the caller checks
     * that it exists); fire times are the next three after {@code now}.
     */
    public static String render(Runbook rb, String procedure, ZonedDateTime now, Style st) {
        return new PlanText(rb, st).plan(procedure, now);
    }

    private String plan(String procedure, ZonedDateTime now) {
        b.append(st.bold(rb.title() != null ? rb.title() : rb.id())).append("  (").append(rb.id()).append(", time zone ")
                .append(rb.zone()).append(")\n");
        Set<String> shown = new LinkedHashSet<>();
        for (Procedure p : rb.procedures().values()) {
            if (procedure != null && !procedure.equals(p.id())) {
                continue;
            }
            b.append('\n').append(st.bold(p.label())).append("  (--procedure ").append(p.id()).append(")\n");
            if (p.schedules().isEmpty()) {
                b.append("  schedule: none (run by hand)\n");
            }
            for (Schedule s : p.schedules()) {
                List<String> times = new ArrayList<>();
                for (ZonedDateTime t : s.next(now, rb.zone(), 3)) {
                    times.add(t.format(WHEN));
                }
                b.append("  schedule: ").append(s).append(" — next: ").append(String.join("; ", times)).append('\n');
            }
            int i = 0;
            for (Step step : p.steps()) {
                i++;
                b.append("  ").append(i).append(". ").append(step.title()).append(kind(step)).append('\n');
                if (step instanceof Step.Checks cs) {
                    for (String id : cs.checkIds()) {
                        check(rb.checks().get(id), "       ");
                        shown.add(id);
                    }
                }
            }
        }
        if (procedure == null) {
            List<CheckDefinition> others = rb.checks().values().stream().filter(c -> !shown.contains(c.id())).toList();
            if (!others.isEmpty()) {
                b.append('\n').append(st.bold("Checks in no procedure")).append(" (run with --check ID, or all with no option)\n");
                for (CheckDefinition c : others) {
                    check(c, "  ");
                }
            }
        }
        return b.toString();
    }

    private static String kind(Step s) {
        if (s instanceof Step.Manual) {
            return "  [manual: confirmed at the terminal]";
        } else if (s instanceof Step.Run r) {
            return "  [action " + r.action().type() + ", timeout " + human(r.action().timeout()) + "]";
        } else if (s instanceof Step.Recheck) {
            return "  [OK ends the procedure here]";
        } else if (s instanceof Step.Checks cs && cs.checkIds().size() > 1) {
            return "  [run together]";
        }
        return "";
    }

    private void check(CheckDefinition c, String indent) {
        if (c == null) {
            return;
        }
        b.append(indent).append("- ").append(c.id()).append(" (").append(c.type()).append(")");
        if (c.title() != null) {
            b.append(": ").append(c.title());
        }
        b.append('\n');
        for (Map.Entry<String, MetricThresholds> t : c.thresholds().entrySet()) {
            b.append(indent).append("    ").append(t.getKey()).append(": ").append(t.getValue().describe()).append('\n');
        }
        if (!c.dependsOn().isEmpty()) {
            b.append(indent).append("    depends on ").append(String.join(", ", c.dependsOn()))
                    .append(" (skipped if one is CRITICAL or UNKNOWN)\n");
        }
        if (c.incident() != null) {
            b.append(indent).append("    CRITICAL opens a ").append(c.incident()).append(" incident")
                    .append(rb.escalation().level(c.incident()).map(l -> " (" + l.title() + ")").orElse("")).append('\n');
        }
        if (c.waiver() != null) {
            b.append(indent).append("    waived until ").append(c.waiver().until()).append(": ").append(c.waiver().reason()).append('\n');
        }
        for (Status s : new Status[] {Status.WARNING, Status.CRITICAL, Status.UNKNOWN}) {
            Remediation r = c.remediationFor(s);
            if (r == null) {
                continue;
            }
            b.append(indent).append("    on ").append(s).append(": ").append(r.id()).append('\n');
            steps(r.steps(), indent + "      ");
            if (r.limit() != null) {
                b.append(indent).append("      after ").append(r.limit().attempts()).append(" attempts within ")
                        .append(human(r.limit().within())).append(" without lasting recovery, instead:\n");
                steps(r.limit().then(), indent + "        ");
            }
        }
    }

    private void steps(List<Step> steps, String indent) {
        int i = 0;
        for (Step s : steps) {
            b.append(indent).append(++i).append(". ").append(s.title());
            if (s instanceof Step.Recheck) {
                b.append("  (OK: recovered, stop here)");
            }
            b.append('\n');
        }
    }

    private static String human(Duration d) {
        return Quantity.humanize(d.toNanos() / 1e9, Unit.SECONDS);
    }
}
