package dev.runbook.runtime.schedule;

import dev.runbook.core.engine.RunResult;
import java.time.ZonedDateTime;

/**
 * What the {@link Scheduler} tells its listener: a typed event per firing, finish, skip and failure, each with
 * the line a log would show ({@link #message()}). Immutable values; delivered on the scheduler's threads (the
 * loop, or the worker that ran the job), one event at a time per job.
 */
public sealed interface ScheduleEvent {
    /** The procedure or report the event is about. */
    Scheduler.Job job();

    /** A line for a log, as the daemon prints it. */
    String message();

    /** A procedure run finished; {@code result} holds its status and duration. */
    record Finished(Scheduler.Job job, RunResult result) implements ScheduleEvent {
        @Override
        public String message() {
            String line = "runbook daemon: " + label(job) + ": " + result.status() + " in " + result.duration().toMillis() + " ms";
            return result.storeError() == null ? line
                    : line + "; warning: the results were not recorded: " + result.storeError();
        }
    }

    /** A scheduled report was rendered and handed over; {@code said} is what the report hook answered. */
    record ReportDone(Scheduler.Job job, String said) implements ScheduleEvent {
        @Override
        public String message() {
            return "runbook daemon: " + label(job) + ": " + said;
        }
    }

    /** A firing was skipped because the job's previous run was still going (told once per overrun). */
    record Skipped(Scheduler.Job job, ZonedDateTime due) implements ScheduleEvent {
        @Override
        public String message() {
            return "runbook daemon: " + label(job) + " is still running; skipping its run due at "
                    + Scheduler.format(due) + " (and further ones until it finishes)";
        }
    }

    /** A firing failed or could not start; the schedule carries on. */
    record Failed(Scheduler.Job job, Throwable cause) implements ScheduleEvent {
        @Override
        public String message() {
            return "runbook daemon: " + label(job) + " failed: " + cause;
        }
    }

    private static String label(Scheduler.Job j) {
        return (j.kind() == Scheduler.Kind.PROCEDURE ? "procedure " : "report ") + j.id();
    }
}
