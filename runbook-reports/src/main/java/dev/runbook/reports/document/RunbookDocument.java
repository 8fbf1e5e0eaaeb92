package dev.runbook.reports.document;

import dev.runbook.core.Status;
import dev.runbook.core.escalation.Contact;
import dev.runbook.core.escalation.EscalationPolicy;
import dev.runbook.core.StoredResult;
import dev.runbook.core.model.CheckDefinition;
import dev.runbook.core.model.MaintenanceWindow;
import dev.runbook.core.model.Procedure;
import dev.runbook.core.model.Remediation;
import dev.runbook.core.model.ReportDefinition;
import dev.runbook.core.model.Runbook;
import dev.runbook.core.model.SloDefinition;
import dev.runbook.core.model.Step;
import dev.runbook.core.quantity.Quantity;
import dev.runbook.core.quantity.Unit;
import dev.runbook.core.schedule.Schedule;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * {@code runbook docs}: the runbook rendered back into the document it replaces (runbook-format §11), in the
 * seed's order — overview with contacts, the schedule with next times, each scheduled procedure as its checklist
 * with criteria in words and actions on failure, incident levels, the escalation matrix and routes, SLOs, report
 * layouts, maintenance procedures with their manual steps, and checklists to print — optionally with each check's
 * latest result and each procedure's last run ({@link LatestResults}).
 *
 * <pre>{@code
 * String html = RunbookDocument.of(runbook).clock(clock).results(StoreReports.latestResults(store, runbook, clock))
 *         .render(DocumentFormat.HTML);
 * }</pre>
 *
 * <p>Reads only the model (and the snapshot it is given): no I/O. Not thread-safe; one instance per rendering.
 */
public final class RunbookDocument {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEE yyyy-MM-dd HH:mm", Locale.ROOT);

    private final Runbook rb;
    private final StepWords words;
    private Clock clock;
    private LatestResults results;
    private String sourceName;
    private final List<Block> blocks = new ArrayList<>();

    private RunbookDocument(Runbook rb) {
        this.rb = Objects.requireNonNull(rb, "runbook");
        this.words = new StepWords(rb);
        this.clock = Clock.system(rb.zone());
    }

    /** A document of this runbook, without results, with next times from the system clock. */
    public static RunbookDocument of(Runbook runbook) {
        return new RunbookDocument(runbook);
    }

