package dev.runbook.checks.logs;

import dev.runbook.checks.fs.PathGlob;
import dev.runbook.core.Check;
import dev.runbook.core.CheckContext;
import dev.runbook.core.CheckResult;
import dev.runbook.core.MetricSpec;
import dev.runbook.core.ReportPlace;
import dev.runbook.core.Status;
import dev.runbook.core.quantity.Quantity;
import dev.runbook.core.quantity.Unit;
import dev.runbook.core.quantity.UnitFamily;
import dev.runbook.core.spi.CheckType;
import dev.runbook.core.spi.TypeContext;
import dev.runbook.core.spi.TypeName;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The {@code access-log} check type: web access statistics over a window, judged by the log's own timestamps
 * against {@code context.clock()}.
 *
 * <pre>{@code
 * access: { type: access-log, file: /var/log/httpd/access_log, format: combined+duration, window: today }
 * }</pre>
 *
 * <p>Formats: {@code combined+duration} (default: Apache combined with {@code %D} microseconds last),
 * {@code combined}, or a regex with named groups {@code status} (required), {@code duration} (in
 * {@code duration_unit}, default s), {@code client}, {@code time}. Malformed lines are skipped and counted.
 * Metrics: {@code error_rate} % (5xx / requests), {@code requests}, {@code errors}, {@code avg}, {@code p95},
 * {@code p99} (s), {@code unique_clients}, {@code malformed}, and dynamically {@code status_<code>} and
 * {@code status_<n>xx}; with {@code per_client: [401]} also {@code top_client_status_401}, the 401s of the one
 * client with the most (brute force), that client named in the message. Combined lines are parsed by hand, without a regex, at over a million lines a second.
 *
 * <p>Stateless and thread-safe; a check blocks on file reads.
 */
@TypeName("access-log")
public final class AccessLogCheckType implements CheckType<AccessLogCheckType.Params> {

    /**
     * Parameters of {@code access-log}.
     *
     * @param file         a path or glob
     * @param format       combined+duration (default), combined, or a regex with named groups
     * @param window       today, yesterday or a duration such as 24h; without it, the whole file
     * @param durationUnit unit of a regex format's {@code duration} group (default s)
     * @param perClient    status codes counted per client (e.g. {@code [401]} for brute force): adds the metric
     *                     {@code top_client_status_<code>}, the largest count of any one client in the window, and
     *                     {@code details.top_clients_status_<code>}, the ten leading clients; the message names the
     *                     top client
     */
    public record Params(String file, String format, String window, String durationUnit, List<Integer> perClient) {
        /** Parameters without {@code per_client}. */
        public Params(String file, String format, String window, String durationUnit) {
            this(file, format, window, durationUnit, null);
        }
    }

    @Override
    public String name() {
        return "access-log";
    }

    @Override
    public Class<Params> parameterType() {
        return Params.class;
    }

    @Override
    public String description() {
        return "web access log statistics over a window: error rate, requests, latency percentiles, clients";
    }

    /** Where its checks appear in the reports (runbook-format §8). */
    @Override
    public List<ReportPlace> reportPlaces(Params parameters) {
        return List.of(ReportPlace.of("performance", "response-times"));
    }

    @Override
    public List<MetricSpec> metrics(Params parameters) {
        List<MetricSpec> all = new ArrayList<>(fixedMetrics());
        if (parameters != null && parameters.perClient() != null) {
            for (Integer code : parameters.perClient()) {
                if (code != null) {
                    all.add(MetricSpec.higherIsWorse("top_client_status_" + code, Unit.COUNT));
                }
            }
        }
        return all;
    }

    private static List<MetricSpec> fixedMetrics() {
        return List.of(MetricSpec.higherIsWorse("error_rate", Unit.PERCENT),
                MetricSpec.informational("requests", Unit.COUNT),
                MetricSpec.higherIsWorse("errors", Unit.COUNT),
                MetricSpec.higherIsWorse("avg", Unit.SECONDS),
                MetricSpec.higherIsWorse("p95", Unit.SECONDS),
                MetricSpec.higherIsWorse("p99", Unit.SECONDS),
                MetricSpec.informational("unique_clients", Unit.COUNT),
                MetricSpec.higherIsWorse("malformed", Unit.COUNT));
    }

    @Override
    public boolean dynamicMetrics() {
        return true;
    }

