package dev.runbook.core.escalation;

/**
 * Which report periods went to which recipients (runbook-format §8: a scheduled report reaches each recipient
 * once per period), kept by the store. The one thing sending a report writes besides its notification.
 * Thread-safe; calls block on I/O.
 */
public interface SentReports {
    /**
     * Records that {@code report} for {@code period} goes to {@code recipient}.
     *
     * @param period the period's kind and first day ({@code week 2026-11-02})
     * @return true the first time; false when it was sent before
     */
    boolean firstReport(String report, String period, String recipient);
}
