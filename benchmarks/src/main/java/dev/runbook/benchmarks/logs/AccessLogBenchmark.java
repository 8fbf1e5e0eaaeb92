package dev.runbook.benchmarks.logs;

import dev.runbook.core.testing.TestCheckContext;

import dev.runbook.checks.logs.AccessLogCheckType;
import dev.runbook.core.Check;
import dev.runbook.core.CheckResult;
import dev.runbook.core.spi.TypeContext;
import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Random;
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
 * Access-log statistics: the {@code access-log} check (combined+duration, window today) over 1,000,000 generated
 * lines, against an awk one-liner computing requests, 5xx count and average duration on the same file in the
 * same run. Lines/s = 1e6 / time per op.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class AccessLogBenchmark {
    static final int LINES = 1_000_000;
    Path file;
    Check check;
    TestCheckContext ctx;

    @Setup
    public void setUp() throws Exception {
        file = Files.createTempFile("runbook-bench-access-", ".log");
        Random r = new Random(11);
        String[] req = {"GET /api/v1/health HTTP/1.1", "POST /api/v1/estimate HTTP/1.1", "GET /static/app.js HTTP/1.1",
                "GET /api/v1/tasks?page=2 HTTP/1.1"};
        int[] statuses = {200, 200, 200, 200, 200, 200, 304, 404, 500, 503};
        try (BufferedWriter w = Files.newBufferedWriter(file)) {
            for (int i = 0; i < LINES; i++) {
                int sec = i * 86 / 1000 % 86400 / 2;
                w.write("192.168." + r.nextInt(4) + "." + r.nextInt(256) + " - - [28/Nov/2026:"
                        + String.format("%02d:%02d:%02d", sec / 3600, sec / 60 % 60, sec % 60) + " +0900] \""
                        + req[r.nextInt(req.length)] + "\" " + statuses[r.nextInt(statuses.length)] + " " + r.nextInt(50000)
                        + " \"https://example.com/\" \"Mozilla/5.0 (X11; Linux x86_64) Firefox/120.0\" "
                        + (1000 + r.nextInt(2_000_000)) + "\n");
            }
        }
        check = new AccessLogCheckType().create(new AccessLogCheckType.Params(file.toString(), "combined+duration", "today", null),
                TypeContext.defaults("access"));
        ctx = new TestCheckContext(Instant.parse("2026-11-28T14:00:00Z")).forgetWrites();
        CheckResult res = check.run(ctx);
        String awk = Peers.run(List.of("awk", AWK, file.toString())).trim();
        System.out.printf("%nfile %s: %d bytes, %d lines; access-log requests=%s errors=%s avg=%s p95=%s; awk: %s%n", file,
                Files.size(file), LINES, res.metrics().get("requests"), res.metrics().get("errors"), res.metrics().get("avg"),
                res.metrics().get("p95"), awk);
    }

    static final String AWK = "{n++; s+=$NF; if ($9>=500) e++} END {printf \"requests=%d errors=%d avg=%f\\n\", n, e, s/n/1e6}";

    @TearDown
    public void tearDown() throws Exception {
        Files.deleteIfExists(file);
    }

    /** The access-log check over the whole file. */
    @Benchmark
    public double accessLogCheck() throws Exception {
        return check.run(ctx).metrics().get("requests");
    }

    /** The peer: awk computing requests, errors and the average. */
    @Benchmark
    public String awk() {
        return Peers.run(List.of("awk", AWK, file.toString()));
    }
}
