package dev.runbook.incidents;

import dev.runbook.store.IncidentTables;
import dev.runbook.core.escalation.Incident;
import dev.runbook.core.escalation.Level;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The texts of the seed's escalation procedure: the 【Incident Report】 (initial report), the regular update and
 * the recovery report, filled from an incident. Pure functions; thread-safe.
 */
final class IncidentReport {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm");

    private final String system;
    private final ZoneId zone;

    IncidentReport(String system, ZoneId zone) {
        this.system = system;
        this.zone = zone;
    }

    /** Everything a message needs about one incident. */
    record Facts(IncidentTables.Row row, Level level, List<Incident.TimelineEntry> timeline,
                 List<IncidentTables.Step> pending, Duration updates, Instant now) {
    }

    String time(Instant t) {
        return t == null ? "-" : TIME.format(t.atZone(zone));
    }

    private String clock(Instant t) {
        return CLOCK.format(t.atZone(zone));
    }

    static String levelLine(String levelId, Level level) {
        return level == null || level.title() == null || level.title().equals(levelId) ? levelId
                : levelId + " (" + level.title() + ")";
    }

    String subject(String what, Facts f) {
        return "[" + f.row().level() + "] " + what + ": #" + f.row().id() + " " + subjectName(f.row())
                + (f.row().triggerMessage() == null || f.row().triggerMessage().isBlank() ? ""
                : " — " + firstLine(f.row().triggerMessage()));
    }

    static String subjectName(IncidentTables.Row r) {
        return subjectName(r.subject());
    }

    /** How people read an incident key: the check id, or "procedure ID". */
    static String subjectName(String subject) {
        return subject.startsWith("procedure:") ? "procedure " + subject.substring(10) : subject;
    }

    /** The initial report, also sent when the incident is raised or escalated to more contacts. */
    String initial(Facts f, String heading) {
        IncidentTables.Row r = f.row();
        StringBuilder b = new StringBuilder();
        b.append("【Incident Report】").append(system).append('\n');
        if (heading != null) {
            b.append(heading).append('\n');
        }
        b.append('\n');
        line(b, "Incident Level", levelLine(r.level(), f.level()));
        line(b, "Incident", "#" + r.id() + " " + subjectName(r) + (r.category() == null ? "" : " (category " + r.category() + ")"));
        line(b, "Occurrence Time", time(r.openedAt()));
        line(b, "Current Status", status(r, f.now()));
        line(b, "Impact Scope", f.level() != null && f.level().title() != null ? f.level().title() : r.level());
        line(b, "Cause", cause(r));
        list(b, "Initial Response", actions(f.timeline()), "No automatic action taken yet");
        list(b, "Next Actions", next(f), "Investigate and acknowledge: runbook incidents FILE ack " + r.id());
        line(b, "Estimated Recovery", "Not yet estimated");
        line(b, "Reporter", reporter(r));
        return b.toString().stripTrailing();
    }

    /** The regular update, sent every {@code updates} while the incident is open. */
    String update(Facts f) {
        IncidentTables.Row r = f.row();
        StringBuilder b = new StringBuilder();
        b.append("【Incident Update】").append(system).append('\n').append('\n');
        line(b, "Incident Level", levelLine(r.level(), f.level()));
        line(b, "Incident", "#" + r.id() + " " + subjectName(r));
        line(b, "Occurrence Time", time(r.openedAt()));
        line(b, "Current Status", status(r, f.now()) + ", open for " + human(Duration.between(r.openedAt(), f.now())));
        line(b, "Cause", cause(r));
        list(b, "Investigation Results", recent(f.timeline()), "No new findings since the last report");
        list(b, "Next Actions", next(f), "Investigation continues");
        line(b, "Estimated Recovery", "Not yet estimated");
        line(b, "Reporter", reporter(r));
        return b.toString().stripTrailing();
    }

    /** The recovery report, sent when the incident is resolved. */
    String recovery(Facts f) {
        IncidentTables.Row r = f.row();
        StringBuilder b = new StringBuilder();
        b.append("【Recovery Report】").append(system).append('\n').append('\n');
        line(b, "Incident Level", levelLine(r.level(), f.level()));
        line(b, "Incident", "#" + r.id() + " " + subjectName(r));
        line(b, "Occurrence Time", time(r.openedAt()));
        line(b, "Recovery Time", time(r.resolvedAt()));
        line(b, "Duration", human(Duration.between(r.openedAt(), r.resolvedAt())));
        line(b, "Root Cause", cause(r) + " (the trigger; confirm the root cause in the post-incident review)");
        line(b, "Resolution", r.resolvedBy() != null ? "resolved by " + r.resolvedBy()
                + (r.recoveryMessage() == null || r.recoveryMessage().isBlank() ? "" : ": " + r.recoveryMessage())
                : "recovered: " + (r.recoveryMessage() == null || r.recoveryMessage().isBlank() ? subjectName(r) + " OK"
                : r.recoveryMessage()));
        line(b, "Response Target", respond(r, f.level()));
        list(b, "Actions Taken", actions(f.timeline()), "None");
        line(b, "Prevention Measures", "To be decided in the post-incident review");
        line(b, "Reporter", reporter(r));
        return b.toString().stripTrailing();
    }

