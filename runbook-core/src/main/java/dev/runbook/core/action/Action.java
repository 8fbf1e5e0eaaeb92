package dev.runbook.core.action;

/**
 * Does one thing to the world — runs a program, restarts a unit, deletes old files, backs up, notifies — and
 * says how it went. A lambda is an action.
 *
 * <p>Contract: in {@code --dry-run} the engine never calls {@link #execute}; it calls {@link #describe} instead,
 * which must do nothing and say what would be done. (An {@code execute} called by other code with
 * {@link ActionContext#dryRun()} true must still do nothing and return {@link ActionResult#dryRun}.) Stay within {@link ActionContext#timeout()}; the engine interrupts the thread
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

    /**
     * Says what {@link #execute} would do with this context, without doing any of it: one sentence for the
     * dry-run's output ({@code "would restart nginx.service"}). Must not touch the world; may read it (e.g. count
     * the files a deletion would remove). The default names the action.
     *
     * @throws Exception any failure; the engine then reports the action as one that could not describe itself
     */
    default String describe(ActionContext context) throws Exception {
        return "would run action " + context.actionId();
    }

    /**
     * An action whose {@link #describe} is its own dry-run: {@code execute} called with a
     * {@link DryRunView dry-run view} of the context (dry-run forced on, captures dropped), its message as the
     * sentence. For types whose {@code execute} already honours {@link ActionContext#dryRun()} by only reading
     * the world (all built-in types do). A dry-run that fails says {@code "would fail: …"}.
     */
    static Action describedByDryRun(Action action) {
        return new Action() {
            @Override
            public ActionResult execute(ActionContext context) throws Exception {
                return action.execute(context);
            }

            @Override
            public String describe(ActionContext context) throws Exception {
                return DryRunView.sentence(action.execute(DryRunView.of(context)));
            }
        };
    }
}
