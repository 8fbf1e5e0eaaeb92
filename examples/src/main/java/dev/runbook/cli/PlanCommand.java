package dev.runbook.cli;

import dev.runbook.runtime.output.Style;
import dev.runbook.core.Suggestions;

import dev.runbook.core.Status;
import dev.runbook.core.model.CheckDefinition;
import dev.runbook.core.model.Procedure;
import dev.runbook.core.model.Remediation;
import dev.runbook.core.model.Runbook;
import dev.runbook.core.model.Step;
import dev.runbook.core.schedule.Schedule;
import dev.runbook.core.threshold.MetricThresholds;
import dev.runbook.yaml.LoadResult;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code runbook plan FILE [--procedure P]}: what would run, without running anything — each procedure's
 * schedules with their next three fire times in the runbook's zone, its steps, each check's thresholds in words,
 * and the remediations step by step. Exit 0, or 1 for an invalid file or unknown procedure.
 */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = {"Shows what would run: schedules with their next three fire times, steps, thresholds in "
                + "words and remediations. Runs nothing.", "Exit: 0, 1 invalid file or unknown procedure, 2 usage error."})
public final class PlanCommand extends Verb {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEE yyyy-MM-dd HH:mm xxx", Locale.ROOT);

    @Parameters(index = "0", paramLabel = "FILE", description = "The runbook file.")
    Path file;

    @Option(names = "--procedure", paramLabel = "P", description = "Only this procedure.")
    String procedure;

    @Option(names = "--from", paramLabel = "TIME", description = "Show the fire times after this local time in the "
            + "runbook's zone (e.g. 2027-03-13T00:00, to see a DST change) instead of after now.")
    String from;

    private final StringBuilder b = new StringBuilder();

    @Override
    public Integer call() {
        LoadResult loaded = load(file);
        printProblems(loaded);
        if (!loaded.isValid()) {
            return Main.INVALID;
        }
        Runbook rb = loaded.runbook();
        if (procedure != null && !rb.procedures().containsKey(procedure)) {
            err().println("runbook: unknown procedure '" + procedure + "'" + Suggestions.didYouMean(procedure, rb.procedures().keySet())
                    + "; procedures: " + String.join(", ", rb.procedures().keySet()));
            return Main.INVALID;
        }
        Style st = style();
        ZonedDateTime now;
        try {
            now = from == null ? ZonedDateTime.now(rb.zone())
                    : java.time.LocalDateTime.parse(from.trim()).atZone(rb.zone());
        } catch (java.time.format.DateTimeParseException e) {
            err().println("runbook: --from: expected a local time such as 2027-03-13T00:00, found '" + from + "'");
            return Main.INVALID;
        }
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
                        check(rb, rb.checks().get(id), "       ");
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
                    check(rb, c, "  ");
                }
            }
        }
        out().print(b);
        out().flush();
        return 0;
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

    private void check(Runbook rb, CheckDefinition c, String indent) {
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

    private static String human(java.time.Duration d) {
        return dev.runbook.core.quantity.Quantity.humanize(d.toNanos() / 1e9, dev.runbook.core.quantity.Unit.SECONDS);
    }
}
