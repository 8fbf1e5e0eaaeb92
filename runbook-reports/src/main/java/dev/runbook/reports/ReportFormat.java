package dev.runbook.reports;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;

/**
 * Renders a {@link Report}: {@code text} (the seed's 【…】 / ■ layout), {@code markdown}, {@code json}
 * (snake_case, stable field names) and {@code html} (the styled page of {@link dev.runbook.reports.ReportPage};
 * without a store to draw from it has no charts: {@link Reports#render} adds them). Stateless.
 */
public enum ReportFormat {
    /** The seed's layout: {@code 【Daily Operations Report】2025-10-21}, {@code ■ Service Status}, {@code - …}. */
    TEXT,
    /** {@code # Title — period}, {@code ## Section}, bullet lines. */
    MARKDOWN,
    /** {@code {report, title, runbook, period{kind,label,start_date,end_date,from,to}, generated_at, sections{…}}}. */
    JSON,
    /** One self-contained, styled HTML page: tables, statuses in colour, inline-SVG charts. */
    HTML;

    /** The format of a name ({@code text}, {@code markdown}, {@code json}, {@code html}), case-insensitive. */
    public static ReportFormat of(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown report format '" + name + "': expected text, markdown, json or html");
        }
    }

    /** Renders the report. */
    public String render(Report r) {
        StringBuilder b = new StringBuilder();
        switch (this) {
            case TEXT -> {
                b.append('【').append(r.title()).append('】').append(r.period().label())
                        .append(r.host() == null ? "" : " — host " + r.host()).append('\n');
                for (Report.Section s : r.sections()) {
                    b.append("\n■ ").append(s.heading()).append('\n');
                    s.lines().forEach(l -> b.append("- ").append(l).append('\n'));
                }
            }
            case MARKDOWN -> {
                b.append("# ").append(r.title()).append(" — ").append(r.period().label())
                        .append(r.host() == null ? "" : " — host " + r.host()).append('\n');
                for (Report.Section s : r.sections()) {
                    b.append("\n## ").append(s.heading()).append("\n\n");
                    s.lines().forEach(l -> b.append("- ").append(l).append('\n'));
                }
            }
            case HTML -> b.append(dev.runbook.reports.ReportPage.render(r, java.util.Map.of()));
            case JSON -> b.append(json(r));
        }
        return b.toString();
    }

    private static String json(Report r) {
        ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = m.createObjectNode();
        root.put("report", r.id());
        root.put("title", r.title());
        root.put("runbook", r.runbook());
        if (r.host() != null) {
            root.put("host", r.host()); // runbook-format §10: narrowed with --host
        }
        ObjectNode p = root.putObject("period");
        p.put("kind", r.period().kind());
        p.put("label", r.period().label());
        p.put("start_date", r.period().start().toString());
        p.put("end_date", r.period().last().toString());
        p.put("from", Reports.iso(r.period().from(), r.period().zone()));
        p.put("to", Reports.iso(r.period().to(), r.period().zone()));
        root.put("generated_at", Reports.iso(r.generatedAt(), r.period().zone()));
        ObjectNode secs = root.putObject("sections");
        for (Report.Section s : r.sections()) {
            secs.set(s.key(), s.json());
        }
        try {
            return m.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
