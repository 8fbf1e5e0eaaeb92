package dev.runbook.benchmarks.engine;

import dev.runbook.core.CheckResult;
import dev.runbook.core.engine.Engine;
import dev.runbook.core.engine.RunRequest;
import dev.runbook.core.engine.RunResult;
import dev.runbook.core.model.CheckDefinition;
import dev.runbook.core.model.Runbook;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The engine's own cost (architecture.md budgets): per no-op check (≤ 20 µs), a procedure of 10 000 no-op
 * checks (≤ 0.3 s), and 50 checks that each block 1 s (≤ 1.3 s wall). The store is the in-memory one, so the
 * figures are the engine's alone.
 */
@State(Scope.Benchmark)
@Fork(1)
public class EngineBenchmark {
    private Engine engine;
    private Runbook one;
    private Runbook tenThousand;
    private Runbook fiftyBlocking;

    @Setup(Level.Trial)
    public void setUp() {
        engine = Engine.builder().build();
        one = Runbook.builder("one").check(CheckDefinition.builder("noop", c -> CheckResult.ok("")).build()).build();
        Runbook.Builder b = Runbook.builder("ten-thousand");
        for (int i = 0; i < 10_000; i++) {
            b.check(CheckDefinition.builder("noop-" + i, c -> CheckResult.ok("")).build());
        }
        tenThousand = b.build();
        Runbook.Builder f = Runbook.builder("fifty-blocking");
        for (int i = 0; i < 50; i++) {
            f.check(CheckDefinition.builder("block-" + i, c -> {
                Thread.sleep(1000);
                return CheckResult.ok("");
            }).build());
        }
        fiftyBlocking = f.build();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        engine.close();
    }

    /** A whole run of one no-op check: the per-run overhead plus one check (sampled: read p0.50). */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @Warmup(iterations = 3, time = 1)
    @Measurement(iterations = 5, time = 1)
    public RunResult runOfOneNoOpCheck() {
        return engine.run(one, RunRequest.allChecks());
    }

    /** 10 000 no-op checks in one run; divide by 10 000 for the per-check overhead. */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 5)
    @Measurement(iterations = 10)
    public RunResult tenThousandNoOpChecks() {
        return engine.run(tenThousand, RunRequest.allChecks());
    }

    /** 50 checks that each block for 1 s, run together. */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 1)
    @Measurement(iterations = 5)
    public RunResult fiftyChecksBlockingOneSecond() {
        return engine.run(fiftyBlocking, RunRequest.allChecks());
    }
}
