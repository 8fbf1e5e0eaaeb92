package dev.runbook.reports;

import static dev.runbook.reports.ReportFigures.orNone;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runbook.core.history.StoredAction;
import java.util.ArrayList;
import java.util.List;

/** The {@code actions} section (runbook-format §8): remediations and actions taken. One per report; not thread-safe. */
final class ActionsSection extends SectionRenderer {
    ActionsSection(Inputs in) {
        super(in);
    }

    @Override
    Report.Section render() {
        List<String> lines = new ArrayList<>();
        ObjectNode json = F.objectNode();
        ArrayNode arr = json.putArray("actions");
        for (StoredAction a : h.actions(period.from(), period.to())) {
            lines.add(local(a.at()) + " " + a.check() + ": " + a.step() + " — " + a.outcome()
                    + (a.message() == null || a.message().isBlank() ? "" : " (" + a.message() + ")"));
            ObjectNode n = arr.addObject();
            n.put("check", a.check());
            n.put("at", iso(a.at()));
            n.put("step", a.step());
            n.put("outcome", a.outcome());
            n.put("message", a.message());
        }
        return new Report.Section("actions", "Actions Taken", orNone(lines), json);
    }
}
