package dev.runbook.benchmarks.logs;

import dev.runbook.core.testing.TestCheckContext;

import com.sun.net.httpserver.HttpServer;
import dev.runbook.checks.http.HttpCheckType;
import dev.runbook.core.Check;
import dev.runbook.core.CheckResult;
import dev.runbook.core.Status;
import dev.runbook.core.spi.TypeContext;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * HTTP GET on loopback, steady state: the {@code http} check (status and JSON expectation) against the Monitoring
 * Plugins' {@code check_http} process hitting the same in-process server in the same run. The first-use cost of
 * the check is printed at setup.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class HttpGetBenchmark {
    static final String CHECK_HTTP = "/usr/lib/nagios/plugins/check_http";
    HttpServer server;
    Check check;
    TestCheckContext ctx;
    int port;

    @Setup
    public void setUp() throws Exception {
        // as production servers do (uvicorn, Apache): without TCP_NODELAY the JDK server's split header/body
        // writes meet delayed ACKs and every keep-alive request waits ~40 ms
        System.setProperty("sun.net.httpserver.nodelay", "true");
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        byte[] body = "{\"status\":\"healthy\"}".getBytes(StandardCharsets.UTF_8);
        server.createContext("/health", ex -> {
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.start();
        port = server.getAddress().getPort();
        check = new HttpCheckType().create(new HttpCheckType.Params("http://127.0.0.1:" + port + "/health", null, null, null,
                null, new HttpCheckType.Expect(List.of("200"), null, java.util.Map.of("/status", "healthy")), null, null),
                TypeContext.defaults("health"));
        ctx = new TestCheckContext(Instant.parse("2026-11-28T09:00:00Z")).forgetWrites();
        long t0 = System.nanoTime();
        CheckResult first = check.run(ctx);
        long t1 = System.nanoTime();
        if (first.status() != Status.OK) {
            throw new IllegalStateException("http check not OK: " + first);
        }
        System.out.printf("%nhttp check first use: %.2f ms (%s)%n", (t1 - t0) / 1e6, first.message());
        if (Files.isExecutable(Path.of(CHECK_HTTP))) {
            System.out.println("check_http: " + Peers.run(List.of(CHECK_HTTP, "-H", "127.0.0.1", "-p", String.valueOf(port),
                    "-u", "/health")).trim());
        }
    }

    @TearDown
    public void tearDown() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }

    /** The http check, steady state (keep-alive reuse). */
    @Benchmark
    public double httpCheck() throws Exception {
        return check.run(ctx).metrics().get("status_code");
    }

    /** The peer: a {@code check_http} process per GET. */
    @Benchmark
    public String checkHttpProcess() {
        if (!Files.isExecutable(Path.of(CHECK_HTTP))) {
            return "check_http not installed";
        }
        return Peers.run(List.of(CHECK_HTTP, "-H", "127.0.0.1", "-p", String.valueOf(port), "-u", "/health"));
    }
}
