package dev.runbook.yaml;

import dev.runbook.core.model.CheckDefinition;
import dev.runbook.core.model.MaintenanceWindow;
import dev.runbook.core.quantity.Quantity;
import dev.runbook.core.quantity.UnitFamily;
import dev.runbook.core.schedule.Schedule;
import dev.runbook.core.spi.TypeContext;
import dev.runbook.yaml.YNode.Entry;
import dev.runbook.yaml.YNode.YMap;
import dev.runbook.yaml.YNode.YScalar;
import dev.runbook.yaml.YNode.YSeq;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The node reader every section reader extends: the state of one load ({@link Loading}) and the helpers that turn
 * located nodes into texts, durations, numbers, windows and schedules, reporting every problem at its node. One
 * set of readers per load; not thread-safe.
 */
abstract class NodeReader {
    final Loading l;
    final Problems problems;

    NodeReader(Loading loading) {
        this.l = loading;
        this.problems = loading.problems;
    }

    /** The raw text of a scalar (no substitution), or null with a problem. */
    String scalarText(YNode n, String what) {
        if (n instanceof YScalar s && !s.isNull()) {
            return s.text();
        }
        problems.error(n, "expected a text for " + what + ", found " + n.describe());
        return null;
    }

    /** The substituted text of a scalar (no l.secrets: see {@link #secretText}), or null with a problem. */
    String text(YNode n, String what) {
        if (n instanceof YScalar s && !s.isNull()) {
            Substitutor.Result r = l.sub.expand(s, s.text(), problems, Substitutor.Mode.PLAIN);
            return r.ok() ? r.text() : null;
        }
        problems.error(n, "expected a text for " + what + ", found " + n.describe());
        return null;
    }

    /** The substituted text of a scalar that may hold a secret (a contact's address), or null with a problem. */
    String secretText(YNode n, String what) {
        if (n instanceof YScalar s && !s.isNull()) {
            Substitutor.Result r = l.sub.expand(s, problems);
            return r.ok() ? r.text() : null;
        }
        problems.error(n, "expected a text for " + what + ", found " + n.describe());
        return null;
    }

    List<String> textList(YNode n, String what) {
        List<String> out = new ArrayList<>();
        if (n == null || n instanceof YScalar s && s.isNull()) {
            return out;
        }
        if (n instanceof YMap) {
            problems.error(n, "expected a list of texts for " + what + ", found a mapping");
            return out;
        }
        List<YNode> items = n instanceof YSeq seq ? seq.items() : List.of(n);
        for (YNode i : items) {
            String t = text(i, what);
            if (t != null) {
                out.add(t);
            }
        }
        return out;
    }

    Duration duration(YNode n, String what) {
        String t = text(n, what);
        if (t == null) {
            return null;
        }
        try {
            Quantity.parseDuration(t);
        } catch (IllegalArgumentException e) {
            problems.error(n, "expected a duration such as 30s, 10m or 1.5h for " + what + ", found '"
                    + Problems.clip(t) + "'");
            return null;
        }
        try {
            return Durations.parse(t);
        } catch (IllegalArgumentException e) {
            problems.error(n, what + ": " + e.getMessage());
            return null;
        }
    }

    YMap map(YNode n, String what) {
        if (n instanceof YMap m) {
            return m;
        }
        problems.error(n, "expected a mapping for " + what + ", found " + n.describe());
        return null;
    }

    void keys(YMap m, Set<String> allowed, String what) {
        for (Entry e : m.entries().values()) {
            if (!allowed.contains(e.key().text())) {
                problems.error(e.key(), "unknown key '" + Problems.clip(e.key().text()) + "' in " + what
                        + Problems.suggestOrList(e.key().text(), allowed));
            }
        }
    }

    boolean validId(YScalar key, String kind) {
        if (!CheckDefinition.ID.matcher(key.text()).matches()) {
            problems.error(key, kind + " id must match [a-z0-9][a-z0-9-]*, found '" + Problems.clip(key.text()) + "'");
            return false;
        }
        return true;
    }

    TypeContext context(YNode at, String id) {
        return new TypeContext(at.file().getParent(), l.zone, l.clock, id);
    }

    <T> T typeOf(YMap m, Map<String, T> types, String kind, String id) {
        YNode t = m.get("type");
        if (t == null) {
            problems.error(m, kind + " '" + id + "' has no type: expected type: one of " + String.join(", ", types.keySet()));
            return null;
        }
        String name = scalarText(t, kind + " type");
        if (name == null) {
            return null;
        }
        T type = types.get(name);
        if (type == null) {
            problems.error(t, "unknown " + kind + " type '" + Problems.clip(name) + "'" + Problems.suggestOrList(name, types.keySet()));
        }
        return type;
    }

