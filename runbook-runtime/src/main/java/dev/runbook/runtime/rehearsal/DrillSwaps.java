package dev.runbook.runtime.rehearsal;

import dev.runbook.core.Check;
import dev.runbook.core.CheckResult;
import dev.runbook.core.Status;
import dev.runbook.core.action.Action;
import dev.runbook.core.action.ActionContext;
import dev.runbook.core.action.ActionResult;
import dev.runbook.core.action.DryRunView;
import dev.runbook.core.escalation.Notification;
import dev.runbook.core.escalation.Notifier;
import dev.runbook.incidents.StoreIncidentService;
import java.util.function.Supplier;

/**
 * The swaps of {@code runbook drill}: the drilled check's probe (first and rechecks) is forced to the drill's
 * status; every other check is real; actions run as a dry run (they say what they would do) unless {@code --act};
 * every notifier is real and sends each notification with {@code [DRILL]} before its subject and a line saying it
 * is a drill before its text. Thread-safe.
 */
final class DrillSwaps implements SwappedTypes.Swaps {
    /** What every drill notification's subject starts with. */
    static final String SUBJECT_PREFIX = "[DRILL] ";

    private final String checkId;
    private final Status status;
    private final String message;
    private final boolean act;

    DrillSwaps(String checkId, Status status, String message, boolean act) {
        this.checkId = checkId;
        this.status = status;
        this.message = message;
        this.act = act;
    }

    @Override
    public Check check(Supplier<Check> real) {
        Check own = real.get();
        return ctx -> ctx.checkId().equals(checkId) ? CheckResult.builder().status(status).message(message).build()
                : own.run(ctx);
    }

    @Override
    public Action action(String type, Supplier<Action> real) {
        Action own = real.get();
        if (act || "notify".equals(type) || "escalate".equals(type)) {
            return own; // notifications really go out in a drill, through the [DRILL] notifiers
        }
        return new Action() {
            @Override
            public ActionResult execute(ActionContext ctx) throws Exception {
                return ActionResult.dryRun(own.describe(DryRunView.of(ctx)) + " (a drill: dry run; --act to run it)");
            }

            @Override
            public String describe(ActionContext ctx) throws Exception {
                return own.describe(ctx);
            }
        };
    }

    @Override
    public Notifier notifier(Supplier<Notifier> real) {
        Notifier own = real.get();
        return (n, address) -> own.send(labelled(n), address);
    }

    /** The notification as a drill writes it to the outbox: kind {@code drill}, {@code [DRILL]} before its subject. */
    static Notification asDrill(Notification n) {
        String subject = n.subject() == null ? "" : n.subject();
        return new Notification(StoreIncidentService.DRILL, subject.startsWith(SUBJECT_PREFIX) ? subject
                : SUBJECT_PREFIX + subject, n.text(), n.fields(), n.at(), n.id());
    }

    /** The notification as a drill sends it. */
    static Notification labelled(Notification n) {
        String subject = n.subject() == null ? "" : n.subject();
        String text = n.text() == null ? "" : n.text();
        return new Notification(n.kind(), subject.startsWith(SUBJECT_PREFIX) ? subject : SUBJECT_PREFIX + subject,
                "This is a fire drill (runbook drill): no action is needed.\n\n" + text, n.fields(), n.at(), n.id());
    }
}
