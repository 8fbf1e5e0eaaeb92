package dev.runbook.examples;

import com.sun.net.httpserver.HttpServer;
import dev.runbook.runtime.output.Style;
import dev.runbook.runtime.output.ChecklistText;
import dev.runbook.core.CheckResult;
import dev.runbook.core.MetricSpec;
import dev.runbook.core.Status;
import dev.runbook.core.action.Action;
import dev.runbook.core.action.ActionResult;
import dev.runbook.core.engine.Engine;
import dev.runbook.core.engine.RunRequest;
import dev.runbook.core.engine.RunResult;
import dev.runbook.core.model.Runbook;
import dev.runbook.core.quantity.Unit;
import dev.runbook.dsl.RunbookBuilder;
import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Embedding runbook in an application: a runbook written with the Java DSL — a health endpoint with a restart
 * remediation, the disk, memory and load of this host — run by the core engine, its filled checklist printed.
 * No YAML, no store, no launcher: the library alone.
 *
 * <pre>{@code
 * java -cp examples/target/runbook.jar dev.runbook.examples.EmbeddedRunbookExample
 * }</pre>
 *
 * <p>The health service is an in-process HTTP server that starts stopped, so the run shows a remediation that
 * really recovers it: restart, wait, recheck. Exits with the run's status code. Single-threaded use.
 */
public final class EmbeddedRunbookExample {
    private EmbeddedRunbookExample() {
    }

    /** Builds the runbook, runs the morning check once and prints it. */
    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        HealthService health = new HealthService();
        try {
            Runbook rb = morningCheck(health);
            RunResult result;
            try (Engine engine = Engine.builder().build()) {
                result = engine.run(rb, RunRequest.builder().procedure("morning-check").operator("embedded-example").build());
            }
            System.out.print(new ChecklistText(rb, System.console() != null && System.getenv("NO_COLOR") == null
                    ? Style.ANSI : Style.PLAIN).render(result));
            System.exit(result.exitCode());
        } finally {
            health.stop();
        }
    }

    /** The seed's morning check, the parts that apply to any host, as Java. */
    static Runbook morningCheck(HealthService health) {
        return RunbookBuilder.runbook("embedded")
                .title("Embedded example — Operations Runbook")
                // in --dry-run the engine asks the action to describe itself; this one describes itself by its
                // own dry-run branch
                .action("restart-estimator", "Restart estimator", "30s", Action.describedByDryRun(ctx -> {
                    if (ctx.dryRun()) {
                        return ActionResult.dryRun("would start the health service");
                    }
                    health.start();
                    return ActionResult.done("health service started on " + health.url());
                }))
                .level("P1", "Complete service outage", "0m")
                .check("health", c -> c.title("Health check")
                        .of(ctx -> health.probe(), MetricSpec.higherIsWorse("latency", Unit.SECONDS))
                        .critical("5s").timeout("5s").incident("P1")
                        .onCritical(r -> r.run("restart-estimator").waitFor("200ms").recheck("health").escalate("P1")))
                .check("disk", c -> c.title("Disk usage (/)")
                        .of(ctx -> disk(Path.of("/")), MetricSpec.higherIsWorse("used", Unit.PERCENT),
                                MetricSpec.lowerIsWorse("free_bytes", Unit.BYTES))
                        .warning("80%").critical("90%"))
                .check("memory", c -> c.title("Memory usage")
                        .of(ctx -> memory(), MetricSpec.higherIsWorse("used", Unit.PERCENT))
                        .warning("80%").critical("90%"))
                .check("load", c -> c.title("Load per CPU (1 min)")
                        .of(ctx -> load(), MetricSpec.higherIsWorse("load", Unit.COUNT))
                        .warning("2").critical("4"))
                .procedure("morning-check", p -> p.title("Morning Check").schedule("daily 09:00")
                        .checks("health", "disk")
                        .group("Resource usage check", "memory", "load"))
                .build();
    }

    static CheckResult disk(Path path) {
        File f = path.toFile();
        long total = f.getTotalSpace();
        long free = f.getUsableSpace();
        long used = total - f.getFreeSpace();
        if (total == 0) {
            return CheckResult.unknown("no file system at " + path);
        }
        double pct = 100.0 * used / (used + free);
        return CheckResult.builder().status(Status.OK).value(pct, Unit.PERCENT).metric("used", pct)
                .metric("free_bytes", free).message(String.format("%s %.1f%% used", path, pct)).build();
    }

    static CheckResult memory() throws IOException {
        Path meminfo = Path.of("/proc/meminfo");
        if (!Files.isReadable(meminfo)) {
            return CheckResult.unknown("no /proc/meminfo on this system");
        }
        long total = 0;
        long available = 0;
        for (String line : Files.readAllLines(meminfo)) {
            String[] f = line.split("\\s+");
            if (line.startsWith("MemTotal:")) {
                total = Long.parseLong(f[1]) * 1024;
            } else if (line.startsWith("MemAvailable:")) {
                available = Long.parseLong(f[1]) * 1024;
            }
        }
        double pct = total == 0 ? 0 : 100.0 * (total - available) / total;
        return CheckResult.builder().status(Status.OK).value(pct, Unit.PERCENT).metric("used", pct)
                .message(String.format("%.1f%% of memory in use", pct)).build();
    }

    static CheckResult load() {
        double l = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        int cpus = Runtime.getRuntime().availableProcessors();
        if (l < 0) {
            return CheckResult.unknown("the load average is not available on this system");
        }
        double per = l / cpus;
        return CheckResult.builder().status(Status.OK).value(per, Unit.COUNT).metric("load", per)
                .message(String.format("load %.2f on %d CPUs", l, cpus)).build();
    }

    /** A stand-in for the estimator service: answers {@code /health} once started. Thread-safe. */
    static final class HealthService {
        private final AtomicReference<HttpServer> server = new AtomicReference<>();

        synchronized void start() throws IOException {
            if (server.get() != null) {
                return;
            }
            HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            s.createContext("/health", ex -> {
                byte[] b = "{\"status\":\"healthy\"}".getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().add("Content-Type", "application/json");
                ex.sendResponseHeaders(200, b.length);
                ex.getResponseBody().write(b);
                ex.close();
            });
            s.start();
            server.set(s);
        }

        String url() {
            HttpServer s = server.get();
            return s == null ? "http://127.0.0.1:1/health" : "http://127.0.0.1:" + s.getAddress().getPort() + "/health";
        }

        CheckResult probe() throws IOException {
            long t0 = System.nanoTime();
            HttpURLConnection c = (HttpURLConnection) new URL(url()).openConnection();
            c.setConnectTimeout(2000);
            c.setReadTimeout(2000);
            try {
                int code = c.getResponseCode();
                String body = new String(c.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                double latency = (System.nanoTime() - t0) / 1e9;
                Status st = code == 200 && body.contains("\"healthy\"") ? Status.OK : Status.CRITICAL;
                return CheckResult.builder().status(st).value(latency, Unit.SECONDS).metric("latency", latency)
                        .message("HTTP " + code + " " + body).build();
            } catch (java.net.ConnectException e) {
                return CheckResult.critical("connection refused: " + url().replace("http://", "").replace("/health", ""));
            } finally {
                c.disconnect();
            }
        }

        synchronized void stop() {
            HttpServer s = server.getAndSet(null);
            if (s != null) {
                s.stop(0);
            }
        }
    }
}
