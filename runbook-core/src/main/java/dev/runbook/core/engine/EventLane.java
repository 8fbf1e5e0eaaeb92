package dev.runbook.core.engine;

import dev.runbook.core.invoke.Completion;
import dev.runbook.core.invoke.Invoker;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers run events to listeners in order, one call at a time, on the engine's event thread: never on a timer
 * thread, a probe's worker or under a lock. Each listener call is a timed invocation (a listener that hangs is
 * interrupted, abandoned and skipped while it lives); one that throws is logged and skipped. A run waits for its
 * own events before it returns, so no listener hears of a run after it has returned. Thread-safe. Internal.
 */
public final class EventLane implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventLane.class);

    private final List<RunListener> listeners;
    private final Duration timeout;
    private final Invoker calls;
    private final ExecutorService dispatcher;
    private volatile boolean closed;

    /**
     * @param listeners the listeners, called in this order
     * @param timeout   how long one listener call may take
     */
    public EventLane(List<RunListener> listeners, Duration timeout) {
        this.listeners = List.copyOf(listeners);
        this.timeout = timeout;
        if (this.listeners.isEmpty()) {
            this.calls = null;
            this.dispatcher = null;
        } else {
            // one worker: listener code runs on one ordered event thread, replaced if a listener hangs
            this.calls = Invoker.builder().concurrency(1).abandonedBound(2).name("runbook-events").build();
            ThreadPoolExecutor d = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
                Thread t = new Thread(r, "runbook-event-lane");
                t.setDaemon(true);
                return t;
            });
            d.allowCoreThreadTimeOut(true);
            this.dispatcher = d;
        }
    }

    /** A new run's handle on the lane. */
    public RunEvents open() {
        return new RunEvents();
    }

    /** Drops every event not yet delivered and stops the lane's threads. Returns promptly. */
    @Override
    public void close() {
        closed = true;
        if (calls != null) {
            calls.close();
            dispatcher.shutdownNow();
        }
    }

    /** One run's events. Posted from the run's thread; delivered in the order posted. */
    public final class RunEvents {
        private volatile boolean finished;

        RunEvents() {
        }

        /** Queues a call of every listener; returns at once. */
        public void post(String what, Consumer<RunListener> call) {
            if (dispatcher == null || closed || finished) {
                return;
            }
            try {
                dispatcher.execute(() -> deliver(what, call));
            } catch (RejectedExecutionException e) {
                LOG.debug("event {} dropped: the engine is closed", what);
            }
        }

        private void deliver(String what, Consumer<RunListener> call) {
            for (int i = 0; i < listeners.size() && !closed && !finished; i++) {
                RunListener l = listeners.get(i);
                Completion<Object> c = calls.call("listener#" + i, timeout, () -> {
                    call.accept(l);
                    return null;
                });
                if (c.kind() != Completion.Kind.RETURNED) {
                    LOG.warn("listener {} on {}: {} (skipped)", l.getClass().getName(), what, c.describe(timeout));
                }
            }
        }

        /**
         * Waits until every event posted so far has been delivered, then refuses later ones. Each listener call
         * is bounded by the lane's timeout, so this is bounded too; it returns at once when the lane is closed.
         */
        public void finish() {
            drain();
            finished = true;
        }

        /**
         * Waits until every event posted so far has been delivered: the engine calls it before it opens an
         * incident, so a listener that records remediation steps (the incident timeline's) has heard of them.
         * Bounded like {@link #finish()}.
         */
        public void drain() {
            if (dispatcher == null || finished) {
                return;
            }
            CompletableFuture<Void> drained = new CompletableFuture<>();
            try {
                dispatcher.execute(() -> drained.complete(null));
            } catch (RejectedExecutionException e) {
                drained.complete(null);
            }
            boolean interrupted = false;
            while (!closed) {
                try {
                    drained.get(100, TimeUnit.MILLISECONDS);
                    break;
                } catch (TimeoutException e) {
                    // keep waiting: every queued call ends by its own deadline
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    break;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
