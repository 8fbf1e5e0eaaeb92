package dev.runbook.core.action;

import dev.runbook.core.CheckResult;
import dev.runbook.core.escalation.IncidentService;
import dev.runbook.core.escalation.NotificationService;
import java.time.Clock;
import dev.runbook.core.IoTimeouts;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;

/**
 * What a running action may use. One per action execution; not shared between threads.
 */
public interface ActionContext {

    /** The id of the action, or a label for an inline one. */
    String actionId();

    Clock clock();

    ZoneId zone();

    Duration timeout();

    /**
     * When the engine cuts this action off, on {@link #clock()}: a fixed instant armed when the engine submitted
     * it. The engine's contexts return that instant; this default, for contexts made elsewhere, estimates it from now.
     */
    default Instant deadline() {
        return clock().instant().plus(timeout());
    }

    /**
     * How long the action's own I/O may wait: the time left to {@link #deadline()} less a margin, so that the
     * action's own outcome comes before the engine's {@code timed_out}. See {@link IoTimeouts}.
     */
    default Duration ioTimeout() {
        return IoTimeouts.below(clock(), deadline(), timeout());
    }

    /** True in {@code --dry-run}: say what would be done and do nothing. */
    boolean dryRun();

    /** The id of the check whose remediation runs this action, or null in a procedure step. */
    String checkId();

    /** The procedure being run, or null. */
    String procedureId();

    /** The result that triggered the remediation, or null. */
    CheckResult trigger();

    /** Values captured by earlier steps of this procedure or remediation, by name. */
    Map<String, String> captured();

    /** Keeps a value as {@code ${captured.NAME}} for later steps (ignored in dry-run). */
    void capture(String name, String value);

    /** Replaces {@code ${captured.NAME}} with captured values; unknown names are an error naming them. */
    String expand(String text);

    /** Opens or raises incidents. */
    IncidentService incidents();

    /** Sends notifications to contacts or notifiers. */
    NotificationService notifications();

    /** Who runs this (the {@code --operator}), or null. */
    String operator();
}
