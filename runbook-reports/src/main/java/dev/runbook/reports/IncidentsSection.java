package dev.runbook.reports;

import static dev.runbook.reports.ReportFigures.minutes;
import static dev.runbook.reports.ReportFigures.orNone;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runbook.core.escalation.Incident;
import dev.runbook.core.escalation.IncidentDetails;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The {@code incidents} section (runbook-format §8): the incidents of the period. One per report; not thread-safe. */
final class IncidentsSection extends SectionRenderer {
    IncidentsSection(Inputs in) {
        super(in);
    }

    @Override
    Report.Section render() {
        List<String> lines = new ArrayList<>();
        ObjectNode json = F.objectNode();
        ArrayNode arr = json.putArray("incidents");
        if (incidents != null) {
            for (IncidentDetails d : read.incidents(incidents)) {
                Incident i = d.incident();
                Duration dur = d.duration(now);
                lines.add(local(i.openedAt()) + ": " + i.level() + " " + (i.check() == null ? "" : i.check())
                        + (d.triggerMessage() == null ? "" : " — " + d.triggerMessage())
                        + " (" + minutes(dur) + ", " + i.state().word() + ")");
                ObjectNode n = arr.addObject();
                n.put("id", i.id());
                n.put("level", i.level());
                n.put("category", i.category());
                n.put("check", i.check());
                n.put("state", i.state().word());
                n.put("opened_at", iso(i.openedAt()));
                n.put("resolved_at", iso(i.resolvedAt()));
                n.put("duration_s", dur.toSeconds());
                n.put("trigger_message", d.triggerMessage());
            }
        }
        return new Report.Section("incidents", "Incident Summary", orNone(lines), json);
    }
}
