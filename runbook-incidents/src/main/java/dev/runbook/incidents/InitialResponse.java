package dev.runbook.incidents;

import dev.runbook.core.escalation.Incident;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remediation steps taken about a check before any incident about it is open, kept in memory (the last
 * {@value #KEPT} per check) so the incident it may open next starts its timeline with them: the report's
 * "Initial Response". Thread-safe.
 */
final class InitialResponse {
    static final int KEPT = 20;
    private final Map<String, List<Incident.TimelineEntry>> pending = new ConcurrentHashMap<>();

    /** Keeps a step taken about {@code check}. */
    void add(String check, Incident.TimelineEntry entry) {
        List<Incident.TimelineEntry> list = pending.computeIfAbsent(check, k -> new ArrayList<>());
        synchronized (list) {
            list.add(entry);
            if (list.size() > KEPT) {
                list.remove(0);
            }
        }
    }

    /** Takes (and forgets) the steps kept for {@code check}, oldest first. */
    List<Incident.TimelineEntry> take(String check) {
        List<Incident.TimelineEntry> list = pending.remove(check);
        if (list == null) {
            return List.of();
        }
        synchronized (list) {
            return List.copyOf(list);
        }
    }
}
