package dev.runbook.cli.daemon;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.runbook.cli.output.RunPrometheus;
import dev.runbook.core.Status;
import dev.runbook.core.engine.CheckRun;
import dev.runbook.core.engine.RunResult;
import dev.runbook.core.engine.RunStore;
import dev.runbook.core.history.StoredResult;
import dev.runbook.core.model.CheckDefinition;
import dev.runbook.core.model.Runbook;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The daemon's HTTP endpoints on the JDK server (runbook-format §9): {@code /health} (200 with uptime and next fire
 * times while the scheduler loop is alive, 503 otherwise), {@code /metrics} (the gauges of
 * {@code run --format prometheus} for the latest result of every check this daemon ran) and {@code /status} (a small
 * HTML page). GET only. Start with {@link #start}, end with {@link #stop}; one worker thread.
 */
public final class DaemonHttp implements AutoCloseable {
    /** The Prometheus text exposition content type. */
    public static final String PROMETHEUS_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Scheduler scheduler;
    private final RunStore store;
    private final HttpServer server;
    private final ExecutorService pool;

    private DaemonHttp(Scheduler scheduler, RunStore store, HttpServer server) {
        this.scheduler = scheduler;
        this.store = store;
        this.server = server;
        this.pool = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "runbook-http");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Binds and starts serving.
     *
     * @param store where the status page finds checks this daemon has not run yet (may be null)
     * @throws IOException if the address cannot be bound
     */
    public static DaemonHttp start(InetSocketAddress address, Scheduler scheduler, RunStore store) throws IOException {
        HttpServer server = HttpServer.create(address, 16);
        DaemonHttp http = new DaemonHttp(scheduler, store, server);
        server.createContext("/health", ex -> http.handle(ex, http::health));
        server.createContext("/metrics", ex -> http.handle(ex, http::metrics));
        server.createContext("/status", ex -> http.handle(ex, http::status));
        server.createContext("/", ex -> http.handle(ex, () -> ex.getRequestURI().getPath().equals("/")
                ? new Reply(302, "text/plain; charset=utf-8", "see /status\n")
                : new Reply(404, "text/plain; charset=utf-8", "not found: try /health, /metrics or /status\n")));
        server.setExecutor(http.pool);
        server.start();
        return http;
    }

    /** The bound address (the real port when 0 was asked). */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    private record Reply(int code, String type, String body) {
    }

    private void handle(HttpExchange ex, java.util.function.Supplier<Reply> page) throws IOException {
        try (ex) {
            Reply r;
            if (!"GET".equals(ex.getRequestMethod()) && !"HEAD".equals(ex.getRequestMethod())) {
                r = new Reply(405, "text/plain; charset=utf-8", "GET only\n");
                ex.getResponseHeaders().set("Allow", "GET, HEAD");
            } else {
                try {
                    r = page.get();
                } catch (RuntimeException e) {
                    r = new Reply(500, "text/plain; charset=utf-8", "error: " + e + "\n");
                }
            }
            byte[] body = r.body.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", r.type);
            if (r.code == 302) {
                ex.getResponseHeaders().set("Location", "/status");
            }
            boolean head = "HEAD".equals(ex.getRequestMethod());
            ex.sendResponseHeaders(r.code, head ? -1 : body.length);
            if (!head) {
                try (OutputStream os = ex.getResponseBody()) {
                    os.write(body);
                }
            }
        }
    }

    Reply health() {
        boolean alive = scheduler.alive();
        ObjectNode n = JSON.createObjectNode();
        n.put("status", alive ? "ok" : "stopped");
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
        return new Reply(alive ? 200 : 503, "application/json", n.toString() + "\n");
    }

    Reply metrics() {
        Runbook rb = scheduler.runbook();
        List<CheckRun> runs = new ArrayList<>(scheduler.latest().values());
        RunResult synthetic = new RunResult(rb.id(), null, Status.worst(runs.stream().map(CheckRun::status).toList()),
                ZonedDateTime.now(scheduler.clock()), Duration.ZERO, null, runs, List.of(), List.of(), false, null);
        return new Reply(200, PROMETHEUS_TYPE, RunPrometheus.render(synthetic, rb));
    }

    Reply status() {
        Runbook rb = scheduler.runbook();
        StringBuilder b = new StringBuilder();
        b.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>").append(esc(title(rb)))
                .append(" — runbook daemon</title>\n<style>body{font-family:sans-serif;margin:2em}"
                        + "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}"
                        + ".OK{color:#080}.WARNING{color:#b80}.CRITICAL{color:#c00}.UNKNOWN{color:#666}</style>"
                        + "</head><body>\n<h1>").append(esc(title(rb))).append("</h1>\n<p>")
                .append(scheduler.alive() ? "Scheduler running" : "Scheduler stopped").append(", zone ")
                .append(esc(rb.zone().getId())).append(", now ")
                .append(esc(Scheduler.format(ZonedDateTime.now(scheduler.clock()))))
                .append(".</p>\n<h2>Schedules</h2>\n<table><tr><th>procedure / report</th><th>schedule</th>"
                        + "<th>next</th><th>last run</th><th>last status</th></tr>\n");
        for (Scheduler.Job j : scheduler.jobs()) {
            RunResult last = j.lastRun();
            String st = last != null ? last.status().name() : "";
            b.append("<tr><td>").append(esc(j.title())).append(j.kind() == Scheduler.Kind.REPORT ? " (report)" : "")
                    .append("</td><td>").append(esc(String.join(", ", j.schedules().stream().map(Object::toString).toList())))
                    .append("</td><td>").append(j.next() == null ? "never" : esc(Scheduler.format(j.next())))
                    .append("</td><td>").append(j.lastAt() == null ? "not yet" : esc(Scheduler.format(j.lastAt().atZone(rb.zone()))))
                    .append(j.running() ? " (running)" : "")
                    .append("</td><td class=\"").append(st).append("\">")
                    .append(esc(last != null ? st : j.lastMessage() == null ? "" : j.lastMessage())).append("</td></tr>\n");
        }
        b.append("</table>\n<h2>Checks</h2>\n<table><tr><th>check</th><th>status</th><th>at</th><th>message</th></tr>\n");
        Map<String, CheckRun> latest = scheduler.latest();
        for (CheckDefinition c : rb.checks().values()) {
            CheckRun r = latest.get(c.id());
            String status = "";
            String at = "no result yet";
            String msg = "";
            if (r != null) {
                status = r.status().name();
                at = r.at() == null ? "" : Scheduler.format(r.at().atZone(rb.zone()));
                msg = r.message() == null ? "" : r.message();
            } else {
                Optional<StoredResult> s = stored(c.id());
                if (s.isPresent()) {
                    status = s.get().status().name();
                    at = Scheduler.format(s.get().at().atZone(rb.zone())) + " (before this start)";
                    msg = s.get().message() == null ? "" : s.get().message();
                }
            }
            b.append("<tr><td>").append(esc(c.title() != null ? c.title() : c.id())).append("</td><td class=\"")
                    .append(status).append("\">").append(status).append("</td><td>").append(esc(at)).append("</td><td>")
                    .append(esc(msg)).append("</td></tr>\n");
        }
        b.append("</table>\n<p><a href=\"/metrics\">/metrics</a> · <a href=\"/health\">/health</a></p>\n</body></html>\n");
        return new Reply(200, "text/html; charset=utf-8", b.toString());
    }

    private Optional<StoredResult> stored(String check) {
        if (store == null) {
            return Optional.empty();
        }
        try {
            return store.history().latest(check);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String title(Runbook rb) {
        return rb.title() != null ? rb.title() : rb.id();
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** Stops serving (waits at most a second for exchanges in progress). */
    public void stop() {
        server.stop(1);
        pool.shutdownNow();
    }

    @Override
    public void close() {
        stop();
    }
}
