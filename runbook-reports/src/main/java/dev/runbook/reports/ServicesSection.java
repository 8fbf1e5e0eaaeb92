package dev.runbook.reports;

import static dev.runbook.reports.ReportFigures.orNone;
import static dev.runbook.reports.ReportFigures.statusWord;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runbook.core.Status;
import dev.runbook.core.StoredResult;
import dev.runbook.core.model.CheckDefinition;
import java.util.ArrayList;
import java.util.List;

/** The {@code services} section (runbook-format §8): latest status per check (the report's {@code checks:} list, or every check). One per report; not thread-safe. */
final class ServicesSection extends SectionRenderer {
    ServicesSection(Inputs in) {
        super(in);
    }

    @Override
    Report.Section render() {
        List<String> lines = new ArrayList<>();
        ObjectNode json = F.objectNode();
        ArrayNode arr = json.putArray("checks");
        for (CheckDefinition cd : listed()) {
            StoredResult last = read.latest(cd.id()).orElse(null);
            if (last == null) {
                continue;
            }
            lines.add(cd.label() + ": " + statusWord(last.status()));
            ObjectNode n = arr.addObject();
            n.put("check", cd.id());
            n.put("title", cd.label());
            n.put("status", last.status().name());
            n.put("at", iso(last.at()));
            n.put("message", last.message());
        }
        return new Report.Section("services", "Service Status", orNone(lines), json);
    }
}
