package dev.runbook.incidents;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runbook.store.OutboxTable;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The outbox as people read it ({@code runbook notifications}, contract §7 [1.1]): each notification with its
 * recipients and, per recipient, its state — {@code pending} (attempts so far, next attempt, last error),
 * {@code delivered} (when), {@code failed} (gave up, last error). A notification is the outbox entries written
 * together (same incident, kind, subject and time); its id is the first entry's. JSON: {@code {"notifications":
 * [{id, kind, subject, created_at, incident, recipients: [{recipient, via, state, attempts, next_attempt_at,
 * delivered_at, last_error}]}]}}, newest first. Immutable.
 */
public final class OutboxView {
    /** One notification and its deliveries, one per recipient. */
    public record Notice(long id, String kind, String subject, Instant createdAt, Long incident,
                         List<OutboxTable.Outgoing> recipients) {
        public Notice {
            recipients = List.copyOf(recipients);
        }

        /** The host that wrote it (runbook-format §10), or null when not recorded. */
        public String host() {
            String h = recipients.isEmpty() ? null : recipients.get(0).host();
            return h == null || h.isEmpty() ? null : h;
        }
    }

    /** The notifications written by one host ({@code host}; null: the whole fleet), in the order given. */
    public static List<Notice> ofHost(List<Notice> notices, String host) {
        return host == null ? notices : notices.stream().filter(n -> host.equals(n.host())).toList();
    }

    private final ZoneId zone;

    public OutboxView(ZoneId zone) {
        this.zone = Objects.requireNonNull(zone, "zone");
    }

    /** Groups outbox entries (any order) into notifications, newest first. */
    public static List<Notice> group(List<OutboxTable.Outgoing> entries) {
        Map<List<Object>, List<OutboxTable.Outgoing>> byNotice = new LinkedHashMap<>();
        entries.stream().sorted((a, b) -> Long.compare(a.id(), b.id())).forEach(o -> byNotice.computeIfAbsent(
                java.util.Arrays.asList(o.incidentId(), o.kind(), o.subject(), o.createdAt()),
                k -> new ArrayList<>()).add(o));
        List<Notice> out = new ArrayList<>();
        for (List<OutboxTable.Outgoing> rows : byNotice.values()) {
            OutboxTable.Outgoing first = rows.get(0);
            out.add(0, new Notice(first.id(), first.kind(), first.subject(), first.createdAt(), first.incidentId(), rows));
        }
        return out;
    }

    /** The notification with this id (its first entry's), if any. */
    public static Optional<Notice> find(List<Notice> notices, long id) {
        return notices.stream().filter(n -> n.id() == id).findFirst();
    }

    /** The JSON document of the contract. */
    public String json(List<Notice> notices) {
        ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = m.createObjectNode();
        ArrayNode arr = root.putArray("notifications");
        for (Notice n : notices) {
            ObjectNode o = arr.addObject();
            o.put("id", n.id());
            o.put("kind", n.kind());
            o.put("subject", n.subject());
            o.put("created_at", iso(n.createdAt()));
            o.put("host", n.host());
            if (n.incident() == null) {
                o.putNull("incident");
            } else {
                o.put("incident", n.incident());
            }
            ArrayNode rs = o.putArray("recipients");
            for (OutboxTable.Outgoing r : n.recipients()) {
                ObjectNode e = rs.addObject();
                e.put("recipient", r.target());
                e.put("via", r.notifier());
                e.put("state", r.state());
                e.put("attempts", r.attempts());
                e.put("next_attempt_at", r.state().equals("pending") ? iso(r.nextAttemptAt()) : null);
                e.put("delivered_at", r.state().equals("delivered") ? iso(r.doneAt()) : null);
                e.put("last_error", r.state().equals("delivered") ? null : r.lastError());
            }
        }
        try {
            return m.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Text: a line per notification and one per recipient with its state. */
    public String text(List<Notice> notices) {
        if (notices.isEmpty()) {
            return "No notifications.\n";
        }
        StringBuilder b = new StringBuilder();
        boolean hosts = notices.stream().map(Notice::host).distinct().count() > 1; // a fleet's: say whose
        for (Notice n : notices) {
            b.append('#').append(n.id()).append("  ").append(n.kind()).append("  ").append(iso(n.createdAt()))
                    .append(hosts ? "  on " + (n.host() == null ? "-" : n.host()) : "")
                    .append("  ").append(n.subject())
                    .append(n.incident() == null ? "" : "  (incident #" + n.incident() + ")").append('\n');
            for (OutboxTable.Outgoing r : n.recipients()) {
                b.append("    ").append(r.target()).append(" via ").append(r.notifier()).append("  ").append(r.state());
                switch (r.state()) {
                    case "pending" -> b.append(" (").append(r.attempts()).append(r.attempts() == 1 ? " attempt" : " attempts")
                            .append(", next attempt ").append(iso(r.nextAttemptAt()))
                            .append(r.lastError() == null ? "" : ", last error: " + r.lastError()).append(')');
                    case "delivered" -> b.append(' ').append(iso(r.doneAt()));
                    case "failed" -> b.append(" (gave up after ").append(r.attempts()).append(" attempts")
                            .append(r.lastError() == null ? "" : ", last error: " + r.lastError())
                            .append("; retry with: runbook notifications FILE retry ").append(n.id()).append(')');
                    default -> { }
                }
                b.append('\n');
            }
        }
        return b.toString();
    }

    private String iso(Instant t) {
        return t == null ? null : IncidentsView.ISO.format(t.atZone(zone));
    }
}