    static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> s = new LinkedHashSet<>(a);
        s.addAll(b);
        return s;
    }

    /** A number (a % unit allowed), or the default when absent; null with a problem if malformed. */
    Double number(YNode n, String what, double def) {
        if (n == null) {
            return def;
        }
        String t = text(n, what);
        if (t == null) {
            return null;
        }
        try {
            Quantity q = Quantity.parse(t);
            if (q.unit() != null && q.unit().family() != UnitFamily.PERCENT) {
                problems.error(n, "expected a number or a percentage for " + what + ", found '" + Problems.clip(t) + "'");
                return null;
            }
            return q.number();
        } catch (IllegalArgumentException ex) {
            problems.error(n, "expected a number for " + what + ", found '" + Problems.clip(t) + "'");
            return null;
        }
    }

    /** {count, duration}: a plain whole number is a count of runs, anything with a unit a duration. */
    Object[] countOrDuration(YNode n, String what) {
        if (n == null) {
            return null;
        }
        String t = text(n, what);
        if (t == null) {
            return null;
        }
        String s = t.trim();
        if (s.matches("\\d+")) {
            try {
                return new Object[] {Integer.valueOf(s), null};
            } catch (NumberFormatException ex) {
                problems.error(n, "expected a count of runs or a duration for " + what + ", found '" + Problems.clip(s) + "'");
                return null;
            }
        }
        try {
            return new Object[] {0, Durations.parse(s)};
        } catch (IllegalArgumentException ex) {
            problems.error(n, "expected a count of runs (3) or a duration (10m) for '" + what + "', found '"
                    + Problems.clip(s) + "'");
            return null;
        }
    }

    List<MaintenanceWindow> windows(YNode n, String what) {
        List<MaintenanceWindow> out = new ArrayList<>();
        List<YNode> items = n instanceof YSeq s ? s.items() : List.of(n);
        for (YNode i : items) {
            YMap m = map(i, what + " window ({when, reason} or {from, until, reason})");
            if (m == null) {
                continue;
            }
            keys(m, Set.of("when", "from", "until", "reason"), what + " window");
            String reason = m.get("reason") == null ? null : text(m.get("reason"), "reason");
            try {
                if (m.get("when") != null) {
                    if (m.get("from") != null || m.get("until") != null) {
                        problems.error(m, what + ": a window has either when or from/until, found both");
                        continue;
                    }
                    String when = text(m.get("when"), "when");
                    if (when != null) {
                        try {
                            out.add(MaintenanceWindow.recurring(when, reason));
                        } catch (IllegalArgumentException ex) {
                            problems.error(m.get("when"), what + ": " + ex.getMessage());
                        }
                    }
                } else if (m.get("from") != null && m.get("until") != null) {
                    Instant from = instant(m.get("from"));
                    Instant until = instant(m.get("until"));
                    if (from != null && until != null) {
                        try {
                            out.add(MaintenanceWindow.between(from, until, reason));
                        } catch (IllegalArgumentException ex) {
                            problems.error(m.get("until"), what + ": " + ex.getMessage());
                        }
                    }
                } else {
                    problems.error(m, what + ": expected when: \"sunday 02:00-04:00\" or both from: and until:");
                }
            } catch (IllegalArgumentException ex) {
                problems.error(m, what + ": " + ex.getMessage());
            }
        }
        return out;
    }

    Instant instant(YNode n) {
        String t = text(n, "timestamp");
        if (t == null) {
            return null;
        }
        String s = t.trim();
        try {
            return OffsetDateTime.parse(s.replace(' ', 'T')).toInstant();
        } catch (DateTimeParseException ignored) {
            // try a local time next
        }
        try {
            String local = s.replace(' ', 'T');
            if (local.length() == 10) {
                return LocalDate.parse(local).atStartOfDay(l.zone).toInstant();
            }
            return LocalDateTime.parse(local).atZone(l.zone).toInstant();
        } catch (DateTimeParseException e) {
            problems.error(n, "expected a timestamp such as 2026-12-01T02:00 or 2026-12-01T02:00+09:00, found '"
                    + Problems.clip(s) + "'");
            return null;
        }
    }

    List<Schedule> schedules(YNode n) {
        List<Schedule> out = new ArrayList<>();
        if (n == null) {
            return out;
        }
        List<YNode> items = n instanceof YSeq s ? s.items() : List.of(n);
        for (YNode i : items) {
            String t = text(i, "schedule");
            if (t == null) {
                continue;
            }
            try {
                out.add(Schedule.parse(t));
            } catch (IllegalArgumentException ex) {
                problems.error(i, "schedule: " + ex.getMessage());
            }
        }
        return out;
    }

    String oneOf(YNode n, String what, List<String> allowed, String def) {
        if (n == null) {
            return def;
        }
        String t = text(n, what);
        if (t == null) {
            return def;
        }
        String v = t.trim().toLowerCase(java.util.Locale.ROOT);
        if (!allowed.contains(v)) {
            problems.error(n, "unknown " + what + " '" + Problems.clip(t) + "'" + Problems.suggestOrList(v, allowed));
            return def;
        }
        return v;
    }

    Map<String, Entry> section(String name) {
        return l.sections.computeIfAbsent(name, k -> new LinkedHashMap<>());
    }

    String home() {
        String h = l.env.get("HOME");
        return h != null && !h.isBlank() ? h : System.getProperty("user.home");
    }

    static String singular(String section) {
        return switch (section) {
            case "checks" -> "check";
            case "actions" -> "action";
            case "remediations" -> "remediation";
            case "procedures" -> "procedure";
            case "notifiers" -> "notifier";
            case "reports" -> "report";
            case "vars" -> "var";
            case "secrets" -> "secret";
            default -> section;
        };
    }

    String checkRef(YNode n, String what) {
        String id = text(n, what);
        if (id == null) {
            return null;
        }
        if (!section("checks").containsKey(id)) {
            problems.error(n, what + " names unknown check '" + Problems.clip(id) + "'"
                    + Problems.suggestOrList(id, section("checks").keySet()));
            return null;
        }
        return id;
    }

    /**
     * Runs a type's shorthand hook on the keys as written; false if it reported a problem (the check or action is
     * then skipped, its problems located at their keys).
     */
    boolean shorthands(java.util.function.Consumer<WrittenMap> hook, WrittenMap written, String typeName) {
        try {
            hook.accept(written);
        } catch (IllegalArgumentException ex) {
            written.error("type", ex.getMessage());
        } catch (RuntimeException ex) {
            written.error("type", "type " + typeName + " failed: " + ex);
        }
        return !written.failed();
    }
}
