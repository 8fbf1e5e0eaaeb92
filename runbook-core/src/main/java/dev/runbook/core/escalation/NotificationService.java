package dev.runbook.core.escalation;

import java.util.List;

/**
 * Sends notifications to contacts or notifiers by id. runbook-incidents provides the outbox-backed
 * implementation (written to the store before sending, retried until delivered). Thread-safe.
 */
public interface NotificationService {

    /**
     * Queues and sends a notification.
     *
     * @param to     contact or notifier ids
     * @param dryRun true: say what would be sent, send nothing
     * @return a message for the action log ("sent to ops-webhook, ops-email")
     */
    String send(List<String> to, Notification notification, boolean dryRun);

    /** A service that logs and sends nothing. */
    static NotificationService loggingOnly() {
        org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(NotificationService.class);
        return (to, n, dryRun) -> {
            if (dryRun) {
                return "would notify " + String.join(", ", to) + ": " + n.subject();
            }
            log.info("notification to {}: {}", to, n.subject());
            return "logged (no notifier configured) for " + String.join(", ", to) + ": " + n.subject();
        };
    }
}
