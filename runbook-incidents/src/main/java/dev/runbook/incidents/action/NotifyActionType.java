package dev.runbook.incidents.action;

import dev.runbook.core.action.Action;
import dev.runbook.core.action.ActionResult;
import dev.runbook.core.escalation.Notification;
import dev.runbook.core.spi.ActionType;
import dev.runbook.core.spi.TypeContext;
import dev.runbook.core.spi.TypeName;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code notify} action: sends {@code message} (with {@code ${captured.NAME}} expanded) to contacts or
 * notifiers through {@link dev.runbook.core.action.ActionContext#notifications()}. In dry-run it says what would
 * be sent and sends nothing. Stateless and thread-safe; the action blocks while the notification is written to
 * the outbox and first attempted.
 *
 * <pre>{@code
 * actions:
 *   tell-ops: { type: notify, to: [ops, infra-manager], message: "disk cleanup freed ${captured.freed}" }
 * }</pre>
 */
@TypeName("notify")
public final class NotifyActionType implements ActionType<NotifyActionType.Params> {

    /**
     * Parameters of a {@code notify} action.
     *
     * @param to      contact or notifier ids
     * @param message the text; its first line is the subject
     * @param subject an explicit subject, or null for the message's first line
     */
    public record Params(List<String> to, String message, String subject) {
    }

    @Override
    public String name() {
        return "notify";
    }

    @Override
    public Class<Params> parameterType() {
        return Params.class;
    }

    @Override
    public String description() {
        return "sends a message to contacts or notifiers";
    }

    @Override
    public Action create(Params p, TypeContext context) {
        if (p.to() == null || p.to().isEmpty()) {
            throw new IllegalArgumentException("to: required, a list of contact or notifier ids");
        }
        for (String id : p.to()) {
            if (id == null || id.isBlank()) {
                throw new IllegalArgumentException("to: an empty recipient id");
            }
        }
        if (p.message() == null || p.message().isBlank()) {
            throw new IllegalArgumentException("message: required, the text to send");
        }
        List<String> to = List.copyOf(p.to());
        String actionId = context.id();
        return Action.describedByDryRun(ctx -> {
            String text = ctx.expand(p.message());
            String subject = p.subject() != null ? ctx.expand(p.subject()) : firstLine(text);
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put("action", ctx.actionId() != null ? ctx.actionId() : actionId);
            if (ctx.checkId() != null) {
                fields.put("check", ctx.checkId());
            }
            if (ctx.procedureId() != null) {
                fields.put("procedure", ctx.procedureId());
            }
            if (ctx.trigger() != null) {
                fields.put("status", ctx.trigger().status().name());
            }
            if (ctx.operator() != null) {
                fields.put("operator", ctx.operator());
            }
            Notification n = new Notification("notify", subject, text, fields, ctx.clock().instant());
            String said = ctx.notifications().send(to, n, ctx.dryRun());
            if (ctx.dryRun()) {
                return ActionResult.dryRun(said);
            }
            return said.contains("unknown recipient") && !said.contains("sent to")
                    ? ActionResult.failed(said) : ActionResult.done(said);
        });
    }

    private static String firstLine(String s) {
        String l = s.strip();
        int nl = l.indexOf('\n');
        l = nl < 0 ? l : l.substring(0, nl);
        return l.length() > 140 ? l.substring(0, 139) + "…" : l;
    }
}
