package dev.runbook.core.invoke;

import java.time.Duration;
import java.util.Objects;

/**
 * How one timed invocation of user code ended: the value it returned, the exception it threw, or why the engine
 * gave up on it (its deadline passed, its previous run still lives, no worker was free, the invoker was closed).
 * An immutable value; {@link #took()} is the time from submission to completion.
 *
 * @param kind  how it ended
 * @param value what the code returned, for {@link Kind#RETURNED}; else null
 * @param error what the code threw, for {@link Kind#FAILED}; else null
 * @param took  from submission (queue time counts) to completion
 * @param <T>   the value's type
 */
public record Completion<T>(Kind kind, T value, Throwable error, Duration took) {

    /** How an invocation ended. */
    public enum Kind {
        /** The code returned a value within its deadline. */
        RETURNED,
        /** The code threw within its deadline. */
        FAILED,
        /** The deadline (armed at submission) passed first; a running worker was interrupted and abandoned. */
        TIMED_OUT,
        /** Not started: an earlier invocation with the same key timed out and is still running. */
        STILL_RUNNING,
        /** Not started: abandoned workers reached their bound and no worker was free. */
        NO_WORKER_FREE,
        /** Not started, or given up on, because the invoker was closed. */
        CLOSED
    }

    public Completion {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(took, "took");
    }

    /** True if the code ran to its end within the deadline (returned or threw). */
    public boolean ran() {
        return kind == Kind.RETURNED || kind == Kind.FAILED;
    }

    /**
     * A sentence for a result message when the code did not return a value: "timed out after 2s", "engine closed",
     * "no worker free", "not started: its previous run timed out and is still running", or the exception.
     *
     * @param timeout the timeout to name for {@link Kind#TIMED_OUT}
     */
    public String describe(Duration timeout) {
        return switch (kind) {
            case RETURNED -> "returned";
            case FAILED -> describe(error);
            case TIMED_OUT -> "timed out after " + Durations.human(timeout);
            case STILL_RUNNING -> "not started: its previous run timed out and is still running";
            case NO_WORKER_FREE -> "not started: no worker free (abandoned workers reached their bound)";
            case CLOSED -> "engine closed";
        };
    }

    /** {@code SimpleName: message} of an exception, for result messages. */
    public static String describe(Throwable e) {
        if (e == null) {
            return "failed";
        }
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }
}
