package dev.runbook.core.escalation;

import java.util.List;

/** Incidents of a category also notify these contacts (the seed's "security incident → security manager"). */
public record Route(String category, List<String> recipients) {
    public Route {
        recipients = List.copyOf(recipients);
    }
}
