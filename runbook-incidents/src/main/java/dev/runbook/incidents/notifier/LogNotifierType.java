package dev.runbook.incidents.notifier;

import dev.runbook.core.escalation.Notifier;
import dev.runbook.core.spi.NotifierType;
import dev.runbook.core.spi.TypeContext;
import dev.runbook.core.spi.TypeName;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code log} notifier: writes each notification to the slf4j logger {@code dev.runbook.notifications}
 * (subject at the chosen level, the full text at debug). Stateless and thread-safe; does not block beyond the
 * logging backend.
 */
@TypeName("log")
public final class LogNotifierType implements NotifierType<LogNotifierType.Params> {
    private static final Logger LOG = LoggerFactory.getLogger("dev.runbook.notifications");

    /**
     * Parameters of a {@code log} notifier.
     *
     * @param level {@code info} (default), {@code warn} or {@code error}
     */
    public record Params(String level) {
    }

    @Override
    public String name() {
        return "log";
    }

    @Override
    public Class<Params> parameterType() {
        return Params.class;
    }

    @Override
    public String description() {
        return "writes notifications to the log";
    }

    @Override
    public Notifier create(Params p, TypeContext context) {
        String level = p == null || p.level() == null ? "info" : p.level().toLowerCase(Locale.ROOT);
        String id = context.id();
        switch (level) {
            case "info":
                return (n, address) -> {
                    LOG.info("[{}] {}{}", id, n.subject(), address == null ? "" : " (to " + address + ")");
                    LOG.debug("[{}] {}", id, n.text());
                };
            case "warn":
                return (n, address) -> {
                    LOG.warn("[{}] {}{}", id, n.subject(), address == null ? "" : " (to " + address + ")");
                    LOG.debug("[{}] {}", id, n.text());
                };
            case "error":
                return (n, address) -> {
                    LOG.error("[{}] {}{}", id, n.subject(), address == null ? "" : " (to " + address + ")");
                    LOG.debug("[{}] {}", id, n.text());
                };
            default:
                throw new IllegalArgumentException("level: expected info, warn or error, found '" + p.level() + "'");
        }
    }
}
