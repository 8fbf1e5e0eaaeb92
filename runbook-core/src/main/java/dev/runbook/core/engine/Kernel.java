package dev.runbook.core.engine;

import dev.runbook.core.escalation.IncidentService;
import dev.runbook.core.escalation.NotificationService;
import dev.runbook.core.invoke.Invoker;
import dev.runbook.core.model.Runbook;
import java.time.Clock;
import java.util.function.Function;

/**
 * What every run of one engine shares: its clock, the one timed invocation, the store, incidents, notifications,
 * reports, the event lane and the sleeper for waits. Internal: not API, may change without notice. Immutable.
 */
public record Kernel(Clock clock, Invoker invoker, RunStore store, Function<Runbook, IncidentService> incidents,
                     Function<Runbook, NotificationService> notifications, ReportRenderer reports, EventLane events,
                     Engine.Sleeper sleeper) {
}
