package dev.runbook.runtime.output;

import static dev.runbook.runtime.output.TerminalText.safe;

import dev.runbook.core.Pending;
import dev.runbook.core.Status;
import dev.runbook.core.action.Outcome;
import dev.runbook.core.engine.ActionRun;
import dev.runbook.core.engine.CheckRun;
import dev.runbook.core.engine.RunResult;
import dev.runbook.core.engine.StepRun;
import dev.runbook.core.escalation.Incident;
import dev.runbook.core.model.CheckDefinition;
import dev.runbook.core.model.Procedure;
import dev.runbook.core.model.Runbook;
import dev.runbook.core.model.Step;
import dev.runbook.core.quantity.Quantity;
import dev.runbook.core.threshold.MetricThresholds;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The filled checklist of a run, for people: per step or check its mark and status word, title, value against
 * its threshold in words, the remediation steps with their outcomes, and the skipped / waived / pending /
 * maintenance marks; then the summary and the incidents. Coloured with {@link Style#ANSI}, plain otherwise.
 * Not thread-safe (one per rendering).
 */
public final class ChecklistText {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss xxx", Locale.ROOT);

    private final Runbook runbook;
    private final Style style;
    private final StringBuilder b = new StringBuilder();

    /**
     * @param runbook the runbook that ran (titles, procedure steps, thresholds), or null
     * @param style   colours or plain
     */
    public ChecklistText(Runbook runbook, Style style) {
        this.runbook = runbook;
        this.style = style;
    }

    /** The checklist text. */
    public String render(RunResult run) {
        Procedure proc = run.procedure() == null || runbook == null ? null : runbook.procedures().get(run.procedure());
        String heading = proc != null ? proc.label()
                : run.procedure() != null ? run.procedure() : "All checks";
        String rbTitle = runbook != null && runbook.title() != null ? runbook.title() : run.runbook();
        b.append(style.bold(safe(heading))).append(" — ").append(safe(rbTitle)).append('\n');
        b.append(style.dim("Date: " + run.startedAt().format(WHEN) + "   Operator: "
                + (run.operator() == null ? "-" : safe(run.operator())) + (run.dryRun() ? "   DRY RUN: nothing was done or stored" : "")))
                .append("\n\n");

        Map<String, Deque<CheckRun>> byCheck = new LinkedHashMap<>();
        for (CheckRun r : run.results()) {
            byCheck.computeIfAbsent(r.check(), k -> new ArrayDeque<>()).add(r);
        }
        if (proc != null && !run.steps().isEmpty()) {
            for (StepRun s : run.steps()) {
                Step step = s.index() - 1 < proc.steps().size() ? proc.steps().get(s.index() - 1) : null;
                if (step != null && s.outcome() == null) {
                    step = Step.unwrap(step); // a conditional checks step that ran
                }
                if (step instanceof Step.Checks cs && s.outcome() == null) {
                    List<CheckRun> rs = new ArrayList<>();
                    for (String id : cs.checkIds()) {
                        Deque<CheckRun> q = byCheck.get(id);
                        if (q != null && !q.isEmpty()) {
                            rs.add(q.poll());
                        }
                    }
                    if (cs.checkIds().size() == 1 && rs.size() == 1) {
                        String own = cs.title().equals(cs.checkIds().get(0)) ? null : cs.title();
                        check(s.index() + ".", rs.get(0), own, "");
                    } else {
                        Status worst = Status.worst(rs.stream().filter(CheckRun::counted).map(CheckRun::status).toList());
                        line(s.index() + ".", worst, false, safe(s.title()), "", "");
                        for (CheckRun r : rs) {
                            check("-", r, null, "    ");
                        }
                    }
                } else {
                    if (step instanceof Step.Recheck rc) {
                        Deque<CheckRun> q = byCheck.get(rc.checkId());
                        if (q != null && !q.isEmpty()) {
                            q.poll();
                        }
                    }
                    step(s);
                }
            }
            List<CheckRun> rest = new ArrayList<>();
            byCheck.values().forEach(rest::addAll);
            if (!rest.isEmpty()) {
                b.append('\n').append(style.dim("Also run (dependencies):")).append('\n');
                for (CheckRun r : rest) {
                    check("-", r, null, "");
                }
            }
        } else {
            int n = 0;
            for (CheckRun r : run.results()) {
                check(++n + ".", r, null, "");
            }
        }
        summary(run);
        return b.toString();
    }

    private void check(String number, CheckRun r, String titleOverride, String indent) {
        CheckDefinition def = runbook == null ? null : runbook.checks().get(r.check());
        String title = safe(titleOverride != null ? titleOverride : r.title() != null ? r.title()
                : def != null ? def.label() : r.check());
        String why = Outputs.uncounted(r);
        StringBuilder detail = new StringBuilder();
        String value = valueAgainstThreshold(r, def);
        if (!value.isEmpty()) {
            detail.append(value);
        }
        if (r.message() != null && !r.message().isEmpty() && !r.message().equals(value)) {
            detail.append(detail.length() > 0 ? " — " : "").append(safe(r.message()));
        }
        List<String> marks = new ArrayList<>();
        if (why != null) {
            marks.add(why + ", not counted");
        }
        if (r.firstStatus() != r.status()) {
            marks.add("was " + r.firstStatus());
        }
        Pending p = r.pending();
        if (p != null && (r.message() == null || !r.message().contains("pending"))) {
            marks.add(p.of() > 0 ? "pending " + p.target() + ": " + p.count() + " of " + p.of() + " runs"
                    : "pending " + p.target() + " since " + p.since());
        }
        if (r.flapping()) {
            marks.add("flapping: notifies no one");
        }
        String mark = marks.isEmpty() ? "" : " [" + String.join("; ", marks) + "]";
        b.append(indent);
        line(number, r.status(), why != null, title + "  " + style.dim("(" + safe(r.check()) + ")"), detail.toString(), mark);
        for (ActionRun a : r.actions()) {
            action(indent + "      ", a.step(), a.outcome(), a.message());
        }
    }

    private String valueAgainstThreshold(CheckRun r, CheckDefinition def) {
        if (r.value() == null || r.value().isNaN()) {
            return "";
        }
        String v = Quantity.humanize(r.value(), r.unit());
        if (def != null && def.primaryMetric() != null) {
            MetricThresholds t = def.thresholds().get(def.primaryMetric().name());
            if (t != null && !t.describe().isEmpty()) {
                return v + " (" + t.describe() + ")";
            }
        }
        return v;
    }

    private void step(StepRun s) {
        Status st = Outputs.stepStatus(s);
        boolean neutral = s.status() == null && s.outcome() != Outcome.FAILED && s.outcome() != Outcome.TIMED_OUT;
        String outcome = s.outcome() == null ? "" : s.outcome().word();
        line(s.index() + ".", st, neutral && s.outcome() != Outcome.DONE, safe(s.title()),
                (outcome.isEmpty() ? "" : outcome + (s.message().isEmpty() ? "" : ": ")) + safe(s.message()), "");
    }

    private void line(String number, Status status, boolean dim, String title, String detail, String mark) {
        String box = box(status, dim);
        b.append(box).append(' ').append(number).append(' ').append(title);
        b.append("  ").append(dim ? style.dim(status.name()) : style.status(status));
        if (!detail.isEmpty()) {
            b.append("  ").append(detail);
        }
        if (!mark.isEmpty()) {
            b.append(style.dim(mark));
        }
        b.append('\n');
    }

    private String box(Status s, boolean dim) {
        if (dim) {
            return style.dim("[-]");
        }
        switch (s) {
            case OK: return style.paint("[x]", s);
            case WARNING: return style.paint("[!]", s);
            case CRITICAL: return style.paint("[X]", s);
            default: return style.paint("[?]", s);
        }
    }

    private void action(String indent, String step, Outcome outcome, String message) {
        String word = outcome.word();
        String painted = outcome == Outcome.FAILED || outcome == Outcome.TIMED_OUT ? style.paint(word, Status.CRITICAL)
                : outcome == Outcome.DONE ? style.paint(word, Status.OK) : style.dim(word);
        b.append(indent).append("-> ").append(safe(step)).append(": ").append(painted);
        if (message != null && !message.isEmpty()) {
            b.append(" — ").append(safe(message));
        }
        b.append('\n');
    }

    private void summary(RunResult run) {
        int ok = 0;
        int warning = 0;
        int critical = 0;
        int unknown = 0;
        int uncounted = 0;
        for (CheckRun r : run.results()) {
            if (!r.counted()) {
                uncounted++;
                continue;
            }
            switch (r.status()) {
                case OK: ok++; break;
                case WARNING: warning++; break;
                case CRITICAL: critical++; break;
                default: unknown++; break;
            }
        }
        for (StepRun s : run.steps()) {
            if (s.status() == Status.CRITICAL) {
                critical++;
            } else if (s.status() == Status.UNKNOWN) {
                unknown++;
            } else if (s.status() == Status.WARNING) {
                warning++;
            }
        }
        b.append('\n').append(style.bold("Result: ")).append(style.status(run.status())).append(" — ")
                .append(ok).append(" OK, ").append(warning).append(" warning, ").append(critical).append(" critical, ")
                .append(unknown).append(" unknown");
        if (uncounted > 0) {
            b.append(", ").append(uncounted).append(" not counted");
        }
        b.append(style.dim(" (" + Quantity.humanize(run.duration().toNanos() / 1e9,
                dev.runbook.core.quantity.Unit.SECONDS) + ")")).append('\n');
        for (Incident i : run.incidents()) {
            b.append(style.paint("Incident #" + i.id() + " " + i.level(), Status.CRITICAL)).append(' ')
                    .append(i.check() == null ? "" : safe(i.check())).append(' ').append(i.state().word())
                    .append(" since ").append(i.openedAt() == null ? "?"
                            : i.openedAt().atZone(run.startedAt().getZone()).format(WHEN)).append('\n');
        }
    }
}
