package dev.runbook.incidents;

import java.time.Instant;

/**
 * A notification the outbox gave up on after its last attempt: kept in the store and listed by
 * {@code runbook incidents} and the reports, never silently dropped. Holds no secret: the notifier's id,
 * not its URL or password. Immutable.
 *
 * @param id         the outbox entry id
 * @param incidentId the incident it belongs to, or null
 * @param to         the contact or notifier id it was addressed to
 * @param notifier   the notifier id used
 * @param address    the contact's address for that notifier, or null
 * @param kind       {@code message}, {@code incident}, {@code update}, {@code recovery}, …
 * @param subject    its subject
 * @param attempts   delivery attempts made
 * @param lastError  why the last attempt failed
 * @param createdAt  when it was written to the outbox
 * @param failedAt   when it was given up
 */
public record FailedNotification(long id, Long incidentId, String to, String notifier, String address, String kind,
                                 String subject, int attempts, String lastError, Instant createdAt, Instant failedAt) {
}
