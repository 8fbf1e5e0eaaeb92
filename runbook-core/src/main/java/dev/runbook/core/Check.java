package dev.runbook.core;

/**
 * Measures one thing. A lambda is a check:
 *
 * <pre>{@code
 * Check alwaysUp = ctx -> CheckResult.ok("up");
 * }</pre>
 *
 * <p>Return a {@link CheckResult} for every answer, including "down" ({@link Status#CRITICAL}) and "could not
 * tell" ({@link Status#UNKNOWN}). An exception is allowed and becomes {@code UNKNOWN} with its message; so is
 * running past {@link CheckContext#timeout()}, after which the engine interrupts the thread and abandons it.
 * Implementations must be safe to call from several threads when used in several runbooks at once; a single
 * check is never run concurrently with itself by one engine.
 */
@FunctionalInterface
public interface Check {
    /**
     * Runs the probe. May block, up to {@link CheckContext#timeout()}.
     *
     * @throws Exception any failure, turned into {@code UNKNOWN} by the engine
     */
    CheckResult run(CheckContext context) throws Exception;
}
