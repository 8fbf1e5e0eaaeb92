package dev.runbook.yaml;

import dev.runbook.core.escalation.Contact;
import dev.runbook.core.escalation.EscalationPolicy;
import dev.runbook.core.escalation.EscalationStep;
import dev.runbook.core.escalation.Level;
import dev.runbook.core.escalation.Notifier;
import dev.runbook.core.escalation.Route;
import dev.runbook.core.model.MaintenanceWindow;
import dev.runbook.core.spi.NotifierType;
import dev.runbook.core.spi.TypeContext;
import dev.runbook.yaml.YNode.Entry;
import dev.runbook.yaml.YNode.YMap;
import dev.runbook.yaml.YNode.YScalar;
import dev.runbook.yaml.YNode.YSeq;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads {@code notifiers:} and {@code escalation:} (levels, contacts, routes, updates), and checks the contact,
 * notifier and level ids other sections name. One per load; not thread-safe.
 */
final class EscalationReader extends NodeReader {
    private static final Pattern LEVEL_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*");

    final Map<String, Notifier> notifiers = new LinkedHashMap<>();
    final Set<String> notifierIds = new LinkedHashSet<>();
    final Set<String> contactIds = new LinkedHashSet<>();
    EscalationPolicy escalation = EscalationPolicy.none();
    /** Email notifiers with no {@code to}: they reach only contacts with an address. */
    private final Set<String> addressless = new java.util.HashSet<>();
    /** Contacts that cannot be reached, with their notifier. */
    private final Map<String, String> unreachable = new java.util.HashMap<>();

    EscalationReader(Loading loading) {
        super(loading);
    }

