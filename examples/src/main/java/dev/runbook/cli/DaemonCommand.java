package dev.runbook.cli;

import dev.runbook.runtime.RunbookRuntime;
import dev.runbook.runtime.StopSignals;
import dev.runbook.runtime.http.DaemonHttp;
import dev.runbook.runtime.http.ListenAddress;
import dev.runbook.runtime.schedule.NextFireTimes;
import dev.runbook.runtime.schedule.Scheduler;
import dev.runbook.core.model.Runbook;
import dev.runbook.yaml.LoadResult;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code runbook daemon FILE [--listen HOST:PORT] [--run-now]}: runs the runbook's schedules until stopped
 * (runbook-format §9) and serves {@code /health}, {@code /metrics} and {@code /status}. SIGTERM or SIGINT stop it:
 * the run in progress gets {@link #STOP_BOUND} to finish (then it is interrupted), the store is closed, exit 0.
 */
@Command(name = "daemon", mixinStandardHelpOptions = true,
        description = {"Runs the runbook's schedules until stopped (procedures, reports, due escalations and "
                + "notifications every 30 s) and serves /health, /metrics (Prometheus) and /status (HTML).",
                "Missed fire times while it was down are not replayed: schedules fire from now on.",
                "Stop with SIGTERM or Ctrl-C: the current run gets 10 s to finish. Exit: 0 when stopped; 1 for an "
                        + "invalid file or an address that cannot be bound; 2 usage."})
public final class DaemonCommand extends Verb {
    /** The default address: loopback only. */
    static final String DEFAULT_LISTEN = "127.0.0.1:9100";
    /** How long a run in progress may go on after a stop signal. */
    static final Duration STOP_BOUND = Duration.ofSeconds(10);
    /** Environment variable equivalent to {@code --run-now} (any of 1/true/yes). */
    static final String RUN_AT_START_ENV = "RUNBOOK_DAEMON_RUN_AT_START";

    @Parameters(index = "0", paramLabel = "FILE", description = "The runbook file.")
    Path file;

    @Option(names = "--listen", paramLabel = "HOST:PORT",
            description = "Where to serve /health, /metrics and /status (default: " + DEFAULT_LISTEN + ", loopback "
                    + "only). A non-loopback host (e.g. 0.0.0.0:9100) is used only when given here explicitly; "
                    + "the endpoints have no authentication. Port 0 picks a free port.")
    String listen;

    @Option(names = "--run-now", description = "Run each scheduled procedure once at start, then follow the schedules (a procedure without a "
            + "schedule never runs in the daemon) "
            + "(also " + RUN_AT_START_ENV + "=1).")
    boolean runNow;

    @Override
    public Integer call() throws Exception {
        InetSocketAddress address;
        try {
            address = ListenAddress.parse(listen == null ? DEFAULT_LISTEN : listen);
        } catch (IllegalArgumentException e) {
            err().println("runbook: --listen " + listen + ": " + e.getMessage());
            return Main.USAGE;
        }
        if (listen == null && !address.getAddress().isLoopbackAddress()) {
            err().println("runbook: refusing to serve on non-loopback " + address + " without an explicit --listen");
            return Main.USAGE;
        }
        LoadResult loaded = load(file);
        printProblems(loaded);
        if (!loaded.isValid()) {
            err().println("runbook: " + file + " is not valid; the daemon did not start (`runbook validate " + file + "`)");
            return Main.INVALID;
        }
        Runbook rb = loaded.runbook();
        String env = environment().getOrDefault(RUN_AT_START_ENV, "");
        boolean atStart = runNow || env.equals("1") || env.equalsIgnoreCase("true") || env.equalsIgnoreCase("yes");
        Clock clock = Clock.system(rb.zone());
        CountDownLatch done = new CountDownLatch(1);
        try (RunbookRuntime runtime = RunbookRuntime.builder(loaded).env(environment()).clock(clock).host(host())
                .warnings(w -> err().println("runbook: warning: " + w)).operator(operator()).runAtStart(atStart)
                .stopBound(STOP_BOUND).runbookFile(file.toAbsolutePath().normalize().toString()).events(e -> {
                    err().println(Scheduler.format(ZonedDateTime.now(clock)) + " " + e.message());
                    err().flush();
                }).build()) {
            Scheduler scheduler = runtime.schedule();
            DaemonHttp http;
            try {
                http = runtime.serve(address);
            } catch (IOException e) {
                err().println("runbook: cannot listen on " + address + ": " + e.getMessage()
                        + " (is another daemon running? pick another port with --listen HOST:PORT)");
                return Main.INVALID;
            }
            if (!address.getAddress().isLoopbackAddress()) {
                err().println("runbook: warning: serving on " + address + ", reachable from the network; "
                        + "/status and /metrics have no authentication");
            }
            CountDownLatch stop = StopSignals.install(done, STOP_BOUND);
            err().println("runbook daemon: " + rb.id() + " listening on http://" + ListenAddress.hostPort(http.address())
                    + " (/health /metrics /status); " + NextFireTimes.describe(scheduler));
            err().flush();
            stop.await();
            err().println("runbook daemon: stopping (a run in progress gets " + STOP_BOUND.toSeconds() + " s)");
            err().flush();
            if (!runtime.shutdown(STOP_BOUND)) {
                err().println("runbook daemon: a run did not finish within " + STOP_BOUND.toSeconds()
                        + " s and was interrupted");
            }
        } finally {
            done.countDown();
        }
        err().println("runbook daemon: stopped");
        err().flush();
        return 0;
    }
}
