package dev.runbook.reports;

import static dev.runbook.reports.ReportFigures.fmt;
import static dev.runbook.reports.ReportFigures.minutes;
import static dev.runbook.reports.ReportFigures.number;
import static dev.runbook.reports.ReportFigures.orNone;
import static dev.runbook.reports.ReportFigures.percent;
import static dev.runbook.reports.ReportFigures.primary;
import static dev.runbook.reports.ReportFigures.ref;
import static dev.runbook.reports.ReportFigures.span;
import static dev.runbook.reports.ReportFigures.unit;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runbook.core.model.CheckDefinition;
import dev.runbook.core.model.SloDefinition;
import dev.runbook.core.quantity.Unit;
import dev.runbook.core.history.Aggregate;
import dev.runbook.core.Availability;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The {@code availability} section (runbook-format §8): availability as 1 − downtime ÷ monitored time, downtime, incidents and SLOs. One per report; not thread-safe. */
final class AvailabilitySection extends SectionRenderer {
    AvailabilitySection(Inputs in) {
        super(in);
    }

    @Override
    Report.Section render() {
        List<String> targets = new ArrayList<>();
        for (SloDefinition s : rb.slos().values()) {
            if (s.objective() != null && !s.from().contains(".") && rb.checks().containsKey(s.from())
                    && !targets.contains(s.from())) {
                targets.add(s.from());
            }
        }
        if (targets.isEmpty()) {
            placed("availability", "uptime").forEach(p -> targets.add(p.check().id()));
        }
        List<String> lines = new ArrayList<>();
        ObjectNode json = F.objectNode();
        ArrayNode checks = json.putArray("checks");
        Duration span = elapsed();
        for (String id : targets) {
            Availability a = availabilityOf(id);
            if (a.isEmpty()) {
                continue;
            }
            String suffix = targets.size() > 1 ? " (" + id + ")" : "";
            boolean enough = a.enoughFor(span);
            lines.add("Availability" + suffix + ": " + (enough ? percent(a.percent()) : "not enough data")
                    + " — " + monitored(a, span));
            lines.add("Downtime" + suffix + ": " + minutes(a.down()));
            ObjectNode n = checks.addObject();
            n.put("check", id);
            number(n, "availability", enough ? a.percent() : null);
            n.put("enough_data", enough);
            n.put("monitored_s", a.monitored().toSeconds());
            n.put("period_s", span.toSeconds());
            n.put("downtime_s", a.down().toSeconds());
            n.put("no_data_s", a.noData().toSeconds());
            n.put("maintenance_s", a.maintenance().toSeconds());
            n.put("outages", a.outages().size());
        }
        int count = read.incidents(incidents).size();
        if (incidents != null) {
            lines.add("Incidents: " + count);
            json.put("incidents", count);
        }
        ArrayNode slos = json.putArray("slos");
        for (SloDefinition s : rb.slos().values()) {
            ObjectNode n = slos.addObject();
            n.put("slo", s.id());
            n.put("from", s.from());
            if (s.objective() != null && !s.from().contains(".")) {
                Availability a = availabilityOf(s.from());
                n.put("objective", s.objective());
                if (a.isEmpty() || !a.enoughFor(span)) {
                    n.putNull("budget_left");
                    n.put("enough_data", false);
                    lines.add("SLO " + s.id() + ": objective " + percent(s.objective()) + ", "
                            + (a.isEmpty() ? "no data" : "not enough data — " + monitored(a, span)));
                    continue;
                }
                n.put("enough_data", true);
                double allowed = a.observed().toMillis() * (100 - s.objective()) / 100.0;
                double left = allowed <= 0 ? (a.down().isZero() ? 100 : 0) : 100 * (1 - a.down().toMillis() / allowed);
                n.put("availability", a.percent());
                n.put("budget_left", left);
                n.put("met", a.percent() >= s.objective());
                lines.add("SLO " + s.id() + ": " + percent(a.percent()) + " of objective " + percent(s.objective())
                        + ", budget left " + percent(left));
            } else if (s.max() != null) {
                String[] ref = ref(s.from());
                CheckDefinition cd = rb.checks().get(ref[0]);
                String metric = ref[1] != null ? ref[1] : cd == null ? null : primary(cd);
                Aggregate a = aggregate(ref[0], metric);
                n.put("max", s.max());
                Unit u = cd == null ? null : unit(cd, metric);
                if (a.isEmpty()) {
                    n.putNull("avg");
                    lines.add("SLO " + s.id() + ": max " + fmt(s.max(), u) + ", no data");
                    continue;
                }
                n.put("avg", a.avg());
                n.put("met", a.avg() <= s.max());
                lines.add("SLO " + s.id() + ": average " + fmt(a.avg(), u) + " of max " + fmt(s.max(), u)
                        + (a.avg() <= s.max() ? " (met)" : " (missed)"));
            }
        }
        return new Report.Section("availability", "month".equals(period.kind()) ? "Service Uptime" : "Uptime",
                orNone(lines), json);
    }
}
