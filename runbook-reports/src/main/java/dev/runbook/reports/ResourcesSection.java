package dev.runbook.reports;

import static dev.runbook.reports.ReportFigures.cap;
import static dev.runbook.reports.ReportFigures.fmt;
import static dev.runbook.reports.ReportFigures.number;
import static dev.runbook.reports.ReportFigures.orNone;
import static dev.runbook.reports.ReportFigures.symbol;
import static dev.runbook.reports.ReportFigures.unit;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runbook.core.model.CheckDefinition;
import dev.runbook.core.quantity.Unit;
import dev.runbook.core.history.Aggregate;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code resources} section (runbook-format §8): average and peak of the checks whose type places them here
 * ({@code usage}: CPU and memory), then the last value with its average and peak ({@code level}: disks). One per
 * report; not thread-safe.
 */
final class ResourcesSection extends SectionRenderer {
    ResourcesSection(Inputs in) {
        super(in);
    }

    @Override
    Report.Section render() {
        List<String> lines = new ArrayList<>();
        ObjectNode json = F.objectNode();
        List<Placed> all = new ArrayList<>(placed("resources", "usage"));
        all.addAll(placed("resources", "level"));
        for (Placed p : all) {
            CheckDefinition cd = p.check();
            Aggregate a = aggregate(cd.id(), p.metric());
            if (a.isEmpty()) {
                continue;
            }
            Unit u = unit(cd, p.metric());
            long sameWords = all.stream().filter(o -> o.label().equals(p.label())).count();
            String what = p.label() + (sameWords > 1 ? " (" + cd.id() + ")" : "");
            Double last = last(cd.id(), p.metric());
            if (p.place().figure().equals("level")) {
                lines.add(cap(what) + ": " + fmt(last, u) + " (average " + fmt(a.avg(), u) + ", peak "
                        + fmt(a.max(), u) + ")");
            } else {
                lines.add("Average " + what + ": " + fmt(a.avg(), u));
                lines.add("Peak " + what + ": " + fmt(a.max(), u));
            }
            ObjectNode n = json.putObject(cd.id());
            n.put("type", cd.type());
            n.put("avg", a.avg());
            n.put("peak", a.max());
            number(n, "last", last);
            n.put("unit", symbol(u));
        }
        return new Report.Section("resources", "Resource Usage", orNone(lines), json);
    }
}
