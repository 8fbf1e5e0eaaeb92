package dev.runbook.runtime;

import dev.runbook.store.Leases;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lease on a fleet's shared work (runbook-format §10) as one daemon holds it: escalation timers, incident
 * updates and outbox delivery run only in the process whose host holds the {@value #NAME} lease of the shared
 * PostgreSQL store. {@link #holds()} takes or renews the lease at the moment the work is about to be done; a
 * daemon also renews it every third of the TTL ({@link #startRenewing()}), so a survivor takes over at most one
 * TTL after the holder died. Closing gives the lease up at once. Thread-safe.
 */
final class FleetLease implements AutoCloseable {
    /** The lease's name in the store's {@code leases} table. */
    static final String NAME = "fleet-work";
    private static final Logger LOG = LoggerFactory.getLogger(FleetLease.class);
    private final Leases leases;
    private final String name;
    private final String holder;
    private final Duration ttl;
    private final Object lock = new Object();
    private Thread renewer;
    private boolean closed;

    FleetLease(Leases leases, String holder, Duration ttl) {
        this(leases, NAME, holder, ttl);
    }

    /** The lease {@code name} (e.g. {@code procedure:<id>} for a {@code run_on: one} procedure). */
    FleetLease(Leases leases, String name, String holder, Duration ttl) {
        this.leases = Objects.requireNonNull(leases, "leases");
        this.name = Objects.requireNonNull(name, "name");
        this.holder = Objects.requireNonNull(holder, "holder");
        this.ttl = Objects.requireNonNull(ttl, "ttl");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("the lease ttl must be positive, found " + ttl);
        }
    }

    /** Takes or renews the lease; true if this host holds it now. A store error counts as not holding it. */
    boolean holds() {
        synchronized (lock) {
            if (closed) {
                return false;
            }
        }
        try {
            return leases.acquire(name, holder, ttl);
        } catch (RuntimeException e) {
            LOG.warn("could not renew the lease {} ({}); leaving its work to another host", name, e.getMessage());
            return false;
        }
    }

    /** The lease's name in the store. */
    String name() {
        return name;
    }

    /** Renews the lease every third of the TTL on a daemon thread, until {@link #close()}. */
    void startRenewing() {
        synchronized (lock) {
            if (renewer != null || closed) {
                return;
            }
            renewer = new Thread(this::renewLoop, "runbook-lease-" + name);
            renewer.setDaemon(true);
            renewer.start();
        }
    }

    private void renewLoop() {
        long periodMs = Math.max(1, ttl.toMillis() / 3);
        while (true) {
            holds();
            synchronized (lock) {
                if (closed) {
                    return;
                }
                try {
                    TimeUnit.MILLISECONDS.timedWait(lock, periodMs);
                } catch (InterruptedException e) {
                    return;
                }
                if (closed) {
                    return;
                }
            }
        }
    }

    /** Stops renewing and gives the lease up, so another daemon need not wait out the TTL. */
    @Override
    public void close() {
        Thread t;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            lock.notifyAll();
            t = renewer;
        }
        if (t != null) {
            try {
                t.join(ttl.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            leases.release(name, holder);
        } catch (RuntimeException e) {
            LOG.debug("could not release the lease {}", name, e);
        }
    }
}
