package dev.runbook.incidents;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.runbook.core.escalation.Incident;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Renders incidents for {@code runbook incidents}: a table or one incident with its timeline as text, or the
 * JSON of runbook-format §9 ({@code {"incidents": [{id, level, category, check, state, opened_at,
 * acknowledged_at, resolved_at, timeline: [{at, kind, text}]}]}}, snake_case, ISO-8601 times with the offset of
 * the runbook's zone). Failed notifications, when given, are listed after the incidents (JSON
 * {@code "failed_notifications"}). Immutable and thread-safe; no I/O.
 *
 * <pre>{@code
 * IncidentsView view = new IncidentsView(runbook.zone());
 * System.out.print(json ? view.json(service.all(), service.failedNotifications()) : view.text(service.all()));
 * }</pre>
 */
public final class IncidentsView {
    private static final DateTimeFormatter TEXT_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    /** ISO-8601 with seconds and the offset, as {@code run --format json} writes {@code started_at}. */
    static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");
    private static final ObjectWriter JSON = new ObjectMapper().writer(
            new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n")));

    private final ZoneId zone;

    /** A view writing times in the runbook's zone. */
    public IncidentsView(ZoneId zone) {
        this.zone = Objects.requireNonNull(zone, "zone");
    }

    /** A table of incidents, one line each, newest first as given; "No incidents." when empty. */
    public String text(List<Incident> incidents) {
        return text(incidents, List.of());
    }

    /** The table, then the notifications given up, if any. */
    public String text(List<Incident> incidents, List<FailedNotification> failed) {
        StringBuilder b = new StringBuilder();
        if (incidents.isEmpty()) {
            b.append("No incidents.\n");
        } else {
            List<String[]> rows = new ArrayList<>();
            // a fleet's incidents are per check and host (§10): the host column shows when there is more than one
            boolean hosts = incidents.stream().map(Incident::host).distinct().count() > 1;
            rows.add(hosts ? new String[] {"ID", "LEVEL", "STATE", "CHECK", "HOST", "CATEGORY", "OPENED", "ACKNOWLEDGED",
                "RESOLVED"} : new String[] {"ID", "LEVEL", "STATE", "CHECK", "CATEGORY", "OPENED", "ACKNOWLEDGED",
                "RESOLVED"});
            for (Incident i : incidents) {
                // one outage, one incident (§7): the checks that joined it are listed after its own
                List<String> row = new ArrayList<>(List.of("#" + i.id(), i.level(), i.state().word(),
                        String.join(", ", i.checks())));
                if (hosts) {
                    row.add(i.host() == null ? "-" : i.host());
                }
                row.addAll(List.of(i.category() == null ? "-" : i.category(), time(i.openedAt()),
                        time(i.acknowledgedAt()), time(i.resolvedAt())));
                rows.add(row.toArray(String[]::new));
            }
            table(b, rows);
        }
        failed(b, failed);
        return b.toString();
    }

    /** One incident in full: its facts and its timeline. */
    public String show(Incident i) {
        StringBuilder b = new StringBuilder();
        b.append("Incident #").append(i.id()).append(' ').append(i.level()).append(" — ").append(i.check())
                .append(" (").append(i.state().word()).append(")\n");
        if (i.checks().size() > 1) {
            b.append("  covers:       ").append(String.join(", ", i.checks())).append('\n');
        }
        if (i.host() != null) {
            b.append("  host:         ").append(i.host()).append('\n');
        }
        if (i.category() != null) {
            b.append("  category:     ").append(i.category()).append('\n');
        }
        b.append("  opened:       ").append(time(i.openedAt())).append('\n');
        b.append("  acknowledged: ").append(time(i.acknowledgedAt())).append('\n');
        b.append("  resolved:     ").append(time(i.resolvedAt())).append('\n');
        b.append("Timeline:\n");
        for (Incident.TimelineEntry e : i.timeline()) {
            b.append("  ").append(time(e.at())).append("  ").append(pad(e.kind(), 15)).append(' ')
                    .append(e.text().replace("\n", "\n" + " ".repeat(36))).append('\n');
        }
        return b.toString();
    }

    /** The §9 JSON document for these incidents. */
    public String json(List<Incident> incidents) {
        return json(incidents, null);
    }

    /** The §9 JSON document, plus {@code "failed_notifications"} when {@code failed} is not null. */
    public String json(List<Incident> incidents, List<FailedNotification> failed) {
        Map<String, Object> root = new LinkedHashMap<>();
        List<Object> list = new ArrayList<>();
        for (Incident i : incidents) {
            list.add(jsonOf(i));
        }
        root.put("incidents", list);
        if (failed != null) {
            List<Object> f = new ArrayList<>();
            for (FailedNotification n : failed) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", n.id());
                m.put("incident", n.incidentId());
                m.put("to", n.to());
                m.put("notifier", n.notifier());
                m.put("address", n.address());
                m.put("kind", n.kind());
                m.put("subject", n.subject());
                m.put("attempts", n.attempts());
                m.put("last_error", n.lastError());
                m.put("created_at", iso(n.createdAt()));
                m.put("failed_at", iso(n.failedAt()));
                f.add(m);
            }
            root.put("failed_notifications", f);
        }
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One incident as the JSON object of §9 (for {@code show ID --format json}). */
    public String json(Incident incident) {
        try {
            return JSON.writeValueAsString(jsonOf(incident)) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<String, Object> jsonOf(Incident i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", i.id());
        m.put("level", i.level());
        m.put("category", i.category());
        m.put("check", i.check());
        m.put("host", i.host());
        m.put("state", i.state().word());
        m.put("opened_at", iso(i.openedAt()));
        m.put("acknowledged_at", iso(i.acknowledgedAt()));
        m.put("resolved_at", iso(i.resolvedAt()));
        List<Object> t = new ArrayList<>();
        for (Incident.TimelineEntry e : i.timeline()) {
            Map<String, Object> te = new LinkedHashMap<>();
            te.put("at", iso(e.at()));
            te.put("kind", e.kind());
            te.put("text", e.text());
            t.add(te);
        }
        m.put("timeline", t);
        return m;
    }

    private String iso(Instant t) {
        return t == null ? null : ISO.format(t.atZone(zone));
    }

    private String time(Instant t) {
        return t == null ? "-" : TEXT_TIME.format(t.atZone(zone));
    }

    private void failed(StringBuilder b, List<FailedNotification> failed) {
        if (failed == null || failed.isEmpty()) {
            return;
        }
        b.append("\nNotifications not delivered (gave up after retries):\n");
        for (FailedNotification n : failed) {
            b.append("  ").append(time(n.failedAt())).append("  ")
                    .append(n.incidentId() == null ? "" : "#" + n.incidentId() + " ")
                    .append(n.kind()).append(" to ").append(n.to())
                    .append(n.to().equals(n.notifier()) ? "" : " (" + n.notifier() + ")")
                    .append(" after ").append(n.attempts()).append(" attempts: ").append(n.lastError()).append('\n');
        }
    }

    private static void table(StringBuilder b, List<String[]> rows) {
        int[] w = new int[rows.get(0).length];
        for (String[] r : rows) {
            for (int c = 0; c < r.length; c++) {
                w[c] = Math.max(w[c], r[c].length());
            }
        }
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < r.length; c++) {
                line.append(c == r.length - 1 ? r[c] : pad(r[c], w[c] + 2));
            }
            b.append(line.toString().stripTrailing()).append('\n');
        }
    }

    private static String pad(String s, int w) {
        return s.length() >= w ? s : s + " ".repeat(w - s.length());
    }
}
