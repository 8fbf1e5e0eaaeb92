package dev.runbook.reports;

import static dev.runbook.reports.ReportFigures.fmt;
import static dev.runbook.reports.ReportFigures.number;
import static dev.runbook.reports.ReportFigures.orNone;
import static dev.runbook.reports.ReportFigures.symbol;
import static dev.runbook.reports.ReportFigures.unit;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runbook.core.MetricPoint;
import dev.runbook.core.StoredResult;
import dev.runbook.core.model.CheckDefinition;
import dev.runbook.core.quantity.Quantity;
import dev.runbook.core.quantity.Unit;
import dev.runbook.core.quantity.UnitFamily;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code capacity} section (runbook-format §8): size change ({@code level}: disks), growth ({@code change}) and
 * forecast ({@code time-left}) of the checks whose type places them here. One per report; not thread-safe.
 */
final class CapacitySection extends SectionRenderer {
    CapacitySection(Inputs in) {
        super(in);
    }

    @Override
    Report.Section render() {
        List<Placed> growth = placed("capacity", "change");
        List<Placed> forecast = placed("capacity", "time-left");
        List<Placed> disks = placed("capacity", "level");
        if (growth.isEmpty() && forecast.isEmpty() && disks.isEmpty()) {
            return null;
        }
        List<String> lines = new ArrayList<>();
        ObjectNode json = F.objectNode();
        for (Placed p : disks) {
            CheckDefinition cd = p.check();
            String m = p.metric();
            var firstP = m == null ? java.util.Optional.<MetricPoint>empty()
                    : h.firstValue(cd.id(), m, period.from(), period.to());
            var lastP = m == null ? java.util.Optional.<MetricPoint>empty()
                    : h.lastValue(cd.id(), m, period.from(), period.to());
            if (firstP.isEmpty() || lastP.isEmpty() || !lastP.get().at().isAfter(firstP.get().at())) {
                continue;
            }
            double first = firstP.get().value();
            double lastV = lastP.get().value();
            Unit u = unit(cd, m);
            double change = lastV - first;
            String ch = u != null && u.family() == UnitFamily.PERCENT
                    ? (change >= 0 ? "+" : "") + Quantity.format(Math.round(change * 10) / 10.0) + " points"
                    : (change >= 0 ? "+" : "-") + fmt(Math.abs(change), u);
            lines.add(cd.label() + ": " + fmt(first, u) + " → " + fmt(lastV, u) + " (" + ch + ")");
            ObjectNode n = json.putObject(cd.id());
            n.put("first", first);
            n.put("last", lastV);
            n.put("change", change);
            n.put("unit", symbol(u));
        }
        for (Placed p : growth) {
            CheckDefinition cd = p.check();
            Double c = last(cd.id(), p.metric());
            if (c == null) {
                continue;
            }
            Unit u = unit(cd, p.metric());
            lines.add(cd.label() + ": " + (c >= 0 ? "+" : "") + fmt(c, u));
            json.putObject(cd.id()).put("change", c);
        }
        for (Placed p : forecast) {
            CheckDefinition cd = p.check();
            StoredResult newest = read.latest(cd.id()).orElse(null);
            if (newest == null) {
                continue;
            }
            Double t = p.metric() == null ? null : newest.metrics().get(p.metric());
            lines.add(cd.label() + ": " + (t == null ? "never reaches its limit at the current trend"
                    : "reaches its limit in " + fmt(t, Unit.SECONDS)));
            ObjectNode n = json.putObject(cd.id());
            number(n, "time_to_reach_s", t);
        }
        return new Report.Section("capacity", "Capacity", orNone(lines), json);
    }
}
