package dev.runbook.cli;

import dev.runbook.core.model.Runbook;
import dev.runbook.runtime.RunbookRuntime;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the browser tests look at: the seed runbook (copied, its state in a temp dir) and a small runbook whose
 * titles carry markup, each with a synthetic history from the first day of the previous month until now; and the
 * {@code runbook daemon} process serving them.
 */
final class BrowserFixtures {
    static final Pattern LISTENING = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)");
    static final String SCRIPT_TITLE = "<script>alert(1)</script>";
    static final String EVIL = String.join("\n",
            "runbook: evil",
            "title: \"Markup <b>stays</b> text\"",
            "version: 1",
            "timezone: Asia/Tokyo",
            "store: ./state/evil.db",
            "checks:",
            "  disk: { type: disk, title: Disk usage, path: /, warning: 80%, critical: 90% }",
            "  evil: { type: disk, title: \"" + SCRIPT_TITLE + "\", path: /, warning: 80%, critical: 90% }",
            "reports:",
            "  monthly: { title: \"Monthly <script>alert(2)</script>\", period: month, sections: [services, resources, capacity] }",
            "procedures:",
            "  check: { title: \"Check <img src=x onerror=alert(3)>\", schedule: daily 09:00, steps: [disk, evil] }",
            "");

    private BrowserFixtures() {
    }

    /** The environment the launcher gets for a runbook directory: its state under {@code dir/state}. */
    static Map<String, String> env(Path dir) {
        return Map.of("RUNBOOK_STATE_DIR", dir.resolve("state").toString());
    }

    /** Copies the seed runbook into {@code dir} and fills its store; returns the runbook file. */
    static Path seed(Path dir) throws Exception {
        Files.createDirectories(dir);
        for (String f : List.of("runbook.yaml", "escalation.yaml")) {
            Files.copy(Path.of("ai-estimator", f), dir.resolve(f));
        }
        Path file = dir.resolve("runbook.yaml");
        Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        Instant from = fill(file, now);
        incidentInTheOutage(file, from, now);
        return file;
    }

    /**
     * The seed's P1 on {@code health} as the engine would have opened it in the middle-of-the-history outage
     * ({@link SyntheticHistory}), recovered when the outage ends: the monthly report's timeline then marks it.
     */
    private static void incidentInTheOutage(Path file, Instant from, Instant now) {
        Map<String, String> env = env(file.getParent());
        Runbook rb = SyntheticHistory.load(file, env);
        Instant outageFrom = SyntheticHistory.outageFrom(from, now);
        dev.runbook.core.ManualClock clock = new dev.runbook.core.ManualClock(outageFrom, rb.zone());
        try (dev.runbook.incidents.StoreIncidentService inc = dev.runbook.incidents.StoreIncidentService.open(
                RunbookRuntime.storePath(rb, env), rb, clock)) {
            inc.escalate(new dev.runbook.core.escalation.IncidentRequest("P1", "health", null, null,
                    dev.runbook.core.CheckResult.critical("connection refused"), false, null));
            Instant end = outageFrom.plus(SyntheticHistory.OUTAGE);
            clock.set(end);
            inc.recovered("health", dev.runbook.core.CheckResult.ok("healthy"), end);
        }
    }

    /** Writes the markup runbook into {@code dir} and fills its store; returns the runbook file. */
    static Path evil(Path dir) throws Exception {
        Files.createDirectories(dir);
        Path f = dir.resolve("evil.yaml");
        Files.writeString(f, EVIL);
        return fill(f);
    }

    private static Path fill(Path file) {
        fill(file, Instant.now().truncatedTo(ChronoUnit.MINUTES));
        return file;
    }

    /** Fills the store from the first day of the previous month until {@code now}; returns that first instant. */
    private static Instant fill(Path file, Instant now) {
        Map<String, String> env = env(file.getParent());
        Runbook rb = SyntheticHistory.load(file, env);
        LocalDate firstOfPrevious = LocalDate.now(rb.zone()).withDayOfMonth(1).minusMonths(1);
        Instant from = firstOfPrevious.atStartOfDay(rb.zone()).toInstant();
        Path store = RunbookRuntime.storePath(rb, env);
        int runs = SyntheticHistory.write(rb, store, from, now, Duration.ofHours(2));
        if (runs < 100) {
            throw new AssertionError("expected a month of history in " + store + ", wrote " + runs + " runs");
        }
        return from;
    }

    /** A running {@code runbook daemon FILE --listen 127.0.0.1:0}; close stops it. */
    static final class Daemon implements AutoCloseable {
        final Process process;
        final int port;
        final Path err;

        Daemon(Path file) throws Exception {
            Path dir = file.getParent();
            err = dir.resolve("daemon-err.txt");
            String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:-UsePerfData", "-cp",
                    cp.replace(File.pathSeparator + File.pathSeparator, File.pathSeparator), Main.class.getName(),
                    "daemon", file.getFileName().toString(), "--listen", "127.0.0.1:0"));
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
            pb.environment().put("XDG_STATE_HOME", dir.resolve("xdg").toString());
            pb.environment().putAll(env(dir));
            pb.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile());
            process = pb.start();
            int p = -1;
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60); // a hang guard, not a speed bound
            while (p < 0 && System.nanoTime() < until && process.isAlive()) {
                Matcher m = LISTENING.matcher(Files.readString(err, StandardCharsets.UTF_8));
                if (m.find()) {
                    p = Integer.parseInt(m.group(1));
                } else {
                    Thread.sleep(100);
                }
            }
            if (p < 0) {
                process.destroyForcibly();
                throw new AssertionError("the daemon did not start listening: " + Files.readString(err));
            }
            port = p;
        }

        String url(String path) {
            return "http://127.0.0.1:" + port + path;
        }

        @Override
        public void close() throws Exception {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
