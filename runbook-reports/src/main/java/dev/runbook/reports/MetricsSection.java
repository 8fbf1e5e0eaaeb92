package dev.runbook.reports;

import static dev.runbook.reports.ReportFigures.cap;
import static dev.runbook.reports.ReportFigures.fmt;
import static dev.runbook.reports.ReportFigures.number;
import static dev.runbook.reports.ReportFigures.orNone;
import static dev.runbook.reports.ReportFigures.primary;
import static dev.runbook.reports.ReportFigures.ref;
import static dev.runbook.reports.ReportFigures.symbol;
import static dev.runbook.reports.ReportFigures.unit;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runbook.core.model.CheckDefinition;
import dev.runbook.core.model.ReportDefinition;
import dev.runbook.core.quantity.Unit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The {@code metrics} section (runbook-format §8): the report's named figures. One per report; not thread-safe. */
final class MetricsSection extends SectionRenderer {
    MetricsSection(Inputs in) {
        super(in);
    }

    @Override
    Report.Section render() {
        List<String> lines = new ArrayList<>();
        ObjectNode json = F.objectNode();
        for (Map.Entry<String, ReportDefinition.Figure> e : def.metrics().entrySet()) {
            ReportDefinition.Figure f = e.getValue();
            String[] ref = ref(f.from());
            CheckDefinition cd = rb.checks().get(ref[0]);
            String metric = ref[1] != null ? ref[1] : cd == null ? null : primary(cd);
            Double v = metric == null ? null : figure(ref[0], metric, f.agg());
            Unit u = cd == null ? null : unit(cd, metric);
            lines.add(cap(e.getKey().replace('_', ' ')) + ": " + (v == null ? "no data" : fmt(v, u)));
            ObjectNode n = json.putObject(e.getKey());
            number(n, "value", v);
            n.put("unit", symbol(u));
            n.put("from", f.from());
            n.put("agg", f.agg() == null ? "last" : f.agg());
        }
        String heading = switch (period.kind()) {
            case "day" -> "today".equals(relative()) ? "Today's Metrics" : "Metrics";
            case "week" -> "Usage";
            default -> "Usage Statistics";
        };
        return new Report.Section("metrics", heading, orNone(lines), json);
    }
}
