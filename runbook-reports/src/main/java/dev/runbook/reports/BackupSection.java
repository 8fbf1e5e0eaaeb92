package dev.runbook.reports;

import static dev.runbook.reports.ReportFigures.fmt;
import static dev.runbook.reports.ReportFigures.number;
import static dev.runbook.reports.ReportFigures.orNone;
import static dev.runbook.reports.ReportFigures.statusWord;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runbook.core.Status;
import dev.runbook.core.StoredResult;
import dev.runbook.core.model.CheckDefinition;
import dev.runbook.core.quantity.Unit;
import java.util.ArrayList;
import java.util.List;

/** The {@code backup} section (runbook-format §8): backup checks' latest state. One per report; not thread-safe. */
final class BackupSection extends SectionRenderer {
    BackupSection(Inputs in) {
        super(in);
    }

    @Override
    Report.Section render() {
        List<CheckDefinition> cds = placed("backup", "latest").stream().map(Placed::check).toList();
        if (cds.isEmpty()) {
            return null;
        }
        List<String> lines = new ArrayList<>();
        ObjectNode json = F.objectNode();
        for (CheckDefinition cd : cds) {
            List<StoredResult> rs = h.results(cd.id(), period.from(), period.to());
            if (rs.isEmpty()) {
                continue;
            }
            StoredResult last = rs.get(rs.size() - 1);
            Double age = last.metrics().get("age");
            long failed = rs.stream().filter(r -> r.status() == Status.CRITICAL).count();
            lines.add(cd.label() + ": " + statusWord(last.status())
                    + (age == null ? "" : ", latest backup " + fmt(age, Unit.SECONDS) + " old")
                    + (failed == 0 ? "" : ", " + failed + " critical result" + (failed == 1 ? "" : "s")));
            ObjectNode n = json.putObject(cd.id());
            n.put("status", last.status().name());
            number(n, "age_s", age);
            number(n, "size_bytes", last.metrics().get("size_bytes"));
            n.put("critical_results", failed);
        }
        return new Report.Section("backup", "Backup", orNone(lines), json);
    }
}
