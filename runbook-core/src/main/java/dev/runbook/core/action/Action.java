package dev.runbook.core.action;

/**
 * Does one thing to the world — runs a program, restarts a unit, deletes old files, backs up, notifies — and
 * says how it went. A lambda is an action.
 *
 * <p>Contract: when {@link ActionContext#dryRun()} is true, do nothing and return {@link ActionResult#dryRun}
 * saying what would be done. Stay within {@link ActionContext#timeout()}; the engine interrupts the thread
 * after it, and actions that start processes must kill their whole process group themselves. Expand
 * {@code ${captured.NAME}} in user-given strings with {@link ActionContext#expand(String)}.
 */
@FunctionalInterface
public interface Action {
    /**
     * Performs the action. May block up to the timeout.
     *
     * @throws Exception any failure, turned into {@link Outcome#FAILED} by the engine
     */
    ActionResult execute(ActionContext context) throws Exception;
}
