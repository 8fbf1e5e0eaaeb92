package dev.runbook.core.escalation;

/**
 * Delivers notifications somewhere (a webhook, email, a log, a file). Throw on a failed delivery: the outbox
 * retries it later. Implementations are thread-safe; {@link #send} blocks on I/O and must be bounded in time.
 */
@FunctionalInterface
public interface Notifier {
    /**
     * Delivers one notification.
     *
     * @param notification what to send
     * @param address      the contact's address for this notifier (an email address), or null
     * @throws Exception when delivery failed; it will be retried
     */
    void send(Notification notification, String address) throws Exception;
}
