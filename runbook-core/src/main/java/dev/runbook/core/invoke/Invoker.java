package dev.runbook.core.invoke;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way the engine runs user code — probes, rechecks, actions, notifier sends, listener calls — each within
 * a deadline.
 *
 * <ul>
 *   <li>The deadline is armed when the work is <em>submitted</em>: time waiting for a worker counts.</li>
 *   <li>At the deadline the invocation completes {@link Completion.Kind#TIMED_OUT} and its worker is interrupted.
 *   If the code ignores the interrupt, the worker is <em>abandoned</em>: it is tracked by the invocation (a token),
 *   not by the liveness of a pooled thread, and released the moment the code returns.</li>
 *   <li>While an abandoned invocation with a key lives, a new one with the same key is not started
 *   ({@link Completion.Kind#STILL_RUNNING}): a hung check is not started again on top of itself.</li>
 *   <li>Abandoned workers never starve the pool: the invoker's own pool grows one fresh worker for each, up to
 *   {@link Builder#abandonedBound(int)}; past the bound, work that finds no free worker completes
 *   {@link Completion.Kind#NO_WORKER_FREE} at once.</li>
 *   <li>{@link #close()} completes everything pending as {@link Completion.Kind#CLOSED} and returns promptly.</li>
 * </ul>
 *
 * <p>Every future returned by {@link #submit} completes by its deadline (or at close), so {@link #call} always
 * returns within the timeout plus scheduling delay. Completion callbacks run on the worker, the timer or the closing
 * thread: keep them short and never run user code in them.
 *
 * <p>With a caller's {@link Executor} the invoker cannot add workers; it still interrupts, tracks abandoned work and
 * refuses work once the abandoned bound is reached. Thread-safe.
 *
 * <pre>{@code
 * try (Invoker invoker = Invoker.builder().concurrency(8).build()) {
 *     Completion<String> c = invoker.call("probe:disk", Duration.ofSeconds(2), () -> probe());
 * }
 * }</pre>
 */
public final class Invoker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Invoker.class);

    /** Default bound on workers running at once. */
    public static final int DEFAULT_CONCURRENCY = 64;
    /** Default bound on abandoned workers replaced by fresh ones. */
    public static final int DEFAULT_ABANDONED_BOUND = 16;

    private final Executor executor;
    private final ThreadPoolExecutor ownPool;
    private final ScheduledThreadPoolExecutor timer;
    private final int concurrency;
    private final int abandonedBound;
    private final Set<Job<?>> live = ConcurrentHashMap.newKeySet();
    private final ConcurrentHashMap<String, Job<?>> abandonedByKey = new ConcurrentHashMap<>();
    /** Guarded by this: jobs queued or running and not abandoned; abandoned jobs still running. */
    private int inFlight;
    private int abandoned;
    private volatile boolean closed;

    private Invoker(Builder b) {
        this.concurrency = b.concurrency;
        this.abandonedBound = b.abandonedBound;
        if (b.executor != null) {
            this.executor = b.executor;
            this.ownPool = null;
        } else {
            ThreadPoolExecutor pool = new ThreadPoolExecutor(b.concurrency, b.concurrency, 30, TimeUnit.SECONDS,
                    new LinkedBlockingQueue<>(), daemonThreads(b.name + "-"));
            pool.allowCoreThreadTimeOut(true);
            this.executor = pool;
            this.ownPool = pool;
        }
        this.timer = new ScheduledThreadPoolExecutor(1, daemonThreads(b.name + "-deadlines-"));
        this.timer.setRemoveOnCancelPolicy(true);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Submits work with a deadline {@code timeout} from now. Never blocks; never throws for the work's sake.
     *
     * @param key     identifies what runs (e.g. {@code runbook/check}); while an abandoned invocation with this key
     *                lives, new ones complete {@link Completion.Kind#STILL_RUNNING}. Null for no such guard.
     * @param timeout how long the work may take from now, queue time included
     * @param work    the user code; it should stop when interrupted
     * @return a future that completes by the deadline, or at {@link #close()}
     */
    public <T> CompletableFuture<Completion<T>> submit(String key, Duration timeout, Callable<T> work) {
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(work, "work");
        Job<T> job = new Job<>(this, key, work, System.nanoTime());
        if (closed) {
            job.finishUnstarted(Completion.Kind.CLOSED);
            return job.out;
        }
        if (key != null && abandonedByKey.containsKey(key)) {
            job.finishUnstarted(Completion.Kind.STILL_RUNNING);
            return job.out;
        }
        synchronized (this) {
            if (abandoned >= abandonedBound && (ownPool == null || inFlight >= concurrency + abandonedBound - abandoned)) {
                job.finishUnstarted(Completion.Kind.NO_WORKER_FREE);
                return job.out;
            }
            inFlight++;
        }
        live.add(job);
        long nanos = Math.max(0, timeout.toNanos());
        try {
            job.deadline = timer.schedule(() -> job.expire(Completion.Kind.TIMED_OUT), nanos, TimeUnit.NANOSECONDS);
            executor.execute(job);
        } catch (RejectedExecutionException e) {
            job.expire(closed ? Completion.Kind.CLOSED : Completion.Kind.NO_WORKER_FREE);
        }
        if (closed) {
            job.expire(Completion.Kind.CLOSED);
        }
        return job.out;
    }

    /**
     * Runs work and waits for it: returns by the deadline whatever the work does (or at {@link #close()}).
     * Blocks the calling thread, uninterruptibly, for at most about {@code timeout}.
     */
    public <T> Completion<T> call(String key, Duration timeout, Callable<T> work) {
        return submit(key, timeout, work).join();
    }

    /** True while an abandoned invocation with this key is still running. */
    public boolean stillRunning(String key) {
        return abandonedByKey.containsKey(key);
    }

    /** How many abandoned invocations are still running. */
    public synchronized int abandoned() {
        return abandoned;
    }

    /** The bound on abandoned workers replaced by fresh ones. */
    public int abandonedBound() {
        return abandonedBound;
    }

    /** True once {@link #close()} was called. */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Completes everything pending as {@link Completion.Kind#CLOSED}, interrupts running work and stops the threads
     * the invoker created (never a caller's executor). Returns promptly; idempotent.
     */
    @Override
    public void close() {
        closed = true;
        for (Job<?> j : live.toArray(new Job<?>[0])) {
            j.expire(Completion.Kind.CLOSED);
        }
        timer.shutdownNow();
        if (ownPool != null) {
            ownPool.shutdownNow();
        }
    }

    // ------------------------------------------------------------------ bookkeeping (no user code below a lock)

    private synchronized void left(boolean wasAbandoned) {
        if (wasAbandoned) {
            abandoned--;
            resize();
        } else {
            inFlight--;
        }
    }

    private synchronized void abandon(Job<?> job) {
        inFlight--;
        abandoned++;
        resize();
    }

    /** Keeps one fresh worker for each abandoned one, up to the bound. Called holding this. */
    private void resize() {
        if (ownPool == null || closed) {
            return;
        }
        int size = concurrency + Math.min(abandoned, abandonedBound);
        if (size > ownPool.getMaximumPoolSize()) {
            ownPool.setMaximumPoolSize(size);
            ownPool.setCorePoolSize(size);
        } else if (size < ownPool.getCorePoolSize()) {
            ownPool.setCorePoolSize(size);
            ownPool.setMaximumPoolSize(size);
        }
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** One invocation: the token that tracks its worker from submission to the code's return. */
    private static final class Job<T> implements Runnable {
        private static final int QUEUED = 0;
        private static final int RUNNING = 1;
        private static final int DONE = 2;
        private static final int ABANDONED = 3;

        final Invoker invoker;
        final String key;
        final Callable<T> work;
        final long submitted;
        final CompletableFuture<Completion<T>> out = new CompletableFuture<>();
        volatile ScheduledFuture<?> deadline;
        /** Guarded by this. */
        private int state = QUEUED;
        private Thread worker;

        Job(Invoker invoker, String key, Callable<T> work, long submitted) {
            this.invoker = invoker;
            this.key = key;
            this.work = work;
            this.submitted = submitted;
        }

        @Override
        public void run() {
            if (invoker.closed) {
                expire(Completion.Kind.CLOSED);
                return;
            }
            synchronized (this) {
                if (state != QUEUED) {
                    return;
                }
                state = RUNNING;
                worker = Thread.currentThread();
            }
            T value = null;
            Throwable error = null;
            try {
                value = work.call();
            } catch (Throwable e) {
                error = e;
            }
            boolean wasAbandoned;
            synchronized (this) {
                wasAbandoned = state == ABANDONED;
                state = DONE;
                worker = null;
            }
            // an interrupt sent at the deadline must not leak into the next task of this pooled thread
            Thread.interrupted();
            ScheduledFuture<?> d = deadline;
            if (d != null) {
                d.cancel(false);
            }
            invoker.live.remove(this);
            if (wasAbandoned) {
                if (key != null) {
                    invoker.abandonedByKey.remove(key, this);
                }
                invoker.left(true);
                LOG.debug("abandoned invocation {} returned", key);
                return;
            }
            invoker.left(false);
            Duration took = Duration.ofNanos(System.nanoTime() - submitted);
            out.complete(error == null ? new Completion<>(Completion.Kind.RETURNED, value, null, took)
                    : new Completion<>(Completion.Kind.FAILED, null, error, took));
        }

        /** The deadline passed, or the invoker closed: give up on this invocation. */
        void expire(Completion.Kind why) {
            boolean wasRunning;
            synchronized (this) {
                if (state == QUEUED) {
                    state = DONE;
                    wasRunning = false;
                } else if (state == RUNNING) {
                    state = ABANDONED;
                    wasRunning = true;
                    if (key != null) {
                        invoker.abandonedByKey.put(key, this);
                    }
                    invoker.abandon(this);
                    worker.interrupt();
                } else {
                    return;
                }
            }
            ScheduledFuture<?> d = deadline;
            if (d != null && why != Completion.Kind.TIMED_OUT) {
                d.cancel(false);
            }
            if (!wasRunning) {
                invoker.live.remove(this);
                invoker.left(false);
            }
            out.complete(new Completion<>(why, null, null, Duration.ofNanos(System.nanoTime() - submitted)));
        }

        /** Completes without ever having been counted or queued. */
        void finishUnstarted(Completion.Kind why) {
            synchronized (this) {
                state = DONE;
            }
            out.complete(new Completion<>(why, null, null, Duration.ZERO));
        }
    }

    /** Builds an {@link Invoker}. */
    public static final class Builder {
        private Executor executor;
        private int concurrency = DEFAULT_CONCURRENCY;
        private int abandonedBound = DEFAULT_ABANDONED_BOUND;
        private String name = "runbook-worker";

        /** Runs work on the caller's executor (never shut down by {@link Invoker#close()}; cannot grow). */
        public Builder executor(Executor executor) {
            this.executor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /** Bound on work running at once in the invoker's own pool (default 64). */
        public Builder concurrency(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("concurrency must be at least 1, found " + n);
            }
            this.concurrency = n;
            return this;
        }

        /** Bound on abandoned workers replaced by fresh ones (default 16); past it, "no worker free". */
        public Builder abandonedBound(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("abandonedBound must be 0 or more, found " + n);
            }
            this.abandonedBound = n;
            return this;
        }

        /** Prefix of the names of the threads the invoker creates (default {@code runbook-worker}). */
        public Builder name(String prefix) {
            this.name = Objects.requireNonNull(prefix, "name");
            return this;
        }

        public Invoker build() {
            return new Invoker(this);
        }
    }
}
