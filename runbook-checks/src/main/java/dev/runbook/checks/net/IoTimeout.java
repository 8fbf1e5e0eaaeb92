package dev.runbook.checks.net;

import dev.runbook.core.CheckContext;
import java.time.Duration;

/**
 * The time a network type may spend on its own I/O: what is left until the check's deadline, less a margin, so
 * that the type's own verdict ({@code CRITICAL} "no answer", contract §1) is built before the engine cuts the
 * check off as {@code UNKNOWN}. The margin is a fifth of what is left, at least {@value #MIN_MARGIN_MS} ms and at
 * most {@value #MAX_MARGIN_MS} ms; the result is never below {@value #FLOOR_MS} ms.
 *
 * <pre>{@code
 * int ms = IoTimeout.millis(IoTimeout.below(ctx));
 * socket.connect(address, ms);
 * }</pre>
 *
 * <p>Stateless and thread-safe; nothing here blocks.
 */
public final class IoTimeout {
    /** The smallest margin kept below the deadline. */
    public static final long MIN_MARGIN_MS = 100;
    /** The largest margin kept below the deadline. */
    public static final long MAX_MARGIN_MS = 1000;
    /** The shortest I/O timeout handed out, even when the deadline is (nearly) reached. */
    public static final long FLOOR_MS = 10;

    private static final Duration DEFAULT_LEFT = Duration.ofSeconds(30);

    private IoTimeout() {
    }

    /** The I/O budget of a check: from now (on the context's clock) to its deadline, less the margin. */
    public static Duration below(CheckContext ctx) {
        Duration left;
        try {
            left = Duration.between(ctx.clock().instant(), ctx.deadline());
        } catch (RuntimeException e) {
            left = ctx.timeout() == null ? DEFAULT_LEFT : ctx.timeout();
        }
        return below(left);
    }

    /** The I/O budget when {@code left} remains until the deadline. */
    public static Duration below(Duration left) {
        long leftMs = left == null ? DEFAULT_LEFT.toMillis() : left.toMillis();
        long margin = Math.max(MIN_MARGIN_MS, Math.min(MAX_MARGIN_MS, leftMs / 5));
        return Duration.ofMillis(Math.max(FLOOR_MS, leftMs - margin));
    }

    /** What remains of {@code budget} after the time since {@code startNanos} ({@link System#nanoTime()}), floored. */
    public static Duration remaining(Duration budget, long startNanos) {
        long spent = (System.nanoTime() - startNanos) / 1_000_000;
        return Duration.ofMillis(Math.max(FLOOR_MS, budget.toMillis() - spent));
    }

    /** A duration as a socket timeout in milliseconds: at least {@value #FLOOR_MS}, at most {@link Integer#MAX_VALUE}. */
    public static int millis(Duration d) {
        return (int) Math.max(FLOOR_MS, Math.min(Integer.MAX_VALUE, d.toMillis()));
    }
}
