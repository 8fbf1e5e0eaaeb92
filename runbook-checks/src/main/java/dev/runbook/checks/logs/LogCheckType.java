package dev.runbook.checks.logs;

import dev.runbook.checks.fs.PathGlob;
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
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The {@code log} check type: lines of a file or glob matching {@code pattern}.
 *
 * <pre>{@code
 * errors: { type: log, file: /var/log/estimator/app.log, pattern: "ERROR", window: 24h }
 * slow:   { type: log, file: app.log, pattern: "took ", extract: "took (\\d+)ms", unit: ms, group_by: "path=(\\S+)" }
 * }</pre>
 *
 * <p>With {@code window} ({@code today}, {@code 24h}, …) it counts matching lines whose timestamp ({@code timestamp}:
 * iso8601 by default, syslog or apache) falls in the window, read from {@code context.clock()}. Without it, it
 * counts matches since the previous run: offsets are kept per file identity (inode) in the check's state, so a
 * rotated file is read from its start and a truncated one (smaller than the offset) too; the first run counts
 * the whole file; dry-run does not advance offsets. Files are streamed through a fixed buffer; a literal
 * pattern (or the literal prefix of a regex) is searched at the byte level before any regex runs.
 *
 * <p>Stateless and thread-safe; a check blocks on file reads.
 */
@TypeName("log")
public final class LogCheckType implements CheckType<LogCheckType.Params> {
    /** The state key of the offsets of runs outside any procedure; a procedure's runs use {@link #offsetsKey}. */
    static final String OFFSETS = "offsets";
    /** The entry of the encoded offsets that holds when they were claimed (epoch millis); no file identity looks so. */
    static final String CLAIMED_AT = "@claimed_at";
    /** How often a run tries to claim new lines that concurrent runs keep claiming first. */
    static final int MAX_CLAIMS = 64;

    /** What a glob that matches nothing means. */
    public enum Missing { CRITICAL, WARNING, UNKNOWN, OK }

    /**
     * Parameters of {@code log}.
     *
     * @param file      a path or glob
     * @param pattern   a regex (a plain literal is fastest); required unless {@code extract} is given
     * @param window    {@code today}, {@code yesterday} or a duration; without it, matches since the previous run
     * @param timestamp iso8601 (default), syslog, apache or apache-error
     * @param extract   a regex with one numeric group: avg, p95, p99, max over matching lines
     * @param groupBy   a regex whose group 1 names a group: top 10 counts in {@code details.groups}
     * @param missing   status when nothing matches the path: critical (default) or ok, warning, unknown
     * @param unit      the unit of extracted numbers ({@code ms}, {@code s}, {@code B}…), converted to canonical
     */
    public record Params(String file, String pattern, String window, String timestamp, String extract, String groupBy,
                         Missing missing, String unit) {
    }

    @Override
    public String name() {
        return "log";
    }

    @Override
    public Class<Params> parameterType() {
        return Params.class;
    }

    @Override
    public String description() {
        return "lines of a log file or glob matching a pattern, in a window or since the previous run";
    }

    @Override
    public List<MetricSpec> metrics(Params p) {
        List<MetricSpec> out = new ArrayList<>();
        out.add(MetricSpec.higherIsWorse("matches", Unit.COUNT));
        if (p != null && p.extract() != null) {
            out.addAll(MatchStats.extractMetrics(unit(p.unit())));
        }
        return out;
    }

    static Unit unit(String symbol) {
        if (symbol == null) {
            return null;
        }
        Unit u = Unit.bySymbol(symbol.trim());
        if (u == null) {
            throw new IllegalArgumentException("unit: unknown unit '" + symbol + "' (known: " + Unit.knownSymbols() + ")");
        }
        return u;
    }

