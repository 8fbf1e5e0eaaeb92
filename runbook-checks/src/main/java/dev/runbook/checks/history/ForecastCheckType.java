package dev.runbook.checks.history;

import dev.runbook.core.Check;
import dev.runbook.core.CheckResult;
import dev.runbook.core.MetricSpec;
import dev.runbook.core.history.MetricPoint;
import dev.runbook.core.quantity.Quantity;
import dev.runbook.core.quantity.Unit;
import dev.runbook.core.spi.CheckType;
import dev.runbook.core.spi.TypeContext;
import dev.runbook.core.spi.TypeName;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * {@code type: forecast} (runbook-format §4): when a rising metric will reach a level, from the least-squares
 * trend of its stored history — {@code from: disk.used, reach: 90%, window: 30d}. Metric {@code time_to_reach}
 * (seconds, lower is worse), absent when the trend is flat or falling (OK, "never reaches"); 0 when the
 * trend is already at or above the level. Fewer than {@link #MIN_POINTS} points in the window: UNKNOWN.
 * Stateless and thread-safe.
 */
@TypeName("forecast")
public final class ForecastCheckType implements CheckType<ForecastCheckType.Params> {
    /** Points needed in the window for a trend. */
    public static final int MIN_POINTS = 3;
    /** The window when none is given. */
    public static final Duration DEFAULT_WINDOW = Duration.ofDays(30);

    /**
     * Parameters.
     *
     * @param from   the metric, {@code <check>.<metric>}
     * @param reach  the level, in the metric's unit ({@code 90%}); a plain number is read in its canonical unit
     * @param window how much history the trend is fitted over (default 30d)
     */
    public record Params(String from, Quantity reach, Duration window) {
    }

    @Override
    public String name() {
        return "forecast";
    }

    @Override
    public Class<Params> parameterType() {
        return Params.class;
    }

    @Override
    public String description() {
        return "time until a rising metric reaches a level, from the least-squares trend of its history";
    }

    @Override
    public List<MetricSpec> metrics(Params p) {
        return List.of(MetricSpec.lowerIsWorse("time_to_reach", Unit.SECONDS));
    }

    @Override
    public List<String> references(Params p) {
        return p.from() == null ? List.of() : List.of(p.from());
    }

    @Override
    public Check create(Params p, TypeContext context) {
        MetricRef ref = MetricRef.parse("from", p.from());
        if (p.reach() == null) {
            throw new IllegalArgumentException("reach: expected the level to forecast, such as 90%, found nothing");
        }
        Duration window = p.window() == null ? DEFAULT_WINDOW : p.window();
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window: expected a positive duration such as 30d, found " + window);
        }
        Unit unit = p.reach().unit();
        double target = unit == null ? p.reach().number() : unit.toCanonical(p.reach().number());
        Unit shown = unit == null ? null : Unit.canonical(unit.family() == dev.runbook.core.quantity.UnitFamily.CURRENCY
                ? dev.runbook.core.quantity.UnitFamily.COUNT : unit.family());
        String reachText = p.reach().text();
        return ctx -> {
            Instant now = ctx.clock().instant();
            List<MetricPoint> points = ctx.history().series(ref.check(), ref.metric(), now.minus(window),
                    now.plusMillis(1));
            Trend trend = points.size() < MIN_POINTS ? null : Trend.fit(points);
            if (trend == null) {
                return CheckResult.unknown("not enough history to forecast " + ref + ": " + points.size()
                        + " point(s) in the last " + human(window) + ", need " + MIN_POINTS);
            }
            double fitted = trend.at(now);
            double perDay = trend.slopePerSecond() * 86400;
            String rate = String.format(Locale.ROOT, "%+.3g%s/d", perDay, shown == null ? "" : shown.symbol());
            String basis = "least squares over " + human(window) + ", " + trend.points() + " points";
            if (fitted >= target) {
                return CheckResult.builder().value(0, Unit.SECONDS).metric("time_to_reach", 0)
                        .message(ref + " is at its trend " + fmt(fitted, shown) + ", already at " + reachText
                                + " (" + rate + ", " + basis + ")")
                        .build();
            }
            if (trend.slopePerSecond() <= 0) {
                return CheckResult.ok(ref + " never reaches " + reachText + ": trend " + rate + ", now "
                        + fmt(fitted, shown) + " (" + basis + ")");
            }
            double seconds = (target - fitted) / trend.slopePerSecond();
            return CheckResult.builder().value(seconds, Unit.SECONDS).metric("time_to_reach", seconds)
                    .message(ref + " reaches " + reachText + " in " + human(seconds) + " (now "
                            + fmt(fitted, shown) + ", " + rate + ", " + basis + ")")
                    .build();
        };
    }

    static String human(Duration d) {
        return human(d.toMillis() / 1000.0);
    }

    static String human(double seconds) {
        return Quantity.humanize(seconds, Unit.SECONDS);
    }

    static String fmt(double v, Unit unit) {
        return unit == null ? Quantity.format(v) : Quantity.humanize(v, unit);
    }
}
