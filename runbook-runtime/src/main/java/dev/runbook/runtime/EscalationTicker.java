package dev.runbook.runtime;

import dev.runbook.core.escalation.IncidentService;
import dev.runbook.incidents.StoreIncidentService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fires due escalation steps and incident updates and retries undelivered notifications, on its own thread and
 * never ahead of or inline with checks: a run or a scheduler tick only {@link #kick()}s it (which never blocks).
 * It also passes on its own every {@code every} (real time) when nothing kicked it, so a runtime that only runs
 * (and never schedules) still fires its escalation timers between runs.
 * Each pass retries the outbox for at most its budget; what is left waits for the next pass. {@link #problems}
 * says when the outbox looks stuck, for {@code /health}.
 *
 * <p>Thread-safe. {@link #kick()} never blocks; {@link #awaitIdle} and {@link #close} block up to their bound.
 */
public final class EscalationTicker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EscalationTicker.class);

    private final IncidentService incidents;
    private final StoreIncidentService outbox;
    private final Clock clock;
    private final Duration budget;
    private final Duration stuckAfter;
    private final long everyMillis;
    private final Thread thread;
    private final Object lock = new Object();
    private boolean requested;
    private boolean busy;
    private boolean closed;
    private volatile long passStartedNanos;
    private volatile boolean inPass;
    private long passes;
    /** Whether this process may do the fleet's shared work now (the fleet lease); always, for one host. */
    private volatile java.util.function.BooleanSupplier fleetWork = () -> true;

    /**
     * @param incidents  the incidents whose due escalations a pass fires
     * @param outbox     the store-backed service whose outbox a pass retries, or null (in-memory incidents)
     * @param budget     how long one pass may spend retrying the outbox
     * @param stuckAfter a notification pending longer than this, or a pass running longer than budget plus this,
     *                   makes {@link #problems} report a stuck outbox
     * @param every      how long the ticker waits for a kick before it passes on its own
     */
    EscalationTicker(IncidentService incidents, StoreIncidentService outbox, Clock clock, Duration budget,
                     Duration stuckAfter, Duration every) {
        this.incidents = Objects.requireNonNull(incidents, "incidents");
        this.outbox = outbox;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.budget = Objects.requireNonNull(budget, "budget");
        this.stuckAfter = Objects.requireNonNull(stuckAfter, "stuckAfter");
        this.everyMillis = Math.max(1, Objects.requireNonNull(every, "every").toMillis());
        this.thread = new Thread(this::loop, "runbook-escalations");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /**
     * Does escalations, updates and outbox delivery only while {@code mayWork} says so (runbook-format §10: only
     * the holder of the fleet lease does them).
     */
    void fleetWork(java.util.function.BooleanSupplier mayWork) {
        this.fleetWork = Objects.requireNonNull(mayWork, "mayWork");
    }

    /** Asks for a pass soon; returns at once. Kicks while a pass runs are merged into one more pass. */
    public void kick() {
        synchronized (lock) {
            if (!closed) {
                requested = true;
                lock.notifyAll();
            }
        }
    }

    /** How many passes have finished. */
    public long passes() {
        synchronized (lock) {
            return passes;
        }
    }

    /**
     * Waits until no pass is asked for or running, at most {@code bound}.
     *
     * @return true if idle within the bound
     */
    public boolean awaitIdle(Duration bound) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        synchronized (lock) {
            while (requested || busy) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    return false;
                }
                lock.wait(left);
            }
            return true;
        }
    }

    /** Why the outbox looks stuck (sentences for {@code /health}); empty when it does not. */
    public List<String> problems() {
        List<String> out = new ArrayList<>();
        if (inPass) {
            Duration running = Duration.ofNanos(System.nanoTime() - passStartedNanos);
            if (running.compareTo(budget.plus(stuckAfter)) > 0) {
                out.add("outbox stuck: a delivery pass has been running for " + running.toSeconds() + " s");
            }
        }
        if (outbox != null) {
            try {
                outbox.oldestPendingNotification().ifPresent(oldest -> {
                    Duration age = Duration.between(oldest, clock.instant());
                    if (age.compareTo(stuckAfter) > 0) {
                        out.add("outbox stuck: " + outbox.pendingNotifications() + " notification(s) undelivered, "
                                + "the oldest for " + age.toSeconds() + " s");
                    }
                });
            } catch (RuntimeException e) {
                out.add("outbox unreadable: " + e.getMessage());
            }
        }
        return out;
    }

    private void loop() {
        while (true) {
            synchronized (lock) {
                long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(everyMillis);
                while (!requested && !closed) {
                    long left = TimeUnit.NANOSECONDS.toMillis(until - System.nanoTime());
                    if (left <= 0) {
                        requested = true; // nothing kicked it for a whole tick: look at what is due anyway
                        break;
                    }
                    try {
                        lock.wait(left);
                    } catch (InterruptedException e) {
                        closed = true;
                    }
                }
                if (closed) {
                    busy = false;
                    lock.notifyAll();
                    return;
                }
                requested = false;
                busy = true;
            }
            pass();
            synchronized (lock) {
                busy = false;
                passes++;
                lock.notifyAll();
            }
        }
    }

    private void pass() {
        passStartedNanos = System.nanoTime();
        inPass = true;
        try {
            if (!fleetWork.getAsBoolean()) {
                return;
            }
            Instant now = clock.instant();
            if (outbox != null) {
                outbox.processDueEscalations(now);
                outbox.deliverDue(now, budget);
            } else {
                incidents.processDue(now);
            }
        } catch (RuntimeException e) {
            LOG.warn("processing due escalations and notifications failed: {}", e.toString());
        } finally {
            inPass = false;
        }
    }

    /**
     * Lets a pass in progress (or asked for) finish within {@code bound}, then stops the thread (interrupting
     * it past the bound).
     */
    public void close(Duration bound) {
        try {
            awaitIdle(bound);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (lock) {
            closed = true;
            lock.notifyAll();
        }
        thread.interrupt();
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@link #close(Duration)} with the pass budget as the bound. */
    @Override
    public void close() {
        close(budget);
    }
}
