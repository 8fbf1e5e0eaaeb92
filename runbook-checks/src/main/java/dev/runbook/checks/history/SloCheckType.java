package dev.runbook.checks.history;

import dev.runbook.core.spi.WrittenParameters;
import dev.runbook.core.Check;
import dev.runbook.core.CheckContext;
import dev.runbook.core.CheckResult;
import dev.runbook.core.MetricSpec;
import dev.runbook.core.Status;
import dev.runbook.core.HistoryReader;
import dev.runbook.core.MetricPoint;
import dev.runbook.core.StoredResult;
import dev.runbook.core.model.SloDefinition;
import dev.runbook.core.quantity.Quantity;
import dev.runbook.core.quantity.Unit;
import dev.runbook.core.quantity.UnitFamily;
import dev.runbook.core.spi.CheckType;
import dev.runbook.core.spi.TypeContext;
import dev.runbook.core.Availability;
import dev.runbook.core.spi.TypeName;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code type: slo} (runbook-format §4, §8): an SLO's state over its rolling window, from the stored history.
 *
 * <p>The parameters carry the whole definition, so the type needs nothing but its parameters: in YAML a user
 * writes {@code slo: availability} and the loader copies {@code from}, {@code objective}, {@code max} and
 * {@code window} of {@code slo.availability} into the parameters ({@link Params#of(SloDefinition)}); written
 * out in full ({@code type: slo, from: health, objective: 99%, window: 30d}) it works without an {@code slo:}
 * section too.
 *
 * <ul>
 * <li>Availability SLO ({@code from: <check>, objective}): availability per §8 (CRITICAL is down until the
 * next result, a result covers at most twice {@code interval}, maintenance excluded). {@code budget_left} =
 * share of the error budget ({@code 100% − objective}) not yet spent; {@code burn_rate} = downtime share over
 * {@code short_window} (default 1h) divided by the budget, {@code burn_rate_long} the same over
 * {@code long_window} (default 6h); 1 spends the budget exactly in one window.</li>
 * <li>Metric SLO ({@code from: <check>.<metric>, max}): a result is good when the metric is at most
 * {@code max}; {@code availability} is the share of good results. With an {@code objective} the budget works
 * as above; without one, {@code budget_left} = {@code 100 × (1 − mean / max)} and {@code burn_rate} = mean /
 * max over the short window — for rates such as {@code error_rate: max 1%}.</li>
 * </ul>
 * Status: OK while budget is left, CRITICAL once it is spent (the runbook's thresholds on {@code budget_left}
 * or {@code burn_rate} add warnings); UNKNOWN without data, and UNKNOWN "not enough history" while less than a
 * quarter of the window is monitored (runbook-format §8 [1.1]). Stateless and thread-safe.
 */
@TypeName("slo")
public final class SloCheckType implements CheckType<SloCheckType.Params> {
    /** The SLO window when none is given. */
    public static final Duration DEFAULT_WINDOW = Duration.ofDays(30);
    /** Burn-rate windows when none are given. */
    public static final Duration DEFAULT_SHORT_WINDOW = Duration.ofHours(1);
    public static final Duration DEFAULT_LONG_WINDOW = Duration.ofHours(6);

    /**
     * Parameters: the SLO's definition, copied in by the loader from the runbook's {@code slo:} section.
     *
     * @param slo         the SLO id (for messages), or null
     * @param from        a check id (availability) or {@code <check>.<metric>}
     * @param objective   availability objective, e.g. {@code 99.0%}; required for a check, optional with max
     * @param max         upper bound on the metric, e.g. {@code 5s}, {@code 1%}
     * @param window      rolling window (default 30d)
     * @param interval    the source check's schedule interval; default: the median gap between its results
     * @param shortWindow burn-rate window (default 1h)
     * @param longWindow  second burn-rate window (default 6h)
     */
    public record Params(String slo, String from, Quantity objective, Quantity max, Duration window, Duration interval,
                         Duration shortWindow, Duration longWindow) {

        /** Parameters for an SLO of the runbook (what the loader passes for {@code slo: <id>}). */
        public static Params of(SloDefinition d) {
            Quantity objective = d.objective() == null ? null : Quantity.of(d.objective(), Unit.PERCENT);
            Quantity max = d.max() == null ? null
                    : d.maxText() != null ? Quantity.parse(d.maxText()) : Quantity.of(d.max(), null);
            return new Params(d.id(), d.from(), objective, max, d.window(), null, null, null);
        }
    }

    @Override
    public String name() {
        return "slo";
    }

    /**
     * {@code slo: <id>} copies {@code from}, {@code objective}, {@code max} and {@code window} of that SLO of the
     * runbook into the parameters, unless the check writes them itself; an unknown id is a load-time error.
     */
    @Override
    public void shorthands(WrittenParameters written) {
        written.inherit("slo", "slo", List.of("from", "objective", "max", "window"));
    }

    @Override
    public Class<Params> parameterType() {
        return Params.class;
    }

    @Override
    public String description() {
        return "a service level objective's availability, error budget left and burn rate";
    }

    @Override
    public List<MetricSpec> metrics(Params p) {
        return List.of(MetricSpec.lowerIsWorse("budget_left", Unit.PERCENT),
                MetricSpec.lowerIsWorse("availability", Unit.PERCENT),
                MetricSpec.higherIsWorse("burn_rate", Unit.COUNT),
                MetricSpec.higherIsWorse("burn_rate_long", Unit.COUNT));
    }

    @Override
    public List<String> references(Params p) {
        return p.from() != null && p.from().contains(".") ? List.of(p.from()) : List.of();
    }

    @Override
    public Check create(Params p, TypeContext context) {
        if (p.from() == null || p.from().isBlank()) {
            throw new IllegalArgumentException("from: expected a check id (availability) or <check>.<metric>, found"
                    + " nothing" + (p.slo() == null ? "" : " (slo " + p.slo() + ")"));
        }
        Duration window = positive("window", p.window(), DEFAULT_WINDOW);
        Duration shortWindow = positive("short_window", p.shortWindow(), DEFAULT_SHORT_WINDOW);
        Duration longWindow = positive("long_window", p.longWindow(), DEFAULT_LONG_WINDOW);
        if (p.interval() != null) {
            positive("interval", p.interval(), null);
        }
        Double objective = null;
        if (p.objective() != null) {
            objective = p.objective().canonicalIn(UnitFamily.PERCENT);
            if (!(objective > 0 && objective < 100)) {
                throw new IllegalArgumentException("objective: expected a percentage between 0% and 100% (exclusive),"
                        + " found '" + p.objective().text() + "'");
            }
        }
        String name = p.slo() != null ? "SLO " + p.slo() : "SLO on " + p.from();
        if (p.from().contains(".")) {
            MetricRef ref = MetricRef.parse("from", p.from());
            if (p.max() == null) {
                throw new IllegalArgumentException("max: a metric SLO (from: " + p.from() + ") needs a bound such as"
                        + " max: 5s");
            }
            double max = p.max().unit() == null ? p.max().number() : p.max().unit().toCanonical(p.max().number());
            Double obj = objective;
            return ctx -> metricSlo(ctx, name, ref, max, p.max().text(), obj, window, shortWindow, longWindow);
        }
        if (objective == null) {
            throw new IllegalArgumentException("objective: an availability SLO (from: " + p.from() + ") needs an"
                    + " objective such as 99.0%");
        }
        double obj = objective;
        return ctx -> availabilitySlo(ctx, name, p.from(), obj, p.objective().text(), window, p.interval(),
                shortWindow, longWindow);
    }

    private static Duration positive(String key, Duration d, Duration dflt) {
        if (d == null) {
            return dflt;
        }
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(key + ": expected a positive duration, found " + d);
        }
        return d;
    }

    private static CheckResult availabilitySlo(CheckContext ctx, String name, String check, double objective,
                                               String objectiveText, Duration window, Duration interval,
                                               Duration shortWindow, Duration longWindow) {
        Instant now = ctx.clock().instant();
        Instant to = now.plusMillis(1);
        HistoryReader h = ctx.history();
        Duration iv = interval != null ? interval : typicalInterval(h.results(check, now.minus(window), to));
        if (iv == null) {
            return CheckResult.unknown(name + ": not enough history: fewer than 2 results of " + check + " in the last "
                    + ForecastCheckType.human(window));
        }
        Availability a = availability(h, check, now.minus(window), to, iv);
        if (a.isEmpty()) {
            return CheckResult.unknown(name + ": no results of " + check + " cover the last " + ForecastCheckType.human(window));
        }
        if (!a.enoughFor(window)) {
            return notEnoughHistory(name, check, a.monitored(), window);
        }
        double budget = 100 - objective;
        double avail = a.percent();
        double left = 100 * (1 - (100 - avail) / budget);
        CheckResult.Builder b = CheckResult.builder().value(left, Unit.PERCENT).metric("budget_left", left)
                .metric("availability", avail);
        Availability s = availability(h, check, now.minus(shortWindow), to, iv);
        Availability l = availability(h, check, now.minus(longWindow), to, iv);
        String burns = "";
        if (!s.isEmpty()) {
            double burn = (100 - s.percent()) / budget;
            b.metric("burn_rate", burn);
            burns += String.format(Locale.ROOT, ", burn rate %.2f over %s", burn, ForecastCheckType.human(shortWindow));
        }
        if (!l.isEmpty()) {
            double burn = (100 - l.percent()) / budget;
            b.metric("burn_rate_long", burn);
            burns += String.format(Locale.ROOT, ", %.2f over %s", burn, ForecastCheckType.human(longWindow));
        }
        b.status(left <= 0 ? Status.CRITICAL : Status.OK);
        b.detail("downtime_seconds", a.down().toSeconds());
        b.detail("outages", a.outages().size());
        return b.message(String.format(Locale.ROOT, "%s: availability %.3f%% over %s (objective %s), downtime %s,"
                        + " %.1f%% of the error budget left%s", name, avail, ForecastCheckType.human(window),
                objectiveText, ForecastCheckType.human(a.down().toMillis() / 1000.0), left, burns)).build();
    }

    /**
     * UNKNOWN "not enough history" (runbook-format §8 [1.1]): with less than a quarter of the window monitored, a
     * budget would extrapolate from minutes (a 90-second outage on day one read −3580 %).
     */
    private static CheckResult notEnoughHistory(String name, String source, Duration monitored, Duration window) {
        return CheckResult.unknown(name + ": not enough history: " + source + " monitored "
                + ForecastCheckType.human(monitored.toMillis() / 1000.0) + " of the " + ForecastCheckType.human(window)
                + " window (needs a quarter, " + ForecastCheckType.human(window.dividedBy(4)) + ")");
    }

    private static Availability availability(HistoryReader h, String check, Instant from, Instant to, Duration iv) {
        List<StoredResult> rs = h.results(check, from.minus(iv.multipliedBy(2)), to);
        return Availability.of(check, rs, from, to, iv);
    }

    private static Duration typicalInterval(List<StoredResult> rs) {
        if (rs.size() < 2) {
            return null;
        }
        long[] gaps = new long[rs.size() - 1];
        for (int i = 1; i < rs.size(); i++) {
            gaps[i - 1] = rs.get(i).at().toEpochMilli() - rs.get(i - 1).at().toEpochMilli();
        }
        Arrays.sort(gaps);
        long median = gaps[gaps.length / 2];
        return median > 0 ? Duration.ofMillis(median) : null;
    }

    private static CheckResult metricSlo(CheckContext ctx, String name, MetricRef ref, double max, String maxText,
                                         Double objective, Duration window, Duration shortWindow, Duration longWindow) {
        Instant now = ctx.clock().instant();
        Instant to = now.plusMillis(1);
        List<MetricPoint> all = ctx.history().series(ref.check(), ref.metric(), now.minus(window), to);
        if (all.isEmpty()) {
            return CheckResult.unknown(name + ": no values of " + ref + " in the last " + ForecastCheckType.human(window));
        }
        Duration monitored = Duration.between(all.get(0).at(), all.get(all.size() - 1).at());
        if (4 * monitored.toMillis() < window.toMillis()) {
            return notEnoughHistory(name, ref.toString(), monitored, window);
        }
        Stats w = Stats.of(all, Instant.MIN, max);
        Stats s = Stats.of(all, now.minus(shortWindow), max);
        Stats l = Stats.of(all, now.minus(longWindow), max);
        double left;
        Double burnShort = null;
        Double burnLong = null;
        if (objective != null) {
            double budget = 100 - objective;
            left = 100 * (1 - (100 - w.goodPercent) / budget);
            burnShort = s.count == 0 ? null : (100 - s.goodPercent) / budget;
            burnLong = l.count == 0 ? null : (100 - l.goodPercent) / budget;
        } else {
            left = max == 0 ? (w.mean <= 0 ? 100 : -100) : 100 * (1 - w.mean / max);
            burnShort = s.count == 0 || max == 0 ? null : s.mean / max;
            burnLong = l.count == 0 || max == 0 ? null : l.mean / max;
        }
        CheckResult.Builder b = CheckResult.builder().value(left, Unit.PERCENT).metric("budget_left", left)
                .metric("availability", w.goodPercent);
        String burns = "";
        if (burnShort != null) {
            b.metric("burn_rate", burnShort);
            burns += String.format(Locale.ROOT, ", burn rate %.2f over %s", burnShort,
                    ForecastCheckType.human(shortWindow));
        }
        if (burnLong != null) {
            b.metric("burn_rate_long", burnLong);
            burns += String.format(Locale.ROOT, ", %.2f over %s", burnLong, ForecastCheckType.human(longWindow));
        }
        b.status(left <= 0 ? Status.CRITICAL : Status.OK);
        String basis = objective != null
                ? String.format(Locale.ROOT, "%.2f%% of %d values within max %s (objective %s)", w.goodPercent,
                        w.count, maxText, Quantity.format(objective) + "%")
                : String.format(Locale.ROOT, "mean %s against max %s over %d values", Quantity.format(w.mean), maxText,
                        w.count);
        return b.message(String.format(Locale.ROOT, "%s: %s over %s, %.1f%% of the budget left%s", name, basis,
                ForecastCheckType.human(window), left, burns)).build();
    }

    /** Count, good share and mean of the points at or after {@code since}. */
    private record Stats(int count, double goodPercent, double mean) {
        static Stats of(List<MetricPoint> points, Instant since, double max) {
            List<Double> vs = new ArrayList<>();
            int good = 0;
            double sum = 0;
            for (MetricPoint p : points) {
                if (!p.at().isBefore(since)) {
                    vs.add(p.value());
                    sum += p.value();
                    if (p.value() <= max) {
                        good++;
                    }
                }
            }
            int n = vs.size();
            return new Stats(n, n == 0 ? Double.NaN : 100.0 * good / n, n == 0 ? Double.NaN : sum / n);
        }
    }
}
