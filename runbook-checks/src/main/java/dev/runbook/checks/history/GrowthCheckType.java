package dev.runbook.checks.history;

import dev.runbook.core.Check;
import dev.runbook.core.CheckResult;
import dev.runbook.core.MetricSpec;
import dev.runbook.core.ReportPlace;
import dev.runbook.core.MetricPoint;
import dev.runbook.core.StoredResult;
import dev.runbook.core.quantity.Unit;
import dev.runbook.core.spi.CheckType;
import dev.runbook.core.spi.TypeContext;
import dev.runbook.core.spi.TypeName;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code type: growth} (runbook-format §4): how much a metric changed over a window, from the oldest stored
 * value in the window to the newest — {@code from: db-size.size_bytes, window: 30d, mode: relative}. Metric
 * {@code change} (higher is worse): percent of the oldest value ({@code relative}) or the difference in the
 * metric's own unit ({@code points}, meant for % metrics: percentage points). Without {@code mode}: points
 * when the source is its check's primary metric in %, relative otherwise (give {@code mode: points} for other
 * % metrics). Fewer than two points, or points spanning less than {@code min_span} (default a quarter of the
 * window): UNKNOWN "not enough history" (contract §4 [1.1]). Stateless and thread-safe.
 */
@TypeName("growth")
public final class GrowthCheckType implements CheckType<GrowthCheckType.Params> {
    /** The window when none is given. */
    public static final Duration DEFAULT_WINDOW = Duration.ofDays(30);

    /**
     * Parameters.
     *
     * @param from   the metric, {@code <check>.<metric>}
     * @param window the span looked back over (default 30d)
     * @param mode   {@code relative} or {@code points}, or null for the default above
     * @param minSpan how much time the two points must span at least (default a quarter of {@code window})
     */
    public record Params(String from, Duration window, String mode, Duration minSpan) {
        /** Without {@code min_span}: a quarter of the window. */
        public Params(String from, Duration window, String mode) {
            this(from, window, mode, null);
        }
    }

    @Override
    public String name() {
        return "growth";
    }

    @Override
    public Class<Params> parameterType() {
        return Params.class;
    }

    @Override
    public String description() {
        return "change of a metric over a window: relative (%) or in points";
    }

    /** Where its checks appear in the reports (runbook-format §8). */
    @Override
    public List<ReportPlace> reportPlaces(Params parameters) {
        return List.of(ReportPlace.of("capacity", "change").showing("change"));
    }

    @Override
    public List<MetricSpec> metrics(Params p) {
        return List.of(MetricSpec.higherIsWorse("change", Unit.PERCENT));
    }

    @Override
    public List<String> references(Params p) {
        return p.from() == null ? List.of() : List.of(p.from());
    }

    @Override
    public Check create(Params p, TypeContext context) {
        MetricRef ref = MetricRef.parse("from", p.from());
        Duration window = p.window() == null ? DEFAULT_WINDOW : p.window();
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window: expected a positive duration such as 30d, found " + window);
        }
        Duration minSpan = ForecastCheckType.minSpan(p.minSpan(), window);
        String mode = p.mode() == null ? null : p.mode().trim().toLowerCase(Locale.ROOT);
        if (mode != null && !mode.equals("relative") && !mode.equals("points")) {
            throw new IllegalArgumentException("mode: expected relative or points, found '" + p.mode() + "'");
        }
        return ctx -> {
            Instant now = ctx.clock().instant();
            List<MetricPoint> points = ctx.history().series(ref.check(), ref.metric(), now.minus(window),
                    now.plusMillis(1));
            String lacking = ForecastCheckType.lacking(ref, points, 2, minSpan, window);
            if (lacking != null) {
                return CheckResult.unknown(lacking);
            }
            MetricPoint first = points.get(0);
            MetricPoint last = points.get(points.size() - 1);
            String span = ForecastCheckType.human(Duration.between(first.at(), last.at()));
            boolean points_ = mode != null ? mode.equals("points") : isPrimaryPercent(ctx.history().latest(ref.check()),
                    ref.metric());
            if (points_) {
                double change = last.value() - first.value();
                return CheckResult.builder().value(change, Unit.PERCENT).metric("change", change)
                        .message(String.format(Locale.ROOT, "%s changed by %+.2f points over %s (%s → %s)", ref, change,
                                span, dev.runbook.core.quantity.Quantity.format(first.value()),
                                dev.runbook.core.quantity.Quantity.format(last.value())))
                        .build();
            }
            if (first.value() == 0) {
                return CheckResult.unknown("the relative growth of " + ref + " is undefined: it was 0 at "
                        + first.at() + " (use mode: points)");
            }
            double change = (last.value() - first.value()) / Math.abs(first.value()) * 100;
            return CheckResult.builder().value(change, Unit.PERCENT).metric("change", change)
                    .message(String.format(Locale.ROOT, "%s grew %+.1f%% over %s (%s → %s)", ref, change, span,
                            dev.runbook.core.quantity.Quantity.format(first.value()),
                            dev.runbook.core.quantity.Quantity.format(last.value())))
                    .build();
        };
    }

    private static boolean isPrimaryPercent(Optional<StoredResult> latest, String metric) {
        if (latest.isEmpty()) {
            return false;
        }
        StoredResult r = latest.get();
        Double v = r.metrics().get(metric);
        return "%".equals(r.unit()) && v != null && v.equals(r.value());
    }
}