    @Override
    public Check create(Params p, TypeContext context) {
        if (p == null || p.file() == null || p.file().isBlank()) {
            throw new IllegalArgumentException("file: required, a path or glob");
        }
        if ((p.pattern() == null || p.pattern().isEmpty()) && p.extract() == null) {
            throw new IllegalArgumentException("pattern: required (or extract)");
        }
        String regex = p.pattern() == null || p.pattern().isEmpty() ? p.extract() : p.pattern();
        Pattern pattern = MatchStats.compile("pattern", regex, false);
        Pattern extract = MatchStats.compile("extract", p.extract(), true);
        Pattern groupBy = MatchStats.compile("group_by", p.groupBy(), false);
        LogWindow window = LogWindow.parse(p.window());
        if (p.timestamp() != null && window == null) {
            throw new IllegalArgumentException("timestamp: only used with window");
        }
        LogTimestamp ts = LogTimestamp.parse(p.timestamp());
        Unit unit = unit(p.unit());
        Missing missing = p.missing() == null ? Missing.CRITICAL : p.missing();
        PathGlob glob = PathGlob.of(context.resolve(p.file()));
        LiteralPrefilter pre = LiteralPrefilter.of(regex);
        return dev.runbook.checks.access.FileAccess.guarded(
                new LogCheck(glob, regex, pattern, pre, extract, groupBy, unit, window, ts, missing));
    }

    /** The built check. Immutable. */
    static final class LogCheck implements Check {
        private final PathGlob glob;
        private final String regex;
        private final Pattern pattern;
        private final LiteralPrefilter pre;
        private final Pattern extract;
        private final Pattern groupBy;
        private final Unit unit;
        private final LogWindow window;
        private final LogTimestamp ts;
        private final Missing missing;

        LogCheck(PathGlob glob, String regex, Pattern pattern, LiteralPrefilter pre, Pattern extract, Pattern groupBy,
                 Unit unit, LogWindow window, LogTimestamp ts, Missing missing) {
            this.glob = glob;
            this.regex = regex;
            this.pattern = pattern;
            this.pre = pre;
            this.extract = extract;
            this.groupBy = groupBy;
            this.unit = unit;
            this.window = window;
            this.ts = ts;
            this.missing = missing;
        }

