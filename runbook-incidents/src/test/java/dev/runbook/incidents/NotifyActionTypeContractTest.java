package dev.runbook.incidents;

import dev.runbook.core.engine.Engine;
import dev.runbook.core.escalation.NotificationService;
import dev.runbook.core.spi.ActionType;
import dev.runbook.incidents.action.NotifyActionType;
import dev.runbook.tck.ActionTypeContract;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** The TCK's contract for the {@code notify} action type, with a notification service that records real sends. */
class NotifyActionTypeContractTest extends ActionTypeContract<NotifyActionType.Params> {
    private final List<String> sent = new CopyOnWriteArrayList<>();

    @Override
    protected ActionType<NotifyActionType.Params> type() {
        return new NotifyActionType();
    }

    @Override
    protected Map<String, Object> yamlParameters() {
        return Map.of("to", List.of("ops"), "message", "estimator restarted");
    }

    @Override
    protected Engine.Builder engine() {
        NotificationService recording = (to, n, dryRun) -> {
            if (!n.kind().equals("notify")) { // runbook-format §9: notifications' kind of a notify action
                throw new AssertionError("a notify action's notification has kind notify, not " + n.kind());
            }
            if (to.contains("nobody")) {
                return "unknown recipient 'nobody'";
            }
            if (dryRun) {
                return "would notify " + String.join(", ", to) + ": " + n.subject();
            }
            sent.add(to + " " + n.subject());
            return "sent to " + String.join(", ", to);
        };
        return Engine.builder().notifications(recording);
    }

    @Override
    protected Object observeSideEffects() {
        return List.copyOf(sent);
    }

    @Override
    protected Map<String, Object> failingParameters() {
        return Map.of("to", List.of("nobody"), "message", "x");
    }
}
