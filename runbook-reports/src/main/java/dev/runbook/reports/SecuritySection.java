package dev.runbook.reports;

import static dev.runbook.reports.ReportFigures.orNone;
import static dev.runbook.reports.ReportFigures.primary;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runbook.core.model.CheckDefinition;
import dev.runbook.core.quantity.Quantity;
import dev.runbook.core.history.Aggregate;
import java.util.ArrayList;
import java.util.List;

/** The {@code security} section (runbook-format §8): certificate time left and failed logins. One per report; not thread-safe. */
final class SecuritySection extends SectionRenderer {
    SecuritySection(Inputs in) {
        super(in);
    }

    @Override
    Report.Section render() {
        List<Placed> tls = placed("security", "time-left");
        List<CheckDefinition> logins = rb.checks().values().stream().filter(c -> c.id().contains("login")).toList();
        if (tls.isEmpty() && logins.isEmpty()) {
            return null;
        }
        List<String> lines = new ArrayList<>();
        ObjectNode json = F.objectNode();
        for (Placed p : tls) {
            CheckDefinition cd = p.check();
            Double left = last(cd.id(), p.metric());
            if (left == null) {
                continue;
            }
            long days = (long) Math.floor(left / 86400);
            lines.add("SSL certificate expiry" + (tls.size() > 1 ? " (" + cd.id() + ")" : "") + ": " + days
                    + " days remaining");
            ObjectNode n = json.putObject(cd.id());
            n.put("time_left_s", left);
            n.put("days_left", days);
        }
        for (CheckDefinition cd : logins) {
            String metric = primary(cd);
            // a running total of the day (window: today) counts once per day, not once per sample (§8 [1.1])
            Double total = metric == null ? null : cd.dailyTotals() ? read.sumOfDailyLasts(cd.id(), metric)
                    : period.kind().equals(cd.totalsPeriod()) ? last(cd.id(), metric) : sum(cd.id(), metric);
            if (total == null) {
                continue;
            }
            lines.add(cd.label() + ": " + Quantity.format(total));
            ObjectNode n = json.putObject(cd.id());
            n.put("total", total);
        }
        return new Report.Section("security", "Security", orNone(lines), json);
    }

    private Double sum(String check, String metric) {
        Aggregate a = aggregate(check, metric);
        return a.isEmpty() ? null : a.sum();
    }
}
