package dev.runbook.reports;

import static dev.runbook.reports.ReportFigures.orNone;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runbook.core.history.Note;
import java.util.ArrayList;
import java.util.List;

/** The {@code notes} section (runbook-format §8): operators' notes. One per report; not thread-safe. */
final class NotesSection extends SectionRenderer {
    NotesSection(Inputs in) {
        super(in);
    }

    @Override
    Report.Section render() {
        List<String> lines = new ArrayList<>();
        ObjectNode json = F.objectNode();
        ArrayNode arr = json.putArray("notes");
        if (notes != null) {
            for (Note n : read.notes(notes)) {
                lines.add(local(n.at()) + (n.operator() == null ? "" : " (" + n.operator() + ")") + ": " + n.text());
                ObjectNode o = arr.addObject();
                o.put("at", iso(n.at()));
                o.put("operator", n.operator());
                o.put("text", n.text());
            }
        }
        return new Report.Section("notes", "Notes", orNone(lines), json);
    }
}