    void buildNotifiers() {
        for (Entry e : section("notifiers").values()) {
            String id = e.key().text();
            notifierIds.add(id);
            if (!validId(e.key(), "notifier")) {
                continue;
            }
            YMap m = map(e.value(), "notifier '" + id + "'");
            if (m == null) {
                continue;
            }
            NotifierType<?> type = typeOf(m, l.registry.notifierTypes(), "notifier", id);
            if (type == null) {
                continue;
            }
            if (type.name().equals("email") && m.get("to") == null) {
                addressless.add(id); // reaches only contacts that have an address
            }
            Object params = l.binder.bindRecord(m, type.parameterType(), Assembler.NOTIFIER_COMMON, "notifier type " + type.name(),
                    context(m, id));
            if (params == ParamBinder.FAIL) {
                continue;
            }
            try {
                notifiers.put(id, createNotifier(type, params, context(m, id)));
            } catch (IllegalArgumentException ex) {
                problems.error(m, "notifier '" + id + "': " + ex.getMessage());
            } catch (RuntimeException ex) {
                problems.error(m, "notifier '" + id + "': type " + type.name() + " failed: " + ex);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static <P> Notifier createNotifier(NotifierType<P> type, Object params, TypeContext ctx) {
        return type.create((P) params, ctx);
    }

    void buildEscalation() {
        List<Level> levels = new ArrayList<>();
        List<Route> routes = new ArrayList<>();
        List<Contact> contacts = new ArrayList<>();
        Duration updates = null;
        Map<String, YNode> levelNodes = new LinkedHashMap<>();
        Map<String, YNode> contactNodes = new LinkedHashMap<>();
        List<YNode> routeNodes = new ArrayList<>();
        for (YMap esc : l.escalationNodes) {
            keys(esc, Set.of("levels", "routes", "updates", "contacts"), "escalation");
            if (esc.get("updates") != null) {
                updates = duration(esc.get("updates"), "escalation.updates");
            }
            mergeInto(esc.get("levels"), levelNodes, "escalation level");
            mergeInto(esc.get("contacts"), contactNodes, "contact");
            if (esc.get("routes") instanceof YSeq s) {
                routeNodes.addAll(s.items());
            } else if (esc.get("routes") != null) {
                problems.error(esc.get("routes"), "expected a list of routes ({category, notify}), found "
                        + esc.get("routes").describe());
            }
        }
        contactIds.addAll(contactNodes.keySet());
        for (Map.Entry<String, YNode> c : contactNodes.entrySet()) {
            YMap m = map(c.getValue(), "contact '" + c.getKey() + "'");
            if (m == null) {
                continue;
            }
            keys(m, Set.of("via", "address", "hours"), "contact '" + c.getKey() + "'");
            if (m.get("via") == null) {
                problems.error(m, "contact '" + c.getKey() + "' has no via: expected the id of a notifier");
                continue;
            }
            String via = text(m.get("via"), "via");
            if (via != null && !notifierIds.contains(via)) {
                problems.error(m.get("via"), "contact '" + c.getKey() + "' is reached via unknown notifier '"
                        + Problems.clip(via) + "'" + Problems.suggestOrList(via, notifierIds));
            }
            String address = m.get("address") == null ? null : secretText(m.get("address"), "address");
            String hours = m.get("hours") == null ? null : text(m.get("hours"), "hours");
            if (hours != null && !hours.trim().equals("always")) {
                try {
                    MaintenanceWindow.recurring(hours, null);
                } catch (IllegalArgumentException ex) {
                    problems.error(m.get("hours"), "contact '" + c.getKey() + "': hours: expected always or a form such "
                            + "as \"weekdays 09:00-18:00\", found '" + Problems.clip(hours) + "'");
                }
            }
            if (via != null) {
                contacts.add(new Contact(c.getKey(), via, address, hours));
                if (address == null && addressless.contains(via)) {
                    unreachable.put(c.getKey(), via);
                }
            }
        }
        for (Map.Entry<String, YNode> l : levelNodes.entrySet()) {
            String id = l.getKey();
            YMap m = map(l.getValue(), "level '" + id + "'");
            if (m == null) {
                continue;
            }
            keys(m, Set.of("title", "respond", "notify", "then"), "level '" + id + "'");
            String title = m.get("title") == null ? null : text(m.get("title"), "title");
            Duration respond = m.get("respond") == null ? null : duration(m.get("respond"), "respond");
            List<String> notify = recipients(m.get("notify"), "level " + id + " notify");
            List<EscalationStep> then = new ArrayList<>();
            if (m.get("then") != null) {
                List<YNode> items = m.get("then") instanceof YSeq s ? s.items() : List.of(m.get("then"));
                for (YNode item : items) {
                    YMap tm = map(item, "a then entry ({after, notify, unless})");
                    if (tm == null) {
                        continue;
                    }
                    keys(tm, Set.of("after", "notify", "unless"), "then entry");
                    if (tm.get("after") == null) {
                        problems.error(tm, "then entry has no after: expected a duration such as 30m");
                        continue;
                    }
                    Duration after = duration(tm.get("after"), "after");
                    List<String> who = recipients(tm.get("notify"), "then notify");
                    boolean unlessAck = false;
                    if (tm.get("unless") != null) {
                        String u = text(tm.get("unless"), "unless");
                        if (u != null && !u.equals("acknowledged")) {
                            problems.error(tm.get("unless"), "expected unless: acknowledged, found '" + Problems.clip(u) + "'");
                        }
                        unlessAck = true;
                    }
                    if (after != null) {
                        then.add(new EscalationStep(after, who, unlessAck));
                    }
                }
            }
            levels.add(new Level(id, title, respond, notify, then));
        }
        for (YNode r : routeNodes) {
            YMap m = map(r, "a route ({category, notify})");
            if (m == null) {
                continue;
            }
            keys(m, Set.of("category", "notify"), "route");
            if (m.get("category") == null) {
                problems.error(m, "route has no category: expected e.g. category: security");
                continue;
            }
            String cat = text(m.get("category"), "category");
            routes.add(new Route(cat, recipients(m.get("notify"), "route notify")));
        }
        try {
            escalation = new EscalationPolicy(levels, routes, updates, contacts);
        } catch (IllegalArgumentException e) {
            problems.error(l.escalationNodes.isEmpty() ? null : l.escalationNodes.get(0), e.getMessage());
        }
    }

    private void mergeInto(YNode n, Map<String, YNode> target, String kind) {
        if (n == null || n instanceof YScalar s && s.isNull()) {
            return;
        }
        YMap m = map(n, kind + "s by id");
        if (m == null) {
            return;
        }
        for (Entry e : m.entries().values()) {
            String id = e.key().text();
            if (kind.equals("contact") ? !validId(e.key(), "contact") : !levelId(e.key())) {
                continue;
            }
            if (target.putIfAbsent(id, e.value()) != null) {
                problems.error(e.key(), kind + " '" + id + "' is defined twice");
            }
        }
    }

    private boolean levelId(YScalar key) {
        if (!LEVEL_ID.matcher(key.text()).matches()) {
            problems.error(key, "level id must match [A-Za-z0-9][A-Za-z0-9_-]*, found '" + Problems.clip(key.text()) + "'");
            return false;
        }
        return true;
    }

    /**
     * Reports each recipient in {@code n} that has no way to be reached (contract §7 [1.1]): a contact without an
     * {@code address} whose notifier is an {@code email} one with no {@code to}, or such a notifier named directly
     * (it has nobody to write to). Unknown ids are left to the caller.
     */
    void unreachable(YNode n, String what) {
        if (n == null) {
            return;
        }
        for (YNode i : n instanceof YSeq s ? s.items() : List.of(n)) {
            if (i instanceof YScalar sc && unreachable.containsKey(sc.text())) {
                String via = unreachable.get(sc.text());
                problems.error(i, what + ": contact '" + Problems.clip(sc.text()) + "' cannot be reached: it has no"
                        + " address and its notifier '" + via + "' is an email notifier with no `to` (give the contact"
                        + " an address, or the notifier a `to`)");
            } else if (i instanceof YScalar sc && addressless.contains(sc.text()) && !contactIds.contains(sc.text())) {
                problems.error(i, what + ": notifier '" + Problems.clip(sc.text()) + "' cannot be reached: it is an"
                        + " email notifier with no `to` (name a contact that has an address, or give the notifier a"
                        + " `to`)");
            }
        }
    }

    /** Contact or notifier ids. */
    List<String> recipients(YNode n, String what) {
        unreachable(n, what);
        List<String> out = new ArrayList<>();
        if (n == null) {
            return out;
        }
        List<YNode> items = n instanceof YSeq s ? s.items() : List.of(n);
        Set<String> known = new LinkedHashSet<>(contactIds);
        known.addAll(notifierIds);
        for (YNode i : items) {
            String t = text(i, what);
            if (t == null) {
                continue;
            }
            if (!known.contains(t)) {
                problems.error(i, what + ": unknown contact or notifier '" + Problems.clip(t) + "'"
                        + Problems.suggestOrList(t, known));
                continue;
            }
            out.add(t);
        }
        return out;
    }

    boolean knownLevel(YNode at, String level, String what) {
        if (escalation.levels().isEmpty()) {
            return true;
        }
        if (!escalation.levels().containsKey(level)) {
            problems.error(at, what + " names unknown level '" + Problems.clip(level) + "'"
                    + Problems.suggestOrList(level, escalation.levels().keySet()));
            return false;
        }
        return true;
    }
}