    /** The clock for the schedule's next times. */
    public RunbookDocument clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return this;
    }

    /** Adds each check's latest result and each procedure's last run ({@code --with-results}). */
    public RunbookDocument results(LatestResults results) {
        this.results = results;
        return this;
    }

    /** The file name shown as the document's source (e.g. {@code runbook.yaml}); default the runbook's source. */
    public RunbookDocument sourceName(String name) {
        this.sourceName = name;
        return this;
    }

    /** Renders the whole document. */
    public String render(DocumentFormat format) {
        blocks.clear();
        build();
        String title = rb.title() != null ? rb.title() : rb.id();
        return format == DocumentFormat.HTML ? new HtmlWriter().write(title, blocks) : new MarkdownWriter().write(title, blocks);
    }

    /** The runbook's file name for the commands shown, or FILE. */
    private String fileName() {
        if (sourceName != null) {
            return sourceName;
        }
        return rb.source() != null ? String.valueOf(rb.source().getFileName()) : "FILE";
    }

    private void build() {
        overview();
        schedule();
        Map<String, List<Procedure>> groups = new LinkedHashMap<>();
        for (Procedure p : rb.procedures().values()) {
            if (!p.schedules().isEmpty()) {
                groups.computeIfAbsent(group(p.schedules().get(0)), k -> new ArrayList<>()).add(p);
            }
        }
        for (Map.Entry<String, List<Procedure>> g : groups.entrySet()) {
            h(2, g.getKey(), g.getKey().toLowerCase(Locale.ROOT).replace(' ', '-'));
            g.getValue().forEach(this::procedure);
        }
        new EscalationPart(rb, words, blocks).add();
        slos();
        reports();
        maintenance();
        checklists();
    }

    private void add(Block b) {
        blocks.add(b);
    }

    private void h(int level, String text, String anchor) {
        add(new Block.Heading(level, text, anchor));
    }

    // ---------------------------------------------------------------------------------------------- overview

    private void overview() {
        h(2, "Overview", "overview");
        String src = fileName().equals("FILE") ? null : fileName();
        add(new Block.Paragraph("Purpose", "This runbook standardizes the operations of " + rb.id() + " as code: every"
                + " check, remediation and escalation below is what runbook runs" + (src != null ? " from " + src : "")
                + ", so this document cannot drift from it."));
        List<String> facts = new ArrayList<>();
        facts.add("Time zone: " + rb.zone() + " (schedules, windows and report periods)");
        facts.add("Checks: " + rb.checks().size() + ", procedures: " + rb.procedures().size() + ", reports: "
                + rb.reports().size());
        if (rb.store() != null) {
            facts.add("History store: " + rb.store());
        }
        if (results != null) {
            facts.add((results.available() ? "Latest results: " : "Latest results: none — ") + results.source());
        }
        add(new Block.Bullets(null, facts));
        EscalationPolicy esc = rb.escalation();
        if (!esc.contacts().isEmpty()) {
            h(3, "Contact Information", "contacts");
            List<List<String>> rows = new ArrayList<>();
            for (Contact c : esc.contacts().values()) {
                String hours = c.hours() == null || "always".equals(c.hours()) ? "24/7" : c.hours();
                rows.add(List.of(c.id(), c.via(), c.address() == null ? "—" : c.address(), hours));
            }
            add(new Block.Table(List.of("Contact", "Reached via", "Address", "Availability"), rows));
        }
    }

    // ---------------------------------------------------------------------------------------------- schedule

    private void schedule() {
        h(2, "Schedule", "schedule");
        ZonedDateTime now = ZonedDateTime.now(clock).withZoneSameInstant(rb.zone());
        List<List<String>> rows = new ArrayList<>();
        boolean withRuns = results != null && results.available();
        for (Procedure p : rb.procedures().values()) {
            if (p.schedules().isEmpty()) {
                continue;
            }
            List<String> row = new ArrayList<>(List.of(p.label(), "procedure " + p.id(), schedules(p.schedules()),
                    next(p.schedules(), now)));
            if (withRuns) {
                row.add(lastRun(p.id()));
            }
            rows.add(row);
        }
        for (ReportDefinition r : rb.reports().values()) {
            if (r.schedules().isEmpty()) {
                continue;
            }
            List<String> row = new ArrayList<>(List.of(r.title() != null ? r.title() : r.id(), "report " + r.id(),
                    schedules(r.schedules()), next(r.schedules(), now)));
            if (withRuns) {
                row.add("—");
            }
            rows.add(row);
        }
        if (rows.isEmpty()) {
            add(new Block.Paragraph(null, "Nothing is scheduled: every procedure is run by hand."));
            return;
        }
        List<String> header = new ArrayList<>(List.of("What", "Id", "When", "Next runs (" + rb.zone() + ")"));
        if (withRuns) {
            header.add("Last run");
        }
        add(new Block.Table(header, rows));
    }

    private static String schedules(List<Schedule> s) {
        List<String> out = new ArrayList<>();
        s.forEach(x -> out.add(x.toString()));
        return String.join("; ", out);
    }

    private String next(List<Schedule> schedules, ZonedDateTime now) {
        List<ZonedDateTime> all = new ArrayList<>();
        for (Schedule s : schedules) {
            all.addAll(s.next(now, rb.zone(), 3));
        }
        List<String> out = new ArrayList<>();
        all.stream().sorted().distinct().limit(3).forEach(t -> out.add(t.format(WHEN)));
        return out.isEmpty() ? "never" : String.join(", ", out);
    }

    private String lastRun(String procedure) {
        return results.lastRun(procedure).map(r -> r.status() + " at " + r.startedAt().atZone(rb.zone()).format(WHEN)
                + " (" + Criteria.duration(Math.max(1, Math.round(r.duration().toMillis() / 1000.0))) + ")")
                .orElse("never run");
    }

    // ---------------------------------------------------------------------------------------------- procedures

    /** The seed's grouping of procedures by how often they run. */
    private static String group(Schedule first) {
        String s = first.toString().trim().toLowerCase(Locale.ROOT);
        if (s.startsWith("daily") || s.startsWith("weekdays")) {
            return "Daily Operations";
        }
        if (s.startsWith("monthly")) {
            return "Monthly Operations";
        }
        if (s.startsWith("every")) {
            return "Continuous Checks";
        }
        for (String day : ReportDefinition.DAYS) {
            if (s.startsWith(day)) {
                return "Weekly Operations";
            }
        }
        return "Other Schedules";
    }

    private void procedure(Procedure p) {
        h(3, p.label() + " (" + schedules(p.schedules()) + ")", "procedure-" + p.id());
        add(new Block.Paragraph("Run it", "runbook run " + fileName() + " --procedure " + p.id()));
        if (results != null && results.available()) {
            add(new Block.Paragraph("Last run", lastRun(p.id())));
        }
        int i = 0;
        for (Step s : p.steps()) {
            i++;
            h(4, i + ". " + stepTitle(s), null);
            if (s instanceof Step.Checks cs) {
                for (String id : cs.checkIds()) {
                    check(rb.checks().get(id), cs.checkIds().size() > 1);
                }
            } else {
                add(new Block.Paragraph(null, words.of(s)));
            }
        }
    }

    private String stepTitle(Step s) {
        if (s instanceof Step.Report r) {
            ReportDefinition d = rb.reports().get(r.reportId());
            return d != null && d.title() != null ? d.title() : "Report " + r.reportId();
        }
        if (s instanceof Step.Manual) {
            return "Manual step";
        }
        if (s instanceof Step.Checks cs && cs.title() == null && cs.checkIds().size() == 1) {
            return rb.checks().get(cs.checkIds().get(0)).label();
        }
        return s.title();
    }

    private void check(CheckDefinition c, boolean named) {
        if (named) {
            add(new Block.Paragraph(null, c.label() + " (" + c.id() + ")"));
        }
        List<String> about = new ArrayList<>();
        about.add("Check " + c.id() + ": type " + c.type() + ", timeout " + Criteria.duration(StepWords.seconds(c.timeout())));
        if (!c.hysteresis().isNone() && c.hysteresis().forCount() > 0) {
            about.add("Leaves Normal only after " + c.hysteresis().forCount() + " consecutive failing runs");
        } else if (!c.hysteresis().isNone() && c.hysteresis().forDuration() != null) {
            about.add("Leaves Normal only after failing for " + Criteria.duration(StepWords.seconds(c.hysteresis().forDuration())));
        }
        if (!c.dependsOn().isEmpty()) {
            about.add("Skipped (and not counted) when " + String.join(" or ", c.dependsOn()) + " is Critical or Unknown");
        }
        if (c.incident() != null) {
            about.add("Critical opens an incident: " + words.level(c.incident()));
        }
        if (c.category() != null) {
            rb.escalation().routes().stream().filter(r -> r.category().equals(c.category())).findFirst()
                    .ifPresentOrElse(r -> about.add("Category " + c.category() + ": its incidents also notify "
                            + String.join(", ", r.recipients())), () -> about.add("Category " + c.category()));
        }
        if (c.waiver() != null) {
            about.add("Waived until " + c.waiver().until() + ": " + c.waiver().reason());
        }
        for (MaintenanceWindow w : c.maintenance()) {
            about.add("Maintenance window: " + w);
        }
        add(new Block.Bullets(null, about));
        List<String> criteria = Criteria.of(c);
        if (!criteria.isEmpty()) {
            add(new Block.Bullets("Criteria", criteria));
        } else {
            add(new Block.Paragraph("Criteria", "informational: recorded for reports, never Warning or Critical"));
        }
        if (results != null && results.available()) {
            add(new Block.Paragraph("Latest result", results.latest(c.id()).map(this::result).orElse("no result stored yet")));
        }
        Map<Remediation, List<Status>> byRemediation = new LinkedHashMap<>();
        for (Status s : new Status[] {Status.WARNING, Status.CRITICAL, Status.UNKNOWN}) {
            Remediation r = c.remediationFor(s);
            if (r != null) {
                byRemediation.computeIfAbsent(r, k -> new ArrayList<>()).add(s);
            }
        }
        for (Map.Entry<Remediation, List<Status>> e : byRemediation.entrySet()) {
            List<String> on = new ArrayList<>();
            e.getValue().forEach(s -> on.add(statusWord(s)));
            remediation("Action on " + String.join(" or ", on), e.getKey());
        }
    }

    private void remediation(String label, Remediation r) {
        List<Block.Item> items = new ArrayList<>();
        for (String w : words.of(r.steps())) {
            items.add(Block.Item.of(w));
        }
        if (r.limit() != null) {
            items.add(new Block.Item("After " + r.limit().attempts() + " attempts within "
                    + Criteria.duration(StepWords.seconds(r.limit().within())) + " without lasting recovery, instead:",
                    words.of(r.limit().then())));
        }
        add(new Block.Numbered(label, items));
    }

    private String result(StoredResult r) {
        StringBuilder b = new StringBuilder(r.status().name());
        if (r.value() != null) {
            Unit u = r.unit() == null ? null : Unit.ofCanonicalSymbol(r.unit());
            b.append(' ').append(Quantity.humanize(r.value(), u));
        }
        if (r.message() != null && !r.message().isBlank()) {
            b.append(" — ").append(r.message());
        }
        b.append(" (at ").append(r.at().atZone(rb.zone()).format(WHEN)).append(')');
        return b.toString();
    }

    private static String statusWord(Status s) {
        return switch (s) {
            case WARNING -> "Warning";
            case CRITICAL -> "Critical";
            default -> "Unknown";
        };
    }

    // ---------------------------------------------------------------------------------------------- SLOs, reports

    private void slos() {
        if (rb.slos().isEmpty()) {
            return;
        }
        h(2, "Service Level Objectives (SLO)", "slo");
        List<String> items = new ArrayList<>();
        for (SloDefinition s : rb.slos().values()) {
            String window = Criteria.duration(StepWords.seconds(s.window()));
            if (s.objective() != null) {
                double budget = (100 - s.objective()) / 100 * StepWords.seconds(s.window());
                items.add(s.id() + ": " + s.from() + " available ≥ " + Quantity.format(s.objective()) + " % over " + window
                        + " (downtime < " + Quantity.humanize(budget, Unit.SECONDS) + " per " + window + ")");
            } else {
                items.add(s.id() + ": " + s.from() + " ≤ " + (s.maxText() != null ? s.maxText() : Quantity.format(s.max()))
                        + " over " + window);
            }
        }
        add(new Block.Bullets(null, items));
    }

    private void reports() {
        if (rb.reports().isEmpty()) {
            return;
        }
        h(2, "Reports", "reports");
        for (ReportDefinition r : rb.reports().values()) {
            String title = r.title() != null ? r.title() : r.id();
            h(3, title, "report-" + r.id());
            List<String> facts = new ArrayList<>();
            facts.add("Covers the " + (r.covers() != null ? r.covers() : "") + " " + r.period()
                    + (r.weekStart() != null && "week".equals(r.period()) ? " (weeks start " + r.weekStart() + ")" : ""));
            facts.add("Sent " + (r.schedules().isEmpty() ? "when a procedure step asks for it" : schedules(r.schedules()))
                    + (r.recipients().isEmpty() ? "" : " to " + String.join(", ", r.recipients())) + ", as " + r.format());
            facts.add("By hand: runbook report " + fileName() + " " + r.id());
            add(new Block.Bullets(null, facts));
            StringBuilder layout = new StringBuilder("【").append(title).append("】\n");
            for (String section : r.sections()) {
                layout.append("\n■ ").append(sectionTitle(section)).append('\n');
                if ("metrics".equals(section)) {
                    for (Map.Entry<String, ReportDefinition.Figure> f : r.metrics().entrySet()) {
                        layout.append("- ").append(f.getKey()).append(": ")
                                .append(f.getValue().agg() == null ? "last" : f.getValue().agg()).append(" of ")
                                .append(f.getValue().from()).append('\n');
                    }
                } else {
                    layout.append("- ").append(sectionContent(section)).append('\n');
                }
            }
            add(new Block.Preformatted(layout.toString()));
        }
    }

    private static String sectionTitle(String s) {
        return switch (s) {
            case "services" -> "Service Status";
            case "resources" -> "Resource Usage";
            case "metrics" -> "Metrics";
            case "performance" -> "Performance";
            case "availability" -> "Uptime";
            case "incidents" -> "Incident Summary";
            case "actions" -> "Actions Taken";
            case "backup" -> "Backup";
            case "security" -> "Security";
            case "capacity" -> "Capacity";
            case "cost" -> "Cost";
            case "notes" -> "Notes";
            default -> s;
        };
    }

    private static String sectionContent(String s) {
        return switch (s) {
            case "services" -> "latest status of each check";
            case "resources" -> "average and peak CPU, memory and disk usage";
            case "performance" -> "average, P95 and P99 response time";
            case "availability" -> "availability, downtime, SLOs and their error budgets";
            case "incidents" -> "incidents of the period with level, duration and resolution";
            case "actions" -> "remediations and actions taken";
            case "backup" -> "latest backup and restore test";
            case "security" -> "certificate time left, failed logins";
            case "capacity" -> "size change, growth and forecast";
            case "cost" -> "cost figures";
            case "notes" -> "operator notes (runbook note)";
            default -> s;
        };
    }

    // ---------------------------------------------------------------------------------------------- maintenance

    private void maintenance() {
        List<Procedure> byHand = rb.procedures().values().stream().filter(p -> p.schedules().isEmpty()).toList();
        if (byHand.isEmpty() && rb.maintenance().isEmpty()) {
            return;
        }
        h(2, "Maintenance Procedures", "maintenance");
        if (!rb.maintenance().isEmpty()) {
            List<String> windows = new ArrayList<>();
            rb.maintenance().forEach(w -> windows.add(w.toString()));
            add(new Block.Bullets("Maintenance windows (checks run but open nothing, time excluded from availability)",
                    windows));
        }
        for (Procedure p : byHand) {
            h(3, p.label(), "procedure-" + p.id());
            add(new Block.Paragraph("Run it", "runbook run " + fileName() + " --procedure " + p.id()));
            if (results != null && results.available()) {
                add(new Block.Paragraph("Last run", lastRun(p.id())));
            }
            List<Block.Item> items = new ArrayList<>();
            for (String w : words.of(p.steps())) {
                items.add(Block.Item.of(w));
            }
            add(new Block.Numbered("Steps", items));
        }
    }

    private void checklists() {
        List<Procedure> scheduled = rb.procedures().values().stream().filter(p -> !p.schedules().isEmpty()).toList();
        if (scheduled.isEmpty()) {
            return;
        }
        h(2, "Checklists", "checklists");
        for (Procedure p : scheduled) {
            List<String> lines = new ArrayList<>();
            for (Step s : p.steps()) {
                lines.add(s instanceof Step.Manual m ? m.text() : stepTitle(s));
            }
            add(new Block.Checklist(p.label() + " Checklist", List.of("Date", "Operator"), lines));
        }
    }
}
