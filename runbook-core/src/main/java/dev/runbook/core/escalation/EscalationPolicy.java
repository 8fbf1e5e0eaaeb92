package dev.runbook.core.escalation;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The runbook's escalation matrix: levels (most severe first), category routes, the update interval for open
 * incidents, and contacts. Immutable.
 */
public final class EscalationPolicy {
    private final Map<String, Level> levels;
    private final List<Route> routes;
    private final Duration updates;
    private final Map<String, Contact> contacts;

    public EscalationPolicy(List<Level> levels, List<Route> routes, Duration updates, List<Contact> contacts) {
        Map<String, Level> l = new LinkedHashMap<>();
        for (Level level : levels) {
            if (l.put(level.id(), level) != null) {
                throw new IllegalArgumentException("level '" + level.id() + "' is defined twice");
            }
        }
        Map<String, Contact> c = new LinkedHashMap<>();
        for (Contact contact : contacts) {
            if (c.put(contact.id(), contact) != null) {
                throw new IllegalArgumentException("contact '" + contact.id() + "' is defined twice");
            }
        }
        this.levels = Collections.unmodifiableMap(l);
        this.routes = List.copyOf(routes);
        this.updates = updates;
        this.contacts = Collections.unmodifiableMap(c);
    }

    /** A policy with no levels. */
    public static EscalationPolicy none() {
        return new EscalationPolicy(List.of(), List.of(), null, List.of());
    }

    public Map<String, Level> levels() {
        return levels;
    }

    public Optional<Level> level(String id) {
        return Optional.ofNullable(levels.get(id));
    }

    /**
     * Rank of a level: 0 for the first (most severe). Unknown levels rank after all known ones.
     */
    public int rank(String levelId) {
        int i = 0;
        for (String id : levels.keySet()) {
            if (id.equals(levelId)) {
                return i;
            }
            i++;
        }
        return Integer.MAX_VALUE;
    }

    public List<Route> routes() {
        return routes;
    }

    /** How often open incidents send an update, or null for never. */
    public Duration updates() {
        return updates;
    }

    public Map<String, Contact> contacts() {
        return contacts;
    }
}
