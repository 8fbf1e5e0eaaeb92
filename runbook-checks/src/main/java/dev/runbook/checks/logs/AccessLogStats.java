package dev.runbook.checks.logs;

import dev.runbook.core.CheckResult;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Gathers web access statistics line by line: requests, 5xx errors, status counts, durations (avg, p95, p99),
 * distinct clients and malformed lines, for requests whose own timestamp lies in {@code [from, to)}. Combined
 * formats go through {@link CombinedLogParser} (no regex); a custom format is a regex with named groups
 * {@code status} (required), {@code duration}, {@code client}, {@code time}. Public for the benchmarks. Not
 * thread-safe: one per scan.
 */
public final class AccessLogStats implements LogScanner.LineSink {
    private final CombinedLogParser combined;
    private final Pattern regex;
    private final double regexDurationFactor;
    private final long from;
    private final long to;
    private final ZoneId zone;
    private final Instant now;
    private final int[] statuses = new int[600];
    private final Samples durations = new Samples();
    private final ClientSet clients = new ClientSet();
    private ClientStatusCounts perClient;
    private long requests;
    private long malformed;
    private final boolean hasClient;
    private final boolean hasTime;
    private final boolean hasDuration;

    /**
     * Statistics for a combined format.
     *
     * @param withDuration {@code combined+duration} ({@code %D} µs last) rather than plain {@code combined}
     * @param from         first epoch second counted (inclusive); {@code Long.MIN_VALUE} for all
     * @param to           epoch second bound (exclusive); {@code Long.MAX_VALUE} for all
     */
    public AccessLogStats(boolean withDuration, long from, long to) {
        this.combined = new CombinedLogParser(withDuration);
        this.regex = null;
        this.regexDurationFactor = 1e-6;
        this.from = from;
        this.to = to;
        this.zone = null;
        this.now = null;
        this.hasClient = true;
        this.hasTime = true;
        this.hasDuration = withDuration;
    }

    /** Statistics for a regex format; durations are multiplied by {@code durationFactor} to get seconds. */
    public AccessLogStats(Pattern regex, double durationFactor, long from, long to, ZoneId zone, Instant now) {
        this.combined = null;
        this.regex = regex;
        this.regexDurationFactor = durationFactor;
        this.from = from;
        this.to = to;
        this.zone = zone;
        this.now = now;
        String p = regex.pattern();
        this.hasClient = p.contains("?<client>");
        this.hasTime = p.contains("?<time>");
        this.hasDuration = p.contains("?<duration>");
    }

    /**
     * Also counts the responses of these status codes per client (the {@code per_client} option): the metric
     * {@code top_client_status_<code>} is the largest count of any one client, {@code details.top_clients_status_<code>}
     * the ten leading clients. Call before the first line.
     */
    public AccessLogStats perClient(int... codes) {
        this.perClient = codes.length == 0 ? null : new ClientStatusCounts(codes);
        return this;
    }

    @Override
    public void line(byte[] b, int start, int end) {
        if (end == start) {
            return;
        }
        if (combined != null) {
            if (!combined.parse(b, start, end)) {
                malformed++;
                return;
            }
            long t = combined.epochSecond;
            if (t < from || t >= to) {
                return;
            }
            count(combined.status);
            if (combined.durationMicros >= 0) {
                durations.add(combined.durationMicros * regexDurationFactor);
            }
            clients.add(b, combined.clientStart, combined.clientEnd);
            if (perClient != null && perClient.counts(combined.status)) {
                perClient.add(combined.status, b, combined.clientStart, combined.clientEnd);
            }
            return;
        }
        String line = new String(b, start, end - start, StandardCharsets.UTF_8);
        Matcher m = regex.matcher(line);
        if (!m.find()) {
            malformed++;
            return;
        }
        int st;
        try {
            st = Integer.parseInt(m.group("status"));
        } catch (RuntimeException e) {
            malformed++;
            return;
        }
        if (st < 100 || st > 599) {
            malformed++;
            return;
        }
        if (hasTime && (from != Long.MIN_VALUE || to != Long.MAX_VALUE)) {
            String text = m.group("time");
            Instant t = text == null ? null : LogTimestamp.APACHE.find("[" + text + "]", zone, now);
            if (t == null && text != null) {
                t = LogTimestamp.ISO8601.find(text, zone, now);
            }
            if (t == null) {
                malformed++;
                return;
            }
            if (t.getEpochSecond() < from || t.getEpochSecond() >= to) {
                return;
            }
        }
        double d = Double.NaN;
        if (hasDuration) {
            try {
                d = Double.parseDouble(m.group("duration")) * regexDurationFactor;
            } catch (RuntimeException e) {
                malformed++;
                return;
            }
        }
        count(st);
        if (!Double.isNaN(d)) {
            durations.add(d);
        }
        if (hasClient && m.group("client") != null) {
            byte[] c = m.group("client").getBytes(StandardCharsets.UTF_8);
            clients.add(c, 0, c.length);
            if (perClient != null && perClient.counts(st)) {
                perClient.add(st, m.group("client"));
            }
        }
    }

    private void count(int status) {
        requests++;
        statuses[status]++;
    }

    /** Requests counted so far. */
    public long requests() {
        return requests;
    }

    /** Malformed lines so far. */
    public long malformed() {
        return malformed;
    }

    /** 5xx responses so far. */
    public long errors() {
        long e = 0;
        for (int s = 500; s < 600; s++) {
            e += statuses[s];
        }
        return e;
    }

    /** Distinct clients so far. */
    public int uniqueClients() {
        return clients.size();
    }

    /** Writes the metrics into a result (status_* counts included). */
    void report(CheckResult.Builder b) {
        long errors = errors();
        double rate = requests == 0 ? 0 : errors * 100.0 / requests;
        b.metric("error_rate", rate).metric("requests", requests).metric("errors", errors);
        if (durations.size() > 0) {
            double avg = durations.avg();
            double[] p = durations.p95p99();
            b.metric("avg", avg).metric("p95", p[0]).metric("p99", p[1]);
        }
        b.metric("unique_clients", hasClient ? clients.size() : 0);
        b.metric("malformed", malformed);
        for (int c = 1; c <= 5; c++) {
            long n = 0;
            for (int s = c * 100; s < c * 100 + 100; s++) {
                n += statuses[s];
            }
            if (n > 0) {
                b.metric("status_" + c + "xx", n);
            }
        }
        for (int s = 100; s < 600; s++) {
            if (statuses[s] > 0) {
                b.metric("status_" + s, statuses[s]);
            }
        }
        if (perClient != null) {
            for (int code : perClient.codes()) {
                b.metric("top_client_status_" + code, perClient.top(code));
                b.detail("top_clients_status_" + code, perClient.leaders(code, 10));
            }
        }
    }

    /** The client with the most responses of {@code code} and its count, or null without any (or without the option). */
    Map.Entry<String, Long> topClient(int code) {
        if (perClient == null) {
            return null;
        }
        Map<String, Long> top = perClient.leaders(code, 1);
        return top.isEmpty() ? null : top.entrySet().iterator().next();
    }

    boolean hasDurations() {
        return hasDuration;
    }
}