        @Override
        public CheckResult run(CheckContext ctx) throws IOException {
            List<Path> files = glob.files();
            if (files.isEmpty()) {
                Status s = Status.valueOf(missing.name());
                CheckResult.Builder b = CheckResult.builder().status(s).detail("file", glob.text());
                if (s == Status.OK) {
                    b.value(0, Unit.COUNT).metric("matches", 0);
                }
                return b.message((glob.isLiteral() ? "log file not found: " : "no log file matches ") + glob.text()).build();
            }
            MatchStats[] current = {new MatchStats(extract, groupBy, unit)};
            Instant now = ctx.clock().instant();
            Instant deadline = ctx.deadline();
            ZoneId zone = ctx.zone() == null ? ZoneId.systemDefault() : ctx.zone();
            Instant start = window == null ? null : window.start(now, zone);
            Instant end = window == null ? null : window.end(now, zone);
            long[] undated = {0};
            boolean countOnly = pre != null && pre.isWholePattern() && window == null && !current[0].needsText();
            boolean regexNeeded = pre == null || !pre.isWholePattern();
            LogScanner.LineSink sink = (buf, s, e) -> {
                MatchStats stats = current[0];
                if (countOnly) {
                    stats.matches++;
                    return;
                }
                String line = new String(buf, s, e - s, StandardCharsets.UTF_8);
                if (regexNeeded && !pattern.matcher(line).find()) {
                    return;
                }
                if (window != null) {
                    Instant t = ts.find(line, zone, now);
                    if (t == null) {
                        undated[0]++;
                        return;
                    }
                    if (t.isBefore(start) || !t.isBefore(end)) {
                        return;
                    }
                }
                stats.add(line);
            };
            LogScanner scanner = new LogScanner();
            CheckResult.Builder b = CheckResult.builder().detail("files", files.size() == 1 ? files.get(0).toString()
                    : files.stream().map(Path::toString).toList());
            String scope;
            if (window != null) {
                for (Path f : files) {
                    try {
                        scanner.scan(f, 0, pre, true, sink);
                    } catch (NoSuchFileException gone) {
                        // rotated away between listing and reading
                    }
                }
                scope = window.toString().equals("today") || window.toString().equals("yesterday")
                        ? window.toString() : "in the last " + window;
                if (undated[0] > 0) {
                    b.detail("undated_matches", undated[0]);
                }
            } else {
                // the lines from the stored offsets to the end are claimed by replacing the offsets only if no
                // other run replaced them meanwhile; a run that loses counts again from the winner's offsets, so
                // concurrent runs never count a line twice (issue 12)
                // offsets are kept per procedure (contract §4 [1.1]): an ad-hoc run never consumes lines that a
                // procedure has not counted yet, and the other way round
                String key = offsetsKey(ctx.procedure());
                String seen = ctx.state().get(key).orElse(null);
                boolean first = seen == null;
                Instant previousRun = null;
                List<String> reset = new ArrayList<>();
                for (int attempt = 1; ; attempt++) {
                    Map<String, Long> previous = decode(seen);
                    Long at = previous.remove(CLAIMED_AT);
                    previousRun = at == null ? null : Instant.ofEpochMilli(at);
                    Map<String, Long> next = new LinkedHashMap<>();
                    next.put(CLAIMED_AT, now.toEpochMilli());
                    reset.clear();
                    current[0] = new MatchStats(extract, groupBy, unit);
                    for (Path f : files) {
                        BasicFileAttributes a;
                        try {
                            a = Files.readAttributes(f, BasicFileAttributes.class);
                        } catch (NoSuchFileException gone) {
                            continue;
                        }
                        String id = identity(f, a);
                        long from = previous.getOrDefault(id, 0L);
                        if (a.size() < from) {
                            reset.add(f + " (truncated)");
                            from = 0;
                        }
                        try {
                            next.put(id, scanner.scan(f, from, pre, false, sink));
                        } catch (NoSuchFileException gone) {
                            // rotated away between listing and reading
                        }
                    }
                    if (ctx.dryRun() || ctx.state().compareAndSet(key, seen, encode(next))) {
                        break;
                    }
                    if (attempt >= MAX_CLAIMS || !ctx.clock().instant().isBefore(deadline)) {
                        return CheckResult.builder().status(Status.UNKNOWN).detail("files", glob.text())
                                .message("other runs kept claiming the new lines of " + glob.text() + " first ("
                                        + attempt + " attempts); nothing counted by this run").build();
                    }
                    seen = ctx.state().get(key).orElse(null);
                    first = seen == null;
                }
                if (!reset.isEmpty()) {
                    b.detail("reset", reset);
                }
                String runs = ctx.procedure() == null ? "ad-hoc" : ctx.procedure();
                scope = first ? "in the whole file" + (files.size() > 1 ? "s" : "") + " (first " + runs + " run)"
                        : "since the previous " + runs + " run" + (previousRun == null ? ""
                        : " at " + CLAIM_TIME.format(previousRun.atZone(zone)));
            }
            MatchStats stats = current[0];
            b.value(stats.matches, Unit.COUNT).metric("matches", stats.matches);
            stats.report(b);
            String where = files.size() == 1 ? files.get(0).getFileName().toString() : files.size() + " files";
            String msg = stats.matches + (stats.matches == 1 ? " line matches '" : " lines match '") + regex + "' in " + where
                    + " " + scope;
            if (extract != null && b.build().metrics().containsKey("p95")) {
                Map<String, Double> m = b.build().metrics();
                msg += ", p95 " + Quantity.humanize(m.get("p95"), stats.unit()) + ", max "
                        + Quantity.humanize(m.get("max"), stats.unit());
            }
            return b.status(Status.OK).message(msg).build();
        }
    }

    private static final java.time.format.DateTimeFormatter CLAIM_TIME =
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    /** The state key of the offsets of one procedure's runs; null (runs outside any procedure) has its own. */
    static String offsetsKey(String procedure) {
        return procedure == null ? OFFSETS : OFFSETS + "/procedure/" + procedure;
    }

    /** The identity of a file that survives renames: its inode (file key), else its path and creation time. */
    static String identity(Path f, BasicFileAttributes a) {
        Object key = a.fileKey();
        return key != null ? key.toString() : f.toAbsolutePath() + "@" + a.creationTime().toMillis();
    }

    static Map<String, Long> decode(String s) {
        Map<String, Long> out = new LinkedHashMap<>();
        if (s == null || s.isEmpty()) {
            return out;
        }
        for (String line : s.split("\n")) {
            int tab = line.lastIndexOf('\t');
            if (tab > 0) {
                try {
                    out.put(line.substring(0, tab), Long.parseLong(line.substring(tab + 1)));
                } catch (NumberFormatException ignored) {
                    // a damaged entry is read as "not seen"
                }
            }
        }
        return out;
    }

    static String encode(Map<String, Long> m) {
        StringBuilder b = new StringBuilder();
        m.forEach((k, v) -> b.append(k.replace('\n', ' ').replace('\t', ' ')).append('\t').append(v).append('\n'));
        return b.toString();
    }

}
