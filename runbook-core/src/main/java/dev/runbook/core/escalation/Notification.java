package dev.runbook.core.escalation;

import java.time.Instant;
import java.util.Map;

/**
 * A message to send: subject and text for people, and structured fields (level, check, status, incident id)
 * for machine formats such as Slack or JSON lines. Immutable.
 *
 * @param kind    {@code message}, {@code incident}, {@code update}, {@code recovery}, {@code report}
 * @param subject a one-line subject
 * @param text    the body
 * @param fields  structured fields, string values
 * @param at      when it was created
 */
public record Notification(String kind, String subject, String text, Map<String, String> fields, Instant at) {
    public Notification {
        fields = Map.copyOf(fields);
    }
}