    private static void line(StringBuilder b, String label, String value) {
        b.append("■ ").append(label).append(": ").append(value).append("\n\n");
    }

    private static void list(StringBuilder b, String label, List<String> items, String none) {
        b.append("■ ").append(label).append(":\n");
        if (items.isEmpty()) {
            b.append("- ").append(none).append('\n');
        }
        for (String i : items) {
            b.append("- ").append(i).append('\n');
        }
        b.append('\n');
    }

    private String status(IncidentTables.Row r, Instant now) {
        switch (r.state()) {
            case ACKNOWLEDGED:
                return "Acknowledged" + (r.acknowledgedBy() == null ? "" : " by " + r.acknowledgedBy())
                        + " at " + clock(r.acknowledgedAt()) + ", " + trigger(r);
            case RESOLVED:
                return "Resolved at " + clock(r.resolvedAt());
            default:
                return "Open, not acknowledged, " + trigger(r);
        }
    }

    private static String trigger(IncidentTables.Row r) {
        return subjectName(r) + (r.triggerStatus() == null ? "" : " " + r.triggerStatus());
    }

    private static String cause(IncidentTables.Row r) {
        return r.triggerMessage() == null || r.triggerMessage().isBlank() ? "Under investigation" : r.triggerMessage();
    }

    private static String reporter(IncidentTables.Row r) {
        return r.operator() == null || r.operator().isBlank() ? "runbook" : r.operator();
    }

    String respond(IncidentTables.Row r, Level level) {
        Duration target = level == null ? null : level.respond();
        String t = target == null ? "no response target" : "respond within " + human(target);
        if (r.respondMet() == null) {
            return t + (r.acknowledgedAt() == null ? "; not acknowledged" : "");
        }
        Instant responded = r.acknowledgedAt() != null ? r.acknowledgedAt() : r.resolvedAt();
        String after = responded == null ? "" : " (after " + human(Duration.between(r.openedAt(), responded)) + ")";
        return t + (r.respondMet() ? ": met" : ": missed") + after;
    }

    private static List<String> actions(List<Incident.TimelineEntry> t) {
        return t.stream().filter(e -> e.kind().equals("action")).map(Incident.TimelineEntry::text).toList();
    }

    private List<String> recent(List<Incident.TimelineEntry> t) {
        List<Incident.TimelineEntry> interesting = t.stream()
                .filter(e -> e.kind().equals("action") || e.kind().equals("note") || e.kind().equals("raised")
                        || e.kind().equals("acknowledged") || e.kind().equals("escalated"))
                .toList();
        int from = Math.max(0, interesting.size() - 5);
        return interesting.subList(from, interesting.size()).stream()
                .map(e -> clock(e.at()) + " " + e.kind() + ": " + e.text()).toList();
    }

    private List<String> next(Facts f) {
        List<String> out = new java.util.ArrayList<>();
        for (IncidentTables.Step s : f.pending()) {
            out.add("Escalation to " + String.join(", ", stepRecipients(f, s)) + " at " + clock(s.dueAt())
                    + (s.unlessAcknowledged() ? " unless resolved or acknowledged" : " unless resolved"));
        }
        if (f.updates() != null && f.row().state() != Incident.State.RESOLVED) {
            out.add("Next update in " + human(f.updates()));
        }
        return out;
    }

    private static List<String> stepRecipients(Facts f, IncidentTables.Step s) {
        if (f.level() != null && f.level().id().equals(s.level()) && s.step() < f.level().then().size()) {
            return f.level().then().get(s.step()).recipients();
        }
        return List.of("level " + s.level() + " step " + (s.step() + 1));
    }

    static String firstLine(String s) {
        String l = s.strip();
        int nl = l.indexOf('\n');
        l = nl < 0 ? l : l.substring(0, nl);
        return l.length() > 140 ? l.substring(0, 139) + "…" : l;
    }

    /** A duration for people: {@code 0m}, {@code 45s}, {@code 30m}, {@code 2h 5m}, {@code 1d 3h}. */
    static String human(Duration d) {
        if (d == null) {
            return "-";
        }
        long s = Math.max(0, d.getSeconds());
        if (s < 60 && s > 0) {
            return s + "s";
        }
        long m = s / 60;
        if (m < 60) {
            return m + "m";
        }
        long h = m / 60;
        if (h < 24) {
            return h + "h" + (m % 60 == 0 ? "" : " " + m % 60 + "m");
        }
        return h / 24 + "d" + (h % 24 == 0 ? "" : " " + h % 24 + "h");
    }
}
