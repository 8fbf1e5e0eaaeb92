package dev.runbook.benchmarks.logs;

import dev.runbook.core.testing.TestCheckContext;

import dev.runbook.checks.logs.LogCheckType;
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
 * Log scan for a literal: the {@code log} check (whole file, first-run semantics) against {@code grep -c} on the
 * same generated ~100 MB file, in the same run. Throughput in GB/s = file size / time per op (printed at setup).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class LogScanBenchmark {
    static final Instant NOW = Instant.parse("2026-11-28T09:00:00Z");
    Path file;
    long bytes;
    Check literal;
    Check prefixRegex;
    TestCheckContext ctx;

    @Setup
    public void setUp() throws Exception {
        file = Files.createTempFile("runbook-bench-", ".log");
        Random r = new Random(7);
        String[] levels = {"INFO", "INFO", "INFO", "DEBUG", "WARN"};
        String[] paths = {"/api/v1/estimate", "/api/v1/tasks", "/health", "/api/v1/upload", "/static/app.js"};
        try (BufferedWriter w = Files.newBufferedWriter(file)) {
            long n = 0;
            int i = 0;
            while (n < 100_000_000L) {
                String line;
                if (i % 200 == 0) {
                    line = "2026-11-28T08:" + String.format("%02d:%02d", (i / 60) % 60, i % 60)
                            + ".123+09:00 ERROR estimator.api Error: OpenAI timeout after " + r.nextInt(30000) + "ms\n";
                } else {
                    line = "2026-11-28T08:" + String.format("%02d:%02d", (i / 60) % 60, i % 60) + ".123+09:00 "
                            + levels[r.nextInt(levels.length)] + " estimator.api request path=" + paths[r.nextInt(paths.length)]
                            + " status=200 took " + r.nextInt(900) + "ms user=" + r.nextInt(5000) + "\n";
                }
                w.write(line);
                n += line.length();
                i++;
            }
        }
        bytes = Files.size(file);
        TypeContext tc = TypeContext.defaults("bench");
        literal = new LogCheckType().create(new LogCheckType.Params(file.toString(), "ERROR", null, null, null, null, null, null), tc);
        prefixRegex = new LogCheckType().create(new LogCheckType.Params(file.toString(), "Error: OpenAI \\w+", null, null, null,
                null, null, null), tc);
        ctx = new TestCheckContext(NOW).forgetWrites();
        // warm the page cache and print the reference counts
        CheckResult res = literal.run(ctx);
        String grep = Peers.run(List.of("grep", "-c", "ERROR", file.toString())).trim();
        System.out.printf("%nfile %s: %d bytes; log check matches=%s, grep -c=%s%n", file, bytes,
                res.metrics().get("matches"), grep);
    }

    @TearDown
    public void tearDown() throws Exception {
        Files.deleteIfExists(file);
    }

    /** The log check, literal pattern, whole file. */
    @Benchmark
    public double logCheckLiteral() throws Exception {
        return literal.run(ctx).metrics().get("matches");
    }

    /** The log check, regex with a literal prefix, whole file. */
    @Benchmark
    public double logCheckPrefixRegex() throws Exception {
        return prefixRegex.run(ctx).metrics().get("matches");
    }

    /** The peer: {@code grep -c ERROR file} as a process. */
    @Benchmark
    public String grepCount() {
        return Peers.run(List.of("grep", "-c", "ERROR", file.toString()));
    }
}
