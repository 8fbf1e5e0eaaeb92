package dev.runbook.runtime.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runbook.core.Status;
import dev.runbook.core.engine.CheckRun;
import dev.runbook.core.engine.RunResult;
import dev.runbook.core.engine.RunStore;
import dev.runbook.core.model.Runbook;
import dev.runbook.core.quantity.Unit;
import dev.runbook.incidents.StoreIncidentService;
import dev.runbook.runtime.output.RunPrometheus;
import dev.runbook.runtime.schedule.Scheduler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The daemon's HTTP endpoints on the JDK server (runbook-format §9): {@code /health} (200 with uptime and next fire
 * times while the scheduler loop is alive, 503 otherwise), {@code /metrics} (the gauges of
 * {@code run --format prometheus} for the latest result of every check, the stored one until this daemon runs it)
 * and {@code /status} ({@link StatusPage}). GET only. {@code /health} answers 503 with the reasons when the daemon
 * is degraded (a schedule running
 * late, a stuck outbox: {@link Builder#health}). Served by a small pool with a deadline for each request head and
 * bounded sizes and connections, so one slow client cannot block another. Start with {@link #start} or
 * {@link #builder}, end with {@link #stop}. Thread-safe.
 */
public final class DaemonHttp implements AutoCloseable {
    /** The Prometheus text exposition content type. */
    public static final String PROMETHEUS_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Scheduler scheduler;
    private final RunStore store;
    private final Supplier<List<String>> problems;
    private final StoreIncidentService incidents;
    private final Supplier<List<PausedRun>> paused;
    private BoundedHttpServer server;

    private DaemonHttp(Builder b) {
        this.scheduler = b.scheduler;
        this.store = b.store;
        this.problems = b.health;
        this.incidents = b.incidents;
        this.paused = b.paused;
    }

    /**
     * Binds and starts serving with the default limits.
     *
     * @param store where the status page finds checks this daemon has not run yet (may be null)
     * @throws IOException if the address cannot be bound
     */
    public static DaemonHttp start(InetSocketAddress address, Scheduler scheduler, RunStore store) throws IOException {
        return builder(scheduler).store(store).start(address);
    }

    /** A builder for the endpoints of {@code scheduler}. */
    public static Builder builder(Scheduler scheduler) {
        return new Builder(scheduler);
    }

    /** The bound address (the real port when 0 was asked). */
    public InetSocketAddress address() {
        return server.address();
    }

    private record Reply(int code, String type, String body, String location) {
        Reply(int code, String type, String body) {
            this(code, type, body, null);
        }
    }

    private BoundedHttpServer.Reply serve(BoundedHttpServer.Request req) {
        Reply r = route(req);
        return new BoundedHttpServer.Reply(r.code, r.type, r.body, r.location);
    }

    private Reply route(BoundedHttpServer.Request req) {
        switch (req.path()) {
            case "/health": return health();
            case "/metrics": return metrics();
            case "/status": return status();
            case "/": return new Reply(302, "text/plain; charset=utf-8", "see /status\n", "/status");
            default: return new Reply(404, "text/plain; charset=utf-8", "not found: try /health, /metrics or /status\n");
        }
    }

    Reply health() {
        boolean alive = scheduler.alive();
        List<String> degraded = alive ? problems.get() : List.of();
        ObjectNode n = JSON.createObjectNode();
        n.put("status", !alive ? "stopped" : degraded.isEmpty() ? "ok" : "degraded");
        if (!degraded.isEmpty()) {
            ArrayNode reasons = n.putArray("reasons");
            degraded.forEach(reasons::add);
        }
        n.put("runbook", scheduler.runbook().id());
        Instant started = scheduler.startedAt();
        Instant now = scheduler.clock().instant();
        n.put("uptime_seconds", started == null ? 0 : Math.max(0, Duration.between(started, now).getSeconds()));
        ObjectNode next = n.putObject("next");
        for (Scheduler.Job j : scheduler.jobs()) {
            ZonedDateTime t = j.next();
            next.put((j.kind() == Scheduler.Kind.PROCEDURE ? "procedure:" : "report:") + j.id(),
                    t == null ? null : Scheduler.format(t));
        }
        return new Reply(alive && degraded.isEmpty() ? 200 : 503, "application/json", n.toString() + "\n");
    }

    Reply metrics() {
        Runbook rb = scheduler.runbook();
        List<CheckRun> runs = latestResults(rb);
        RunResult synthetic = new RunResult(rb.id(), null, Status.worst(runs.stream().map(CheckRun::status).toList()),
                ZonedDateTime.now(scheduler.clock()), Duration.ZERO, null, runs, List.of(), List.of(), false, null);
        return new Reply(200, PROMETHEUS_TYPE, RunPrometheus.render(synthetic, rb));
    }

    /**
     * Every check's latest result (runbook-format §9 [1.1]): the one this daemon ran, or else the latest stored one,
     * so {@code /metrics} is not empty after a restart until the next schedule. Results from the store carry their
     * time ({@code runbook_check_last_run_timestamp_seconds} tells a stale value from a fresh one) and no duration.
     */
    List<CheckRun> latestResults(Runbook rb) {
        java.util.Map<String, CheckRun> latest = scheduler.latest();
        List<CheckRun> runs = new ArrayList<>();
        for (dev.runbook.core.model.CheckDefinition c : rb.checks().values()) {
            CheckRun r = latest.get(c.id());
            if (r == null) {
                r = stored(c.id()).map(s -> fromStore(c, s)).orElse(null);
            }
            if (r != null) {
                runs.add(r);
            }
        }
        for (CheckRun r : latest.values()) {
            if (!rb.checks().containsKey(r.check())) {
                runs.add(r);
            }
        }
        return runs;
    }

    private java.util.Optional<dev.runbook.core.StoredResult> stored(String check) {
        if (store == null) {
            return java.util.Optional.empty();
        }
        try {
            return store.history().latest(check);
        } catch (RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    private static CheckRun fromStore(dev.runbook.core.model.CheckDefinition c,
                                     dev.runbook.core.StoredResult s) {
        var primary = c.primaryMetric();
        Unit unit = s.unit() == null ? null : Unit.bySymbol(s.unit());
        return new CheckRun(c.id(), c.type(), c.title(), s.status(), s.status(), s.value(),
                unit != null ? unit : primary == null ? null : primary.unit(), s.message(), s.metrics(), null, null, false, false,
                s.maintenance(), false, java.util.Map.of(), List.of(), s.at());
    }

    Reply status() {
        return new Reply(200, "text/html; charset=utf-8", new StatusPage(scheduler, store, incidents, paused).render());
    }

    /** Stops serving (waits at most a second for exchanges in progress). */
    public void stop() {
        server.stop();
    }

    @Override
    public void close() {
        stop();
    }

    /** Builds the endpoints; only the scheduler is required. Not thread-safe. */
    public static final class Builder {
        private final Scheduler scheduler;
        private RunStore store;
        private Supplier<List<String>> health = List::of;
        private StoreIncidentService incidents;
        private Supplier<List<PausedRun>> paused = List::of;
        private int workers = BoundedHttpServer.Limits.DEFAULT.workers();
        private int maxConnections = BoundedHttpServer.Limits.DEFAULT.maxConnections();
        private Duration headDeadline = BoundedHttpServer.Limits.DEFAULT.headDeadline();

        private Builder(Scheduler scheduler) {
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        }

        /** Where the status page finds checks this daemon has not run yet (default: none). */
        public Builder store(RunStore store) {
            this.store = store;
            return this;
        }

        /** The store's incidents and outbox, for the status page's open incidents and undelivered notifications. */
        public Builder incidents(StoreIncidentService incidents) {
            this.incidents = incidents;
            return this;
        }

        /** The runs paused at a manual step, for the status page (default: none). */
        public Builder pausedRuns(Supplier<List<PausedRun>> paused) {
            this.paused = Objects.requireNonNull(paused, "paused");
            return this;
        }

        /** Why the daemon is degraded (late schedules, a stuck outbox): non-empty makes {@code /health} 503. */
        public Builder health(Supplier<List<String>> problems) {
            this.health = Objects.requireNonNull(problems, "health");
            return this;
        }

        /** How many requests are served at once (default 4). */
        public Builder workers(int workers) {
            if (workers < 1 || workers > 64) {
                throw new IllegalArgumentException("workers must be 1-64, got " + workers);
            }
            this.workers = workers;
            return this;
        }

        /** How many connections are held at once, served or waiting (default 32); more are answered 503. */
        public Builder maxConnections(int max) {
            if (max < 1 || max > 4096) {
                throw new IllegalArgumentException("maxConnections must be 1-4096, got " + max);
            }
            this.maxConnections = max;
            return this;
        }

        /** How long a client may take to send its request head (default 5 s); then it gets 408 and is closed. */
        public Builder headDeadline(Duration deadline) {
            if (deadline == null || deadline.isNegative() || deadline.isZero()) {
                throw new IllegalArgumentException("headDeadline must be positive, got " + deadline);
            }
            this.headDeadline = deadline;
            return this;
        }

        /**
         * Binds and starts serving.
         *
         * @throws IOException if the address cannot be bound
         */
        public DaemonHttp start(InetSocketAddress address) throws IOException {
            DaemonHttp http = new DaemonHttp(this);
            BoundedHttpServer.Limits d = BoundedHttpServer.Limits.DEFAULT;
            http.server = BoundedHttpServer.start(address, http::serve, new BoundedHttpServer.Limits(workers,
                    Math.max(workers, maxConnections), headDeadline, d.maxRequestLine(), d.maxHeaderBytes()));
            return http;
        }
    }
}
