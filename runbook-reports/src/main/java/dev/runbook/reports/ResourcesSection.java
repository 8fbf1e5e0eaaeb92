package dev.runbook.reports;

import static dev.runbook.reports.ReportFigures.cap;
import static dev.runbook.reports.ReportFigures.fmt;
import static dev.runbook.reports.ReportFigures.number;
import static dev.runbook.reports.ReportFigures.orNone;
import static dev.runbook.reports.ReportFigures.primary;
import static dev.runbook.reports.ReportFigures.symbol;
import static dev.runbook.reports.ReportFigures.unit;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runbook.core.model.CheckDefinition;
import dev.runbook.core.quantity.Unit;
import dev.runbook.store.Aggregate;
import java.util.ArrayList;
import java.util.List;

/** The {@code resources} section (runbook-format §8): avg and peak of cpu, memory and disk usage. One per report; not thread-safe. */
final class ResourcesSection extends SectionRenderer {
    ResourcesSection(Inputs in) {
        super(in);
    }

    @Override
    Report.Section render() {
        List<String> lines = new ArrayList<>();
        ObjectNode json = F.objectNode();
        for (String type : List.of("cpu", "memory", "disk")) {
            List<CheckDefinition> cds = ofType(type);
            for (CheckDefinition cd : cds) {
                String metric = primary(cd);
                Aggregate a = aggregate(cd.id(), metric);
                if (a.isEmpty()) {
                    continue;
                }
                Unit u = unit(cd, metric);
                String what = resourceName(type) + (cds.size() > 1 ? " (" + cd.id() + ")" : "");
                Double last = last(cd.id(), metric);
                if (type.equals("disk")) {
                    lines.add(cap(what) + ": " + fmt(last, u) + " (average " + fmt(a.avg(), u) + ", peak "
                            + fmt(a.max(), u) + ")");
                } else {
                    lines.add("Average " + what + ": " + fmt(a.avg(), u));
                    lines.add("Peak " + what + ": " + fmt(a.max(), u));
                }
                ObjectNode n = json.putObject(cd.id());
                n.put("type", type);
                n.put("avg", a.avg());
                n.put("peak", a.max());
                number(n, "last", last);
                n.put("unit", symbol(u));
            }
        }
        return new Report.Section("resources", "Resource Usage", orNone(lines), json);
    }
}
