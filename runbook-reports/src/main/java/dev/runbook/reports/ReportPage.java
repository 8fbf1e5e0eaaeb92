package dev.runbook.reports;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A report as one self-contained, styled HTML page (runbook-format §8 "HTML with charts"): the style sheet is inline,
 * the charts are inline SVG, and nothing is fetched from anywhere, so it renders offline and inside an email
 * client. Each section is a table of its figures, statuses in colour, followed by its charts. Everything the
 * runbook or the store says is escaped. Pure; thread-safe.
 */
public final class ReportPage {
    /** The page's style sheet; also used by the status page so both look alike. */
    public static final String STYLE = String.join("\n",
            ":root{color-scheme:light}",
            "body{margin:0;background:#f6f7f9;color:#1f2328;"
                    + "font:14px/1.45 -apple-system,'Segoe UI',Roboto,'Helvetica Neue',Arial,'Noto Sans',sans-serif}",
            "main{max-width:980px;margin:0 auto;padding:20px 24px 40px}",
            "h1{font-size:22px;margin:0 0 4px}",
            "h2{font-size:17px;margin:28px 0 8px;padding-bottom:4px;border-bottom:2px solid #d8dde3}",
            ".meta{color:#57606a;margin:0 0 12px}",
            "table{border-collapse:collapse;width:100%;background:#fff;border:1px solid #d8dde3;margin:6px 0 10px}",
            "th,td{text-align:left;padding:6px 10px;border-bottom:1px solid #eaecef;vertical-align:top}",
            "thead th{background:#eef1f4;font-weight:600}",
            "tbody th{font-weight:500;width:45%}",
            ".ts,.num{white-space:nowrap;font-variant-numeric:tabular-nums}",
            ".status{font-weight:700;white-space:nowrap}",
            ".s-ok{color:#1a7f37}",
            ".s-warning{color:#9a5b00;background:#fff4d6}",
            ".s-critical{color:#b42318;background:#fde8e6}",
            ".s-unknown{color:#57606a;background:#eef1f4}",
            ".charts{display:flex;flex-wrap:wrap;gap:10px}",
            ".charts svg{max-width:100%;height:auto;border:1px solid #d8dde3;background:#fff}",
            "footer{margin-top:28px;color:#57606a;font-size:12px}");
    private static final Pattern STATUS_WORD = Pattern.compile("\\b(Critical|CRITICAL|Warning|WARNING|Unknown|UNKNOWN)\\b");
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private ReportPage() {
    }

    /**
     * The page.
     *
     * @param charts the charts of each section by section key ({@link ReportCharts#of}); empty for none
     */
    public static String render(Report r, Map<String, List<String>> charts) {
        StringBuilder b = new StringBuilder(16384);
        String heading = r.title() + " — " + r.period().label() + (r.host() == null ? "" : " — host " + r.host());
        b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>").append(HtmlText.escape(heading)).append("</title>\n<style>\n").append(STYLE)
                .append("\n</style></head><body><main class=\"report\">\n");
        b.append("<h1>").append(HtmlText.escape(heading)).append("</h1>\n");
        b.append("<p class=\"meta\">Runbook <b>").append(HtmlText.escape(r.runbook())).append("</b> · from <span class=\"ts\">")
                .append(HtmlText.escape(MINUTE.format(r.period().from().atZone(r.period().zone()))))
                .append("</span> to <span class=\"ts\">")
                .append(HtmlText.escape(MINUTE.format(r.period().to().atZone(r.period().zone()))))
                .append("</span> (").append(HtmlText.escape(r.period().zone().getId())).append(")</p>\n");
        for (Report.Section s : r.sections()) {
            b.append("<section id=\"section-").append(HtmlText.escape(s.key())).append("\"><h2>")
                    .append(HtmlText.escape(s.heading())).append("</h2>\n");
            if ("services".equals(s.key()) && s.json().path("checks").isArray() && !s.json().path("checks").isEmpty()) {
                services(b, s.json().path("checks"));
            } else {
                figures(b, s.lines());
            }
            List<String> cs = charts.getOrDefault(s.key(), List.of());
            if (!cs.isEmpty()) {
                b.append("<div class=\"charts\">\n");
                cs.forEach(c -> b.append(c).append('\n'));
                b.append("</div>\n");
            }
            b.append("</section>\n");
        }
        b.append("<footer>Generated <span class=\"ts\">")
                .append(HtmlText.escape(MINUTE.format(r.generatedAt().atZone(r.period().zone()))))
                .append("</span> by runbook from the store of ").append(HtmlText.escape(r.runbook()))
                .append(".</footer>\n</main></body></html>\n");
        return b.toString();
    }

    private static void services(StringBuilder b, JsonNode checks) {
        b.append("<table><thead><tr><th>Check</th><th>Status</th><th>Last result</th><th>Message</th></tr></thead><tbody>\n");
        for (JsonNode c : checks) {
            String status = c.path("status").asText("UNKNOWN");
            b.append("<tr><th scope=\"row\">").append(HtmlText.escape(c.path("title").asText(c.path("check").asText())))
                    .append("</th><td class=\"status ").append(statusClass(status)).append("\">")
                    .append(HtmlText.escape(statusWord(status))).append("</td><td class=\"ts\">")
                    .append(HtmlText.escape(localTime(c.path("at").asText("")))).append("</td><td>")
                    .append(HtmlText.escape(c.path("message").asText(""))).append("</td></tr>\n");
        }
        b.append("</tbody></table>\n");
    }

    private static void figures(StringBuilder b, List<String> lines) {
        b.append("<table class=\"figures\"><tbody>\n");
        for (String line : lines) {
            int colon = line.indexOf(": ");
            if (colon > 0) {
                String value = line.substring(colon + 2);
                b.append("<tr><th scope=\"row\">").append(HtmlText.escape(line.substring(0, colon))).append("</th><td")
                        .append(cellClass(value)).append('>').append(HtmlText.escape(value)).append("</td></tr>\n");
            } else {
                b.append("<tr><td colspan=\"2\"").append(cellClass(line)).append('>').append(HtmlText.escape(line))
                        .append("</td></tr>\n");
            }
        }
        b.append("</tbody></table>\n");
    }

    private static String cellClass(String text) {
        Matcher m = STATUS_WORD.matcher(text);
        return m.find() ? " class=\"status " + statusClass(m.group(1)) + "\"" : "";
    }

    /** The CSS class of a status ({@code OK}/{@code Normal}, {@code WARNING}, {@code CRITICAL}, else unknown). */
    public static String statusClass(String status) {
        return switch (status.toUpperCase(java.util.Locale.ROOT)) {
            case "OK", "NORMAL" -> "s-ok";
            case "WARNING" -> "s-warning";
            case "CRITICAL" -> "s-critical";
            default -> "s-unknown";
        };
    }

    /** The seed's word for a status: Normal, Warning, Critical, Unknown. */
    public static String statusWord(String status) {
        return switch (status.toUpperCase(java.util.Locale.ROOT)) {
            case "OK", "NORMAL" -> "Normal";
            case "WARNING" -> "Warning";
            case "CRITICAL" -> "Critical";
            default -> "Unknown";
        };
    }

    /** {@code 2026-10-21T09:00:00+09:00} → {@code 2026-10-21 09:00}; other text unchanged. */
    static String localTime(String iso) {
        try {
            return MINUTE.format(java.time.OffsetDateTime.parse(iso).truncatedTo(ChronoUnit.MINUTES));
        } catch (java.time.format.DateTimeParseException e) {
            return iso;
        }
    }
}
