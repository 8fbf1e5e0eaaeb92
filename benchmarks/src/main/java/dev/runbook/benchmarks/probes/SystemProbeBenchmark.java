package dev.runbook.benchmarks.probes;

import dev.runbook.core.testing.TestCheckContext;

import dev.runbook.checks.system.CpuCheckType;
import dev.runbook.checks.system.DiskCheckType;
import dev.runbook.checks.system.LoadCheckType;
import dev.runbook.checks.system.MemoryCheckType;
import dev.runbook.checks.system.PortCheckType;
import dev.runbook.checks.system.ProcessCheckType;
import dev.runbook.core.Check;
import dev.runbook.core.CheckResult;
import dev.runbook.core.Status;
import dev.runbook.core.spi.TypeContext;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Steady-state cost of one call of each built-in system probe, through its public check type exactly as the
 * engine calls it (architecture.md budgets: memory, CPU ticks, load ≤ 10 µs; disk ≤ 20 µs; process lookup ≤ 2 ms;
 * listening port ≤ 4 ms). The CPU check runs with ticks stored by the previous call, so it never samples. A
 * {@code sleep 600} child gives the process lookup something to find; a loopback {@link ServerSocket} the port
 * checks. Run with {@code java -jar benchmarks/target/benchmarks.jar probes}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SystemProbeBenchmark {
    private final TestCheckContext ctx = new TestCheckContext().clock(java.time.Clock.systemUTC());
    private Check memory;
    private Check cpu;
    private Check load;
    private Check disk;
    private Check processByName;
    private Check processByCommand;
    private Check portListen;
    private Check portConnect;
    private String cpuTicksOfSetup;
    private Process sleeper;
    private ServerSocket server;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        TypeContext tc = TypeContext.defaults("bench");
        memory = new MemoryCheckType().create(new MemoryCheckType.Params(null), tc);
        cpu = new CpuCheckType().create(new CpuCheckType.Params(Duration.ofMillis(20)), tc);
        load = new LoadCheckType().create(new LoadCheckType.Params(null, null), tc);
        disk = new DiskCheckType().create(new DiskCheckType.Params("/", null), tc);
        sleeper = new ProcessBuilder("sleep", "600").start();
        processByName = new ProcessCheckType().create(new ProcessCheckType.Params("sleep", null, null, null), tc);
        processByCommand = new ProcessCheckType().create(new ProcessCheckType.Params(null, "^sleep 600$", null, null), tc);
        server = new ServerSocket(0, 1000, InetAddress.getByName("127.0.0.1"));
        Thread acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    server.accept().close();
                } catch (Exception e) {
                    return;
                }
            }
        }, "bench-acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
        portListen = new PortCheckType().create(new PortCheckType.Params(server.getLocalPort(), null,
                PortCheckType.Mode.LISTEN), tc);
        portConnect = new PortCheckType().create(new PortCheckType.Params(server.getLocalPort(), null, null), tc);
        // prime: the first cpu call samples; later ones use the stored ticks
        for (Check c : new Check[] {memory, cpu, load, disk, processByName, processByCommand, portListen, portConnect}) {
            CheckResult r = c.run(ctx);
            if (r.status() != Status.OK) {
                throw new IllegalStateException("probe not OK before benchmarking: " + r);
            }
        }
        Thread.sleep(50);
        primeCpu();
    }

    private void primeCpu() {
        cpuTicksOfSetup = ctx.state().get("cpu.ticks").orElseThrow();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        sleeper.destroyForcibly().waitFor();
        server.close();
    }

    @Benchmark
    public CheckResult memory() throws Exception {
        return memory.run(ctx);
    }

    @Benchmark
    public CheckResult cpuTicks() throws Exception {
        // runs are minutes apart in use: restore ticks older than the kernel's 10 ms tick, so no call samples
        ctx.state().put("cpu.ticks", cpuTicksOfSetup);
        return cpu.run(ctx);
    }

    @Benchmark
    public CheckResult load() throws Exception {
        return load.run(ctx);
    }

    @Benchmark
    public CheckResult disk() throws Exception {
        return disk.run(ctx);
    }

    @Benchmark
    public CheckResult processByName() throws Exception {
        return processByName.run(ctx);
    }

    @Benchmark
    public CheckResult processByCommandRegex() throws Exception {
        return processByCommand.run(ctx);
    }

    @Benchmark
    public CheckResult portListen() throws Exception {
        return portListen.run(ctx);
    }

    @Benchmark
    public CheckResult portConnect() throws Exception {
        return portConnect.run(ctx);
    }
}
