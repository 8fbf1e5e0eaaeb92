package dev.runbook.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.OptionalDouble;

/**
 * What a running check may use: the clock, its timeout, its own persistent state, the stored history and the
 * metrics other checks produced earlier in the same run. One context per check run; not shared between threads.
 */
public interface CheckContext {

    /** The id of the check being run. */
    String checkId();

    /** The clock to read time from (never the system clock directly). */
    Clock clock();

    /** The runbook's time zone. */
    ZoneId zone();

    /** How long the check may take; the engine cuts it off after this. */
    Duration timeout();

    /**
     * When the engine cuts this check off, on {@link #clock()}: a fixed instant, armed when the engine submitted the
     * probe (time in a queue counts). The engine's contexts return that instant; this default, for contexts made
     * elsewhere, is only an estimate from now.
     */
    default Instant deadline() {
        return clock().instant().plus(timeout());
    }

    /**
     * How long the check's own I/O may wait (connect and read timeouts): the time left to {@link #deadline()} less
     * {@link IoTimeouts#margin(Duration) a margin}, so that the type's own verdict (CRITICAL "no answer") comes
     * before the engine's UNKNOWN "timed out". Never less than {@link IoTimeouts#MINIMUM}.
     */
    default Duration ioTimeout() {
        return IoTimeouts.below(clock(), deadline(), timeout());
    }

    /** True in {@code --dry-run}: state such as log offsets must not advance (writes to {@link #state()} are dropped). */
    boolean dryRun();

    /**
     * The procedure this run belongs to, or null for a run outside any procedure ({@code --check}, all checks, the
     * daemon's ad-hoc runs). State that a run consumes (log offsets) is kept per procedure (contract §4 [1.1]).
     */
    default String procedure() {
        return null;
    }

    /** This check's own key/value state (log offsets, previous CPU ticks), kept across runs by the store. */
    StateStore.Scoped state();

    /** Stored results and metric series, for history-based checks. */
    HistoryReader history();

    /**
     * A metric from another check of this run, by reference {@code <check>.<metric>}; empty if that check has not
     * produced it (the engine runs referenced checks first when the dependency is declared).
     */
    OptionalDouble runMetric(String reference);
}
