package dev.runbook.benchmarks.probes;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
 * The peers of {@link SystemProbeBenchmark}: one execution of each Monitoring Plugins command (and {@code ss} for
 * the listening table, which no plugin reads) as a scheduler such as Nagios pays for it — fork, exec, run, wait —
 * timed in the same JMH run. Needs Debian's {@code monitoring-plugins-basic} and {@code -standard} in
 * {@code /usr/lib/nagios/plugins}; a missing plugin fails its benchmark at setup.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PluginPeerBenchmark {
    private static final String DIR = "/usr/lib/nagios/plugins/";
    private ServerSocket server;
    private Process sleeper;
    private List<String> checkTcp;
    private List<String> ss;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        for (String p : List.of("check_disk", "check_procs", "check_load", "check_swap", "check_tcp")) {
            if (!Files.isExecutable(Path.of(DIR + p))) {
                throw new IllegalStateException(DIR + p + " is missing: apt-get install monitoring-plugins-basic "
                        + "monitoring-plugins-standard");
            }
        }
        server = new ServerSocket(0, 1000, InetAddress.getByName("127.0.0.1"));
        Thread acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    server.accept().close();
                } catch (IOException e) {
                    return;
                }
            }
        }, "peer-acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
        sleeper = new ProcessBuilder("sleep", "600").start();
        checkTcp = List.of(DIR + "check_tcp", "-H", "127.0.0.1", "-p", Integer.toString(server.getLocalPort()));
        ss = List.of("ss", "-Htln", "sport = :" + server.getLocalPort());
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        sleeper.destroyForcibly().waitFor();
        server.close();
    }

    private static int run(List<String> argv) throws Exception {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor();
    }

    @Benchmark
    public int checkSwapForMemory() throws Exception {
        return run(List.of(DIR + "check_swap", "-w", "20%", "-c", "10%"));
    }

    @Benchmark
    public int checkLoad() throws Exception {
        return run(List.of(DIR + "check_load", "-r", "-w", "5,5,5", "-c", "10,10,10"));
    }

    @Benchmark
    public int checkDisk() throws Exception {
        return run(List.of(DIR + "check_disk", "-w", "20%", "-c", "10%", "-p", "/"));
    }

    @Benchmark
    public int checkProcsByName() throws Exception {
        return run(List.of(DIR + "check_procs", "-c", "1:", "-C", "sleep"));
    }

    @Benchmark
    public int checkProcsByRegex() throws Exception {
        return run(List.of(DIR + "check_procs", "-c", "1:", "--ereg-argument-array=^sleep 600$"));
    }

    @Benchmark
    public int checkTcpConnect() throws Exception {
        return run(checkTcp);
    }

    @Benchmark
    public int ssListen() throws Exception {
        return run(ss);
    }
}
