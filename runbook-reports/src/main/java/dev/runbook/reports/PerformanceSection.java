package dev.runbook.reports;

import static dev.runbook.reports.ReportFigures.fmt;
import static dev.runbook.reports.ReportFigures.number;
import static dev.runbook.reports.ReportFigures.orNone;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runbook.core.model.CheckDefinition;
import dev.runbook.core.quantity.Unit;
import dev.runbook.core.history.Aggregate;
import java.util.ArrayList;
import java.util.List;

/** The {@code performance} section (runbook-format §8): avg, P95 and P99 response times and the error rate of access logs. One per report; not thread-safe. */
final class PerformanceSection extends SectionRenderer {
    PerformanceSection(Inputs in) {
        super(in);
    }

    @Override
    Report.Section render() {
        List<CheckDefinition> cds = placed("performance", "response-times").stream().map(Placed::check)
                .filter(c -> def.checks().isEmpty() || def.checks().contains(c.id())).toList();
        if (cds.isEmpty()) {
            return null;
        }
        List<String> lines = new ArrayList<>();
        ObjectNode json = F.objectNode();
        for (CheckDefinition cd : cds) {
            if (period.kind().equals(cd.totalsPeriod())) {
                periodTotals(cd, cds.size() > 1, lines, json);
                continue;
            }
            Aggregate avg = aggregate(cd.id(), "avg");
            if (avg.isEmpty()) {
                continue;
            }
            Aggregate p95 = aggregate(cd.id(), "p95");
            Aggregate p99src = aggregate(cd.id(), "p99");
            Aggregate err = aggregate(cd.id(), "error_rate");
            double p99 = !p99src.isEmpty() ? p99src.p99() : p95.isEmpty() ? Double.NaN : p95.p99();
            String suffix = cds.size() > 1 ? " (" + cd.id() + ")" : "";
            lines.add("Average response time" + suffix + ": " + fmt(avg.avg(), Unit.SECONDS));
            if (!p95.isEmpty()) {
                lines.add("P95 response time" + suffix + ": " + fmt(p95.p95(), Unit.SECONDS));
                lines.add("P99 response time" + suffix + ": " + fmt(p99, Unit.SECONDS));
            }
            if (!err.isEmpty()) {
                lines.add("Error rate" + suffix + ": " + fmt(err.avg(), Unit.PERCENT));
            }
            ObjectNode n = json.putObject(cd.id());
            n.put("avg_s", avg.avg());
            number(n, "p95_s", p95.isEmpty() ? null : p95.p95());
            number(n, "p99_s", Double.isNaN(p99) ? null : p99);
            number(n, "error_rate", err.isEmpty() ? null : err.avg());
            n.put("samples", avg.count());
            n.put("approximate", avg.approximate() || p95.approximate());
        }
        return new Report.Section("performance", "month".equals(period.kind()) ? "Performance Metrics" : "Performance",
                orNone(lines), json);
    }

    /**
     * A check whose figures run over the report's own period ({@code window: week} in a weekly report): its last
     * result in the period holds the period's average, percentiles and error rate over every request, which no
     * aggregate of its samples could give (runbook-format §8 [1.1]).
     */
    private void periodTotals(CheckDefinition cd, boolean several, List<String> lines, ObjectNode json) {
        Double avg = last(cd.id(), "avg");
        if (avg == null) {
            return;
        }
        Double p95 = last(cd.id(), "p95");
        Double p99 = last(cd.id(), "p99");
        Double err = last(cd.id(), "error_rate");
        String suffix = several ? " (" + cd.id() + ")" : "";
        lines.add("Average response time" + suffix + ": " + fmt(avg, Unit.SECONDS));
        if (p95 != null) {
            lines.add("P95 response time" + suffix + ": " + fmt(p95, Unit.SECONDS));
        }
        if (p99 != null) {
            lines.add("P99 response time" + suffix + ": " + fmt(p99, Unit.SECONDS));
        }
        if (err != null) {
            lines.add("Error rate" + suffix + ": " + fmt(err, Unit.PERCENT));
        }
        ObjectNode n = json.putObject(cd.id());
        n.put("avg_s", avg);
        number(n, "p95_s", p95);
        number(n, "p99_s", p99);
        number(n, "error_rate", err);
        n.put("samples", 1);
        n.put("approximate", false);
    }
}
