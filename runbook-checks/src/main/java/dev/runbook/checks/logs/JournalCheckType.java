package dev.runbook.checks.logs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbook.core.Check;
import dev.runbook.core.CheckContext;
import dev.runbook.core.CheckResult;
import dev.runbook.core.MetricSpec;
import dev.runbook.core.Status;
import dev.runbook.core.quantity.Quantity;
import dev.runbook.core.quantity.Unit;
import dev.runbook.core.spi.CheckType;
import dev.runbook.core.spi.TypeContext;
import dev.runbook.core.spi.TypeName;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The {@code journal} check type: journald entries, read by running {@code journalctl} ({@code -u}, {@code -p},
 * {@code --since}, {@code -o json}) and filtered by {@code pattern} on their message, with the same
 * {@code extract} and {@code group_by} as {@code log}.
 *
 * <pre>{@code
 * errors-24h: { type: journal, unit: estimator, priority: err, since: 24h }
 * }</pre>
 *
 * <p>When journalctl says there is no journal ("No journal files were found", "not been booted with systemd"),
 * fails or cannot be started, the result is {@code UNKNOWN} with its words: that is judged from its answer,
 * never from PID 1. Past the check's timeout the process is killed and the result is {@code UNKNOWN}. Stateless
 * and thread-safe; a check blocks until journalctl ends or its timeout.
 */
@TypeName("journal")
public final class JournalCheckType implements CheckType<JournalCheckType.Params> {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Set<String> PRIORITIES = Set.of("emerg", "alert", "crit", "err", "warning", "notice", "info",
            "debug", "0", "1", "2", "3", "4", "5", "6", "7");

    /**
     * Parameters of {@code journal}.
     *
     * @param unit       systemd unit ({@code -u})
     * @param priority   priority or range ({@code err}, {@code warning..emerg}, {@code 3})
     * @param since      {@code 24h} (any duration), {@code today} or {@code yesterday}
     * @param pattern    regex on the message; entries without a match are not counted
     * @param extract    a regex with one numeric group: avg, p95, p99, max
     * @param groupBy    a regex whose group 1 names a group: top 10 in {@code details.groups}
     * @param journalctl path of the journalctl binary (default {@code journalctl})
     */
    public record Params(String unit, String priority, String since, String pattern, String extract, String groupBy,
                         String journalctl) {
    }

    @Override
    public String name() {
        return "journal";
    }

    @Override
    public Class<Params> parameterType() {
        return Params.class;
    }

    @Override
    public String description() {
        return "journald entries of a unit, priority and period, optionally matching a pattern";
    }

    @Override
    public List<MetricSpec> metrics(Params p) {
        List<MetricSpec> out = new ArrayList<>();
        out.add(MetricSpec.higherIsWorse("entries", Unit.COUNT));
        if (p != null && p.extract() != null) {
            out.addAll(MatchStats.extractMetrics(null));
        }
        return out;
    }

    @Override
    public Check create(Params p, TypeContext context) {
        Params q = p == null ? new Params(null, null, null, null, null, null, null) : p;
        List<String> args = new ArrayList<>();
        String binary = q.journalctl() == null || q.journalctl().isBlank() ? "journalctl"
                : q.journalctl().contains("/") ? context.resolve(q.journalctl()).toString() : q.journalctl();
        args.add(binary);
        args.add("--no-pager");
        args.add("-q");
        args.add("-o");
        args.add("json");
        if (q.unit() != null) {
            if (q.unit().isBlank() || q.unit().startsWith("-")) {
                throw new IllegalArgumentException("unit: expected a systemd unit name, found '" + q.unit() + "'");
            }
            args.add("-u");
            args.add(q.unit().trim());
        }
        if (q.priority() != null) {
            String pr = q.priority().trim().toLowerCase(Locale.ROOT);
            for (String part : pr.split("\\.\\.", -1)) {
                if (!PRIORITIES.contains(part)) {
                    throw new IllegalArgumentException("priority: expected emerg, alert, crit, err, warning, notice, info, "
                            + "debug, 0-7 or a range such as warning..emerg, found '" + q.priority() + "'");
                }
            }
            args.add("-p");
            args.add(pr);
        }
        if (q.since() != null) {
            LogWindow w;
            try {
                w = LogWindow.parse(q.since());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("since: expected today, yesterday or a duration such as 24h, found '"
                        + q.since() + "'");
            }
            if (w.calendar()) {
                throw new IllegalArgumentException("since: expected today, yesterday or a duration such as 7d, found '"
                        + q.since() + "' (week and month are windows of log files)");
            }
            args.add("--since");
            args.add(w.journalSince());
            if (w.journalUntil() != null) {
                args.add("--until");
                args.add(w.journalUntil());
            }
        }
        Pattern pattern = MatchStats.compile("pattern", q.pattern(), false);
        Pattern extract = MatchStats.compile("extract", q.extract(), true);
        Pattern groupBy = MatchStats.compile("group_by", q.groupBy(), false);
        List<String> command = List.copyOf(args);
        return ctx -> run(ctx, command, pattern, extract, groupBy);
    }

