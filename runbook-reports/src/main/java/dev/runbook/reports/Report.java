package dev.runbook.reports;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;

/**
 * A computed report: its period and its sections in order, each with its lines for people and its figures for
 * machines. {@link ReportFormat} renders it. Immutable once built.
 *
 * @param id          report id
 * @param title       title ("Daily Operations Report")
 * @param runbook     runbook id
 * @param period      the period covered
 * @param generatedAt when it was computed
 * @param sections    sections in the report's order
 * @param host        the one host it covers ({@code report --host NAME}, runbook-format §10), or null for the fleet
 */
public record Report(String id, String title, String runbook, ReportPeriod period, Instant generatedAt,
                     List<Section> sections, String host) {
    public Report {
        sections = List.copyOf(sections);
    }

    /** A report of the whole fleet ({@code host} null). */
    public Report(String id, String title, String runbook, ReportPeriod period, Instant generatedAt,
                  List<Section> sections) {
        this(id, title, runbook, period, generatedAt, sections, null);
    }

    /**
     * One section.
     *
     * @param key     section name of runbook-format §8 ({@code services}, {@code resources}, …)
     * @param heading heading as the seed writes it ("Service Status")
     * @param lines   lines for people, without the leading "- "; {@code None} when empty
     * @param json    the section's figures, snake_case, raw numbers in canonical units
     */
    public record Section(String key, String heading, List<String> lines, ObjectNode json) {
        public Section {
            lines = List.copyOf(lines);
        }
    }
}