    @Override
    public Check create(Params p, TypeContext context) {
        if (p == null || p.file() == null || p.file().isBlank()) {
            throw new IllegalArgumentException("file: required, a path or glob");
        }
        String format = p.format() == null ? "combined+duration" : p.format().trim();
        String lower = format.toLowerCase(Locale.ROOT);
        Pattern regex = null;
        boolean withDuration = true;
        if (lower.equals("combined+duration") || lower.equals("combined_duration")) {
            withDuration = true;
        } else if (lower.equals("combined")) {
            withDuration = false;
        } else if (format.contains("(?<")) {
            try {
                regex = Pattern.compile(format);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("format: invalid regex '" + format + "': " + e.getDescription());
            }
            if (!format.contains("(?<status>")) {
                throw new IllegalArgumentException("format: a regex format needs a named group (?<status>…), found '"
                        + format + "'");
            }
        } else {
            throw new IllegalArgumentException("format: expected combined+duration, combined or a regex with named groups "
                    + "(?<status>…), found '" + format + "'");
        }
        double factor = 1;
        if (p.durationUnit() != null) {
            if (regex == null) {
                throw new IllegalArgumentException("duration_unit: only used with a regex format");
            }
            try {
                factor = Quantity.parse("1" + p.durationUnit().trim()).canonicalIn(UnitFamily.DURATION);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("duration_unit: expected us, ms or s, found '" + p.durationUnit() + "'");
            }
        }
        int[] perClient = perClientCodes(p.perClient());
        LogWindow window = LogWindow.parse(p.window());
        PathGlob glob = PathGlob.of(context.resolve(p.file()));
        Pattern re = regex;
        boolean wd = withDuration;
        double f = factor;
        return dev.runbook.checks.access.FileAccess.guarded(ctx -> run(ctx, glob, re, wd, f, window, perClient));
    }

    private static int[] perClientCodes(List<Integer> codes) {
        if (codes == null) {
            return new int[0];
        }
        int[] out = new int[codes.size()];
        for (int i = 0; i < out.length; i++) {
            Integer c = codes.get(i);
            if (c == null || c < 100 || c > 599) {
                throw new IllegalArgumentException("per_client: expected HTTP status codes 100 to 599 (e.g. [401]), found "
                        + codes);
            }
            out[i] = c;
        }
        return out;
    }

    private static CheckResult run(CheckContext ctx, PathGlob glob, Pattern regex, boolean withDuration, double factor,
                                   LogWindow window, int[] perClient) throws IOException {
        List<Path> files = glob.files();
        if (files.isEmpty()) {
            return CheckResult.critical((glob.isLiteral() ? "access log not found: " : "no access log matches ") + glob.text());
        }
        Instant now = ctx.clock().instant();
        ZoneId zone = ctx.zone() == null ? ZoneId.systemDefault() : ctx.zone();
        long from = window == null ? Long.MIN_VALUE : window.start(now, zone).getEpochSecond();
        Instant endAt = window == null ? null : window.end(now, zone);
        long to = endAt == null ? Long.MAX_VALUE : endAt.getEpochSecond() + (endAt.getNano() > 0 ? 1 : 0);
        AccessLogStats stats = regex == null ? new AccessLogStats(withDuration, from, to)
                : new AccessLogStats(regex, factor, from, to, zone, now);
        stats.perClient(perClient);
        LogScanner scanner = new LogScanner();
        List<String> read = new ArrayList<>();
        for (Path f : files) {
            try {
                scanner.scan(f, 0, null, true, stats);
                read.add(f.toString());
            } catch (NoSuchFileException gone) {
                // rotated away between listing and reading
            }
        }
        CheckResult.Builder b = CheckResult.builder().detail("files", read.size() == 1 ? read.get(0) : read);
        stats.report(b);
        Map<String, Double> m = b.build().metrics();
        b.value(m.get("error_rate"), Unit.PERCENT);
        String scope = window == null ? "in the whole log" : window.toString().equals("today")
                || window.toString().equals("yesterday") ? window.toString() : "in the last " + window;
        if (window != null) {
            b.detail("window_start", Instant.ofEpochSecond(from).toString());
        }
        StringBuilder msg = new StringBuilder();
        if (stats.requests() == 0) {
            msg.append("no requests ").append(scope);
        } else {
            msg.append(stats.requests()).append(" requests ").append(scope).append(", ").append(stats.errors())
                    .append(" errors (").append(Quantity.humanize(m.get("error_rate"), Unit.PERCENT)).append(")");
            if (m.containsKey("p95")) {
                msg.append(", p95 ").append(Quantity.humanize(m.get("p95"), Unit.SECONDS));
            }
        }
        for (int code : perClient) {
            Map.Entry<String, Long> top = stats.topClient(code);
            msg.append(", ").append(top == null ? "no " + code + " responses"
                    : "most " + code + "s from " + top.getKey() + " (" + top.getValue() + ")");
        }
        if (stats.malformed() > 0) {
            msg.append(", ").append(stats.malformed()).append(" malformed lines skipped");
        }
        return b.status(Status.OK).message(msg.toString()).build();
    }
}