    private static CheckResult run(CheckContext ctx, List<String> command, Pattern pattern, Pattern extract,
                                   Pattern groupBy) throws InterruptedException {
        Process proc;
        try {
            proc = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.PIPE).start();
        } catch (IOException e) {
            return CheckResult.unknown("cannot run " + command.get(0) + ": " + e.getMessage());
        }
        try {
            try {
                proc.getOutputStream().close();
            } catch (IOException ignored) {
                // nothing to write
            }
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            Thread errReader = new Thread(() -> drain(proc.getErrorStream(), err), "journalctl-stderr");
            errReader.setDaemon(true);
            errReader.start();
            Duration timeout = ctx.timeout() == null ? Duration.ofSeconds(30) : ctx.timeout();
            long deadline = System.nanoTime() + timeout.toNanos();
            Thread killer = new Thread(() -> {
                try {
                    if (!proc.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                        kill(proc);
                    }
                } catch (InterruptedException e) {
                    // the reader finished first: the main thread waits for the exit within the deadline
                }
            }, "journalctl-timeout");
            killer.setDaemon(true);
            killer.start();
            MatchStats stats = new MatchStats(extract, groupBy, null);
            long lines = 0;
            long unreadable = 0;
            try (BufferedReader r = new BufferedReader(new InputStreamReader(proc.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.isBlank()) {
                        continue;
                    }
                    lines++;
                    String message;
                    try {
                        message = message(MAPPER.readTree(line));
                    } catch (IOException e) {
                        unreadable++;
                        continue;
                    }
                    if (pattern == null || pattern.matcher(message).find()) {
                        stats.add(message);
                    }
                }
            } catch (IOException e) {
                // the process was killed or closed its output: judged below
            } finally {
                killer.interrupt();
            }
            boolean ended = proc.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            errReader.join(1000);
            if (!ended || System.nanoTime() > deadline) {
                kill(proc);
                return CheckResult.unknown("journalctl timed out after " + Quantity.humanize(timeout.toMillis() / 1000.0,
                        Unit.SECONDS));
            }
            String stderr = err.toString(StandardCharsets.UTF_8).trim();
            String lower = stderr.toLowerCase(Locale.ROOT);
            if (lower.contains("no journal files were found") || lower.contains("not been booted with systemd")
                    || lower.contains("failed to connect") || lower.contains("journald is not running")) {
                return CheckResult.unknown("journalctl: " + firstLine(stderr));
            }
            int exit = proc.exitValue();
            if (exit != 0) {
                return CheckResult.unknown("journalctl exited with " + exit + (stderr.isEmpty() ? "" : ": " + firstLine(stderr)));
            }
            CheckResult.Builder b = CheckResult.builder().status(Status.OK).value(stats.matches, Unit.COUNT)
                    .metric("entries", stats.matches).detail("command", String.join(" ", command)).detail("read", lines);
            if (unreadable > 0) {
                b.detail("unreadable", unreadable);
            }
            stats.report(b);
            return b.message(stats.matches + (stats.matches == 1 ? " journal entry" : " journal entries")
                    + (pattern == null ? "" : " matching '" + pattern.pattern() + "'")).build();
        } finally {
            if (proc.isAlive()) {
                kill(proc);
            }
        }
    }

    /** The MESSAGE field as text: journald writes non-UTF-8 messages as arrays of bytes. */
    static String message(JsonNode entry) {
        JsonNode m = entry.get("MESSAGE");
        if (m == null || m.isNull()) {
            return "";
        }
        if (m.isArray()) {
            byte[] bytes = new byte[m.size()];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) m.get(i).asInt();
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }
        return m.asText();
    }

    private static void drain(InputStream in, ByteArrayOutputStream out) {
        byte[] buf = new byte[4096];
        try (InputStream s = in) {
            int n;
            while ((n = s.read(buf)) > 0) {
                synchronized (out) {
                    if (out.size() < 64 * 1024) {
                        out.write(buf, 0, n);
                    }
                }
            }
        } catch (IOException ignored) {
            // process gone
        }
    }

    private static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
