package dev.runbook.incidents;

import dev.runbook.core.escalation.EscalationPolicy;
import dev.runbook.core.escalation.Level;
import dev.runbook.core.escalation.Route;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Who an incident notifies: the level by id, and the groups of recipients of a level and its routes. Stateless. */
final class Recipients {
    private Recipients() {
    }

    /** The level {@code id} of the policy; any id when the policy defines no levels. */
    static Level levelOf(EscalationPolicy policy, String id) {
        if (policy.levels().isEmpty()) {
            return new Level(id, id, null, List.of(), List.of());
        }
        return policy.level(id).orElseThrow(() -> new IllegalArgumentException("unknown incident level '" + id
                + "' (levels: " + String.join(", ", policy.levels().keySet()) + ")"));
    }

    /** Who an opening or raise notifies: the level's {@code notify}, then each matching route, as separate steps. */
    static List<List<String>> groups(EscalationPolicy policy, Level level, String category) {
        List<List<String>> out = new ArrayList<>();
        if (!level.recipients().isEmpty()) {
            out.add(level.recipients());
        }
        if (category != null) {
            for (Route r : policy.routes()) {
                if (r.category().equals(category) && !r.recipients().isEmpty()) {
                    out.add(r.recipients());
                }
            }
        }
        return out;
    }

    /** The groups in words, as dry runs and timelines say them. */
    static String describe(OutboxDelivery outbox, List<List<String>> groups, Instant now) {
        List<String> parts = new ArrayList<>();
        for (List<String> g : groups) {
            parts.add(outbox.select(g, now).describe());
        }
        return parts.isEmpty() ? "nobody" : String.join("; ", parts);
    }
}
