package dev.runbook.reports;

import static dev.runbook.reports.ReportFigures.fmt;
import static dev.runbook.reports.ReportFigures.orNone;
import static dev.runbook.reports.ReportFigures.symbol;
import static dev.runbook.reports.ReportFigures.unit;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runbook.core.MetricSpec;
import dev.runbook.core.model.CheckDefinition;
import dev.runbook.core.quantity.Unit;
import dev.runbook.core.quantity.UnitFamily;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The {@code cost} section (runbook-format §8): currency figures and their totals. One per report; not thread-safe. */
final class CostSection extends SectionRenderer {
    CostSection(Inputs in) {
        super(in);
    }

    @Override
    Report.Section render() {
        List<String> lines = new ArrayList<>();
        ObjectNode json = F.objectNode();
        Map<String, Double> totals = new LinkedHashMap<>();
        int items = 0;
        boolean any = false;
        for (CheckDefinition cd : rb.checks().values()) {
            for (MetricSpec m : cd.metrics()) {
                if (m.unit() == null || m.unit().family() != UnitFamily.CURRENCY) {
                    continue;
                }
                any = true;
                Double v = last(cd.id(), m.name());
                if (v == null) {
                    continue;
                }
                items++;
                lines.add(cd.label() + (cd.metrics().size() > 1 ? " " + m.name() : "") + ": " + fmt(v, m.unit()));
                ObjectNode n = json.putObject(cd.id() + "." + m.name());
                n.put("value", v);
                n.put("currency", m.unit().symbol());
                totals.merge(m.unit().symbol(), v, Double::sum);
            }
        }
        if (!any) {
            return null;
        }
        if (items > 1) {
            for (Map.Entry<String, Double> t : totals.entrySet()) {
                lines.add("Total: " + fmt(t.getValue(), Unit.currency(t.getKey())));
            }
        }
        ObjectNode tot = json.putObject("total");
        totals.forEach(tot::put);
        return new Report.Section("cost", "Cost", orNone(lines), json);
    }
}
