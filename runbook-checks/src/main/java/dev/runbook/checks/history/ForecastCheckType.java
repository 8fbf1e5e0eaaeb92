package dev.runbook.checks.history;

import dev.runbook.core.Check;
import dev.runbook.core.CheckResult;
import dev.runbook.core.MetricSpec;
import dev.runbook.core.ReportPlace;
import dev.runbook.core.MetricPoint;
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
 * {@code type: forecast} (runbook-format §4): when a metric will reach a level, from the least-squares trend of
 * its stored history — {@code from: disk.used, reach: 90%, window: 30d}, or a falling metric such as
 * {@code from: disk.free_percent, reach: 10%}. A metric above the level at the window's start whose trend falls is
 * watched falling; any other is watched rising. Metric {@code time_to_reach} (seconds, lower is worse), absent when
 * the trend goes the other way (OK, "never reaches"); 0 when the trend is already past the level. Fewer than
 * {@link #MIN_POINTS} points, or points spanning less than {@code min_span} (default a quarter of the window):
 * UNKNOWN "not enough history" (contract §4 [1.1]) — never an extrapolation from minutes. Stateless and
 * thread-safe.
 */
@TypeName("forecast")
public final class ForecastCheckType implements CheckType<ForecastCheckType.Params> {
    /** Points needed in the window for a trend. */
    public static final int MIN_POINTS = 5;
    /** The window when none is given. */
    public static final Duration DEFAULT_WINDOW = Duration.ofDays(30);

    /**
     * Parameters.
     *
     * @param from   the metric, {@code <check>.<metric>}
     * @param reach  the level, in the metric's unit ({@code 90%}); a plain number is read in its canonical unit
     * @param window how much history the trend is fitted over (default 30d)
     * @param minSpan how much time the points must span at least (default a quarter of {@code window})
     */
    public record Params(String from, Quantity reach, Duration window, Duration minSpan) {
        /** Without {@code min_span}: a quarter of the window. */
        public Params(String from, Quantity reach, Duration window) {
            this(from, reach, window, null);
        }
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

    /** Where its checks appear in the reports (runbook-format §8). */
    @Override
    public List<ReportPlace> reportPlaces(Params parameters) {
        return List.of(ReportPlace.of("capacity", "time-left").showing("time_to_reach"));
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
        Duration minSpan = minSpan(p.minSpan(), window);
        Unit unit = p.reach().unit();
        double target = unit == null ? p.reach().number() : unit.toCanonical(p.reach().number());
        Unit shown = unit == null ? null : Unit.canonical(unit.family() == dev.runbook.core.quantity.UnitFamily.CURRENCY
                ? dev.runbook.core.quantity.UnitFamily.COUNT : unit.family());
        String reachText = p.reach().text();
        return ctx -> {
            Instant now = ctx.clock().instant();
            List<MetricPoint> points = ctx.history().series(ref.check(), ref.metric(), now.minus(window),
                    now.plusMillis(1));
            String lacking = lacking(ref, points, MIN_POINTS, minSpan, window);
            Trend trend = lacking != null ? null : Trend.fit(points);
            if (trend == null) {
                return CheckResult.unknown(lacking != null ? lacking : "not enough history: the " + points.size()
                        + " points of " + ref + " share one instant");
            }
            // above the level at the window's start and falling: watched falling (disk.free → 10%); else rising
            boolean falling = points.get(0).value() > target && trend.slopePerSecond() < 0;
            double toward = falling ? -trend.slopePerSecond() : trend.slopePerSecond();
            double fitted = trend.at(now);
            double perDay = trend.slopePerSecond() * 86400;
            String rate = String.format(Locale.ROOT, "%+.3g%s/d", perDay, shown == null ? "" : shown.symbol());
            String basis = "least squares over " + human(window) + ", " + trend.points() + " points";
            if (falling ? fitted <= target : fitted >= target) {
                return CheckResult.builder().value(0, Unit.SECONDS).metric("time_to_reach", 0)
                        .message(ref + " is at its trend " + fmt(fitted, shown) + ", already at " + reachText
                                + " (" + rate + ", " + basis + ")")
                        .build();
            }
            if (toward <= 0) {
                return CheckResult.ok(ref + " never reaches " + reachText + ": trend " + rate + ", now "
                        + fmt(fitted, shown) + " (" + basis + ")");
            }
            double seconds = Math.abs(target - fitted) / toward;
            return CheckResult.builder().value(seconds, Unit.SECONDS).metric("time_to_reach", seconds)
                    .message(ref + " reaches " + reachText + " in " + human(seconds) + " (now "
                            + fmt(fitted, shown) + ", " + rate + ", " + basis + ")")
                    .build();
        };
    }

    /** {@code min_span}, or a quarter of the window; refused when not positive or longer than the window. */
    static Duration minSpan(Duration given, Duration window) {
        if (given == null) {
            return window.dividedBy(4);
        }
        if (given.isNegative() || given.isZero() || given.compareTo(window) > 0) {
            throw new IllegalArgumentException("min_span: expected a positive duration no longer than window ("
                    + human(window) + "), found " + human(given));
        }
        return given;
    }

    /**
     * Why the points are not enough (contract §4 [1.1]: "not enough history: 40m of the 7d 12h needed"), or null
     * when they are: at least {@code minPoints} points spanning at least {@code minSpan}.
     */
    static String lacking(MetricRef ref, List<MetricPoint> points, int minPoints, Duration minSpan, Duration window) {
        Duration span = points.size() < 2 ? Duration.ZERO
                : Duration.between(points.get(0).at(), points.get(points.size() - 1).at());
        if (points.size() >= minPoints && span.compareTo(minSpan) >= 0) {
            return null;
        }
        return "not enough history: " + brief(span) + " of the " + brief(minSpan) + " needed (" + ref + ": "
                + points.size() + " point(s) in the last " + brief(window) + ", " + minPoints + " needed)";
    }

    /** A span in at most two adjacent units, zero parts left out: {@code 7d 12h}, {@code 40m}, {@code 30d}. */
    static String brief(Duration d) {
        long[] parts = {d.toDays(), d.toHoursPart(), d.toMinutesPart(), d.toSecondsPart()};
        String[] units = {"d", "h", "m", "s"};
        for (int i = 0; i < parts.length; i++) {
            if (parts[i] != 0) {
                return parts[i] + units[i] + (i + 1 < parts.length && parts[i + 1] != 0 ? " " + parts[i + 1] + units[i + 1] : "");
            }
        }
        return "0s";
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
