package dev.runbook.core.escalation;

import java.time.Instant;
import java.util.Map;

/**
 * A message to send: subject and text for people, and structured fields (level, check, status, incident id)
 * for machine formats such as Slack or JSON lines. Immutable.
 *
 * <p>Delivery is at least once: a notification may be sent again after a failed attempt or a crash. Its {@link #id()}
 * is stable across such re-sends (the outbox derives it from its entry), so a receiver can drop duplicates; notifiers
 * pass it on (the webhook's {@code Idempotency-Key} header and {@code id} field, the file archive's {@code id}).
 *
 * @param kind    {@code message}, {@code incident}, {@code update}, {@code recovery}, {@code report}
 * @param subject a one-line subject
 * @param text    the body
 * @param fields  structured fields, string values
 * @param at      when it was created
 * @param id      the stable idempotency id of this notification, or null before the outbox has given it one
 */
public record Notification(String kind, String subject, String text, Map<String, String> fields, Instant at,
        String id) {
    public Notification {
        fields = Map.copyOf(fields);
    }

    /** A notification without an id yet (the outbox gives it one when it is written). */
    public Notification(String kind, String subject, String text, Map<String, String> fields, Instant at) {
        this(kind, subject, text, fields, at, null);
    }

    /** This notification with the given idempotency id. */
    public Notification withId(String id) {
        return new Notification(kind, subject, text, fields, at, id);
    }
}
