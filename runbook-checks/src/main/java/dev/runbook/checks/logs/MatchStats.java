package dev.runbook.checks.logs;

import dev.runbook.core.CheckResult;
import dev.runbook.core.MetricSpec;
import dev.runbook.core.quantity.Unit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the {@code log} and {@code journal} checks gather from matching lines: the count, the numbers an
 * {@code extract} regex captures (→ avg, p95, p99, max) and the counts per {@code group_by} value (top 10).
 * Distinct groups are capped so memory stays bounded. Not thread-safe: one per run.
 */
final class MatchStats {
    static final int MAX_GROUPS = 10_000;

    private final Pattern extract;
    private final Pattern groupBy;
    private final Unit unit;
    private final double factor;
    long matches;
    long unparsable;
    private final Samples samples = new Samples();
    private final Map<String, long[]> groups = new HashMap<>();
    private long otherGroups;

    MatchStats(Pattern extract, Pattern groupBy, Unit unit) {
        this.extract = extract;
        this.groupBy = groupBy;
        this.unit = unit == null ? Unit.COUNT : Unit.canonical(unit.family());
        this.factor = unit == null ? 1 : unit.toCanonical(1);
    }

    /** True if extract or group_by need the line's text. */
    boolean needsText() {
        return extract != null || groupBy != null;
    }

    /** Counts a matching line. */
    void add(CharSequence line) {
        matches++;
        if (extract != null) {
            Matcher m = extract.matcher(line);
            if (m.find()) {
                String g = m.groupCount() >= 1 ? m.group(1) : m.group();
                try {
                    samples.add(Double.parseDouble(g.trim()) * factor);
                } catch (NumberFormatException | NullPointerException e) {
                    unparsable++;
                }
            } else {
                unparsable++;
            }
        }
        if (groupBy != null) {
            Matcher m = groupBy.matcher(line);
            if (m.find()) {
                String key = m.groupCount() >= 1 && m.group(1) != null ? m.group(1) : m.group();
                long[] c = groups.get(key);
                if (c != null) {
                    c[0]++;
                } else if (groups.size() < MAX_GROUPS) {
                    groups.put(key, new long[] {1});
                } else {
                    otherGroups++;
                }
            }
        }
    }

    /** The extract metrics declared for a check. */
    static List<MetricSpec> extractMetrics(Unit unit) {
        Unit u = unit == null ? Unit.COUNT : Unit.canonical(unit.family());
        return List.of(MetricSpec.higherIsWorse("avg", u), MetricSpec.higherIsWorse("p95", u),
                MetricSpec.higherIsWorse("p99", u), MetricSpec.higherIsWorse("max", u));
    }

    /** Adds the extract metrics and group details to a result. */
    void report(CheckResult.Builder b) {
        if (extract != null) {
            if (samples.size() > 0) {
                double[] p = samples.p95p99();
                b.metric("avg", samples.avg()).metric("p95", p[0]).metric("p99", p[1]).metric("max", samples.max());
                b.detail("extracted", samples.size());
            } else {
                b.detail("extracted", 0);
            }
            if (unparsable > 0) {
                b.detail("extract_misses", unparsable);
            }
        }
        if (groupBy != null) {
            List<Map.Entry<String, long[]>> list = new ArrayList<>(groups.entrySet());
            list.sort((x, y) -> {
                int c = Long.compare(y.getValue()[0], x.getValue()[0]);
                return c != 0 ? c : x.getKey().compareTo(y.getKey());
            });
            Map<String, Long> top = new LinkedHashMap<>();
            for (Map.Entry<String, long[]> e : list.subList(0, Math.min(10, list.size()))) {
                top.put(e.getKey(), e.getValue()[0]);
            }
            b.detail("groups", top);
            if (otherGroups > 0) {
                b.detail("groups_not_tracked", otherGroups);
            }
        }
    }

    Unit unit() {
        return unit;
    }

    /** Compiles a user regex, naming the parameter on error. */
    static Pattern compile(String param, String regex, boolean needsGroup) {
        if (regex == null) {
            return null;
        }
        try {
            Pattern p = Pattern.compile(regex);
            if (needsGroup && p.matcher("").groupCount() < 1) {
                throw new IllegalArgumentException(param + ": expected a regex with one capturing group, found '" + regex + "'");
            }
            return p;
        } catch (java.util.regex.PatternSyntaxException e) {
            throw new IllegalArgumentException(param + ": invalid regex '" + regex + "': " + e.getDescription());
        }
    }
}
