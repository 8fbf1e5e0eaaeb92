package dev.runbook.yaml;

import dev.runbook.core.model.ReportDefinition;
import dev.runbook.core.schedule.Schedule;
import dev.runbook.yaml.YNode.Entry;
import dev.runbook.yaml.YNode.YMap;
import dev.runbook.yaml.YNode.YSeq;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads {@code reports:}: periods, sections, figures, recipients and formats. One per load; not thread-safe. */
final class ReportReader extends NodeReader {
    private final CheckReader checks;
    private final EscalationReader esc;

    ReportReader(Loading loading, CheckReader checks, EscalationReader esc) {
        super(loading);
        this.checks = checks;
        this.esc = esc;
    }

    List<ReportDefinition> buildReports() {
        List<ReportDefinition> out = new ArrayList<>();
        for (Entry e : section("reports").values()) {
            String id = e.key().text();
            if (!validId(e.key(), "report")) {
                continue;
            }
            YMap m = map(e.value(), "report '" + id + "'");
            if (m == null) {
                continue;
            }
            int before = problems.errorCount();
            keys(m, Set.of("title", "period", "covers", "week_start", "schedule", "sections", "metrics", "notify", "format",
                    "checks"),
                    "report '" + id + "'");
            String title = m.get("title") == null ? null : text(m.get("title"), "title");
            String period = oneOf(m.get("period"), "period", Assembler.PERIODS, "day");
            String covers = oneOf(m.get("covers"), "covers", List.of("current", "previous"),
                    "day".equals(period) ? "current" : "previous");
            String weekStart = oneOf(m.get("week_start"), "week_start", Assembler.DAYS, "monday");
            List<Schedule> sch = schedules(m.get("schedule"));
            List<String> sections = new ArrayList<>();
            if (m.get("sections") != null) {
                List<YNode> items = m.get("sections") instanceof YSeq s ? s.items() : List.of(m.get("sections"));
                for (YNode i : items) {
                    String sct = oneOf(i, "section", Assembler.SECTIONS, null);
                    if (sct != null) {
                        sections.add(sct);
                    }
                }
            }
            Map<String, ReportDefinition.Figure> figures = new LinkedHashMap<>();
            if (m.get("metrics") != null) {
                YMap fm = map(m.get("metrics"), "report metrics ({<name>: {from, agg}})");
                if (fm != null) {
                    for (Entry f : fm.entries().values()) {
                        YMap one = map(f.value(), "figure '" + f.key().text() + "' ({from, agg})");
                        if (one == null) {
                            continue;
                        }
                        keys(one, Set.of("from", "agg"), "figure '" + f.key().text() + "'");
                        if (one.get("from") == null) {
                            problems.error(one, "figure '" + f.key().text() + "' has no from: expected <check>.<metric>");
                            continue;
                        }
                        String from = text(one.get("from"), "from");
                        if (from != null) {
                            checks.metricRef(one.get("from"), from, "report '" + id + "' figure '" + f.key().text() + "'");
                        }
                        String agg = oneOf(one.get("agg"), "agg", Assembler.AGGS, "last");
                        figures.put(f.key().text(), new ReportDefinition.Figure(from, agg));
                    }
                }
            }
            List<String> listed = new ArrayList<>();
            if (m.get("checks") != null) {
                YNode cn = m.get("checks");
                List<YNode> items = cn instanceof YSeq s ? s.items() : List.of(cn);
                for (YNode i : items) {
                    String c = checkRef(i, "report '" + id + "' checks");
                    if (c != null && !listed.contains(c)) {
                        listed.add(c);
                    }
                }
            }
            List<String> notify = esc.recipients(m.get("notify"), "report " + id + " notify");
            String format = oneOf(m.get("format"), "format", Assembler.FORMATS, "text");
            if (problems.errorCount() == before) {
                out.add(new ReportDefinition(id, title, period, covers, weekStart, sch, sections, figures, notify, format,
                        listed));
            }
        }
        return out;
    }
}
