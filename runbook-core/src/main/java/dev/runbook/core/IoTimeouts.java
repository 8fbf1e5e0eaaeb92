package dev.runbook.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The margin convention for a type's own I/O timeouts. A type that talks to the network (or to anything that
 * may not answer) sets its connect and read timeouts to {@link CheckContext#ioTimeout()}: the time left before the
 * engine's deadline less a margin — a fifth of the timeout, at most {@link #MAXIMUM_MARGIN} — so the type's own
 * verdict (CRITICAL "no answer") is reached before the engine's UNKNOWN "timed out". Stateless.
 */
public final class IoTimeouts {
    /** The largest margin kept below a deadline. */
    public static final Duration MAXIMUM_MARGIN = Duration.ofMillis(500);
    /** The smallest I/O timeout handed out, even past the deadline (a zero timeout means "forever" to sockets). */
    public static final Duration MINIMUM = Duration.ofMillis(10);

    private IoTimeouts() {
    }

    /** The margin kept below the deadline of work with this timeout: a fifth of it, at most 500 ms. */
    public static Duration margin(Duration timeout) {
        Duration fifth = timeout.dividedBy(5);
        return fifth.compareTo(MAXIMUM_MARGIN) > 0 ? MAXIMUM_MARGIN : fifth;
    }

    /** The time left on {@code clock} before {@code deadline}, less the margin for {@code timeout}; at least 10 ms. */
    public static Duration below(Clock clock, Instant deadline, Duration timeout) {
        Duration left = Duration.between(clock.instant(), deadline).minus(margin(timeout));
        return left.compareTo(MINIMUM) < 0 ? MINIMUM : left;
    }
}
