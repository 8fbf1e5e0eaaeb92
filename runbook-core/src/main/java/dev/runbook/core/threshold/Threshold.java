package dev.runbook.core.threshold;

import dev.runbook.core.Direction;
import dev.runbook.core.MetricSpec;
import dev.runbook.core.quantity.Quantity;
import dev.runbook.core.quantity.Unit;

/**
 * One alert rule over a metric's canonical value, parsed from the forms of runbook-format §2.
 *
 * <ul>
 *   <li>a <b>bare value</b> ({@code 80%}, {@code 30d}, {@code 5}): alerts at or above it for higher-is-worse
 *       metrics, at or below it for lower-is-worse ones;</li>
 *   <li>a <b>comparison</b> ({@code ">= 80%"}, {@code "< 7d"}, {@code "== 0"}, {@code "!= 0"});</li>
 *   <li>a <b>Nagios range</b>, any text with {@code :} or starting with {@code @} ({@code "10:20"}, {@code "10:"},
 *       {@code "~:10"}, {@code "@10:20"}, {@code "7d:"}): alerts outside the range, or inside it with {@code @},
 *       ends inclusive, as the Monitoring Plugins development guidelines define.</li>
 * </ul>
 * Immutable and thread-safe.
 */
public sealed interface Threshold permits Threshold.Bare, Threshold.Comparison, Threshold.Range {

    /** True if a value (in the metric's canonical unit) crosses this rule. */
    boolean alerts(double value);

    /** The rule as the user wrote it. */
    String text();

    /** The rule in words, e.g. "at or above 80%", "outside 10..20". */
    String describe(Unit unit);

    /**
     * Parses a rule for a metric.
     *
     * @throws IllegalArgumentException saying what was expected and what was found: a unit of another family,
     *         a bare value on a metric without direction, an empty or reversed range
     */
    static Threshold parse(String text, MetricSpec metric) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("expected a threshold (80%, \">= 80%\", \"10:20\"), found an empty value");
        }
        String t = text.trim();
        for (Comparison.Op op : Comparison.Op.values()) {
            if (t.startsWith(op.symbol)) {
                String rest = t.substring(op.symbol.length());
                if (rest.startsWith("=")) {
                    continue; // ">=" must not be read as ">" then "=5"
                }
                return new Comparison(op, value(rest, metric, t), t);
            }
        }
        if (t.contains(":") || t.startsWith("@")) {
            return Range.parse(t, metric);
        }
        if (metric.direction() == Direction.NONE) {
            throw new IllegalArgumentException("metric '" + metric.name() + "' has no direction, so a bare value '" + t
                    + "' is ambiguous; write a comparison such as \">= " + t + "\" or a range such as \"" + t + ":\"");
        }
        return new Bare(value(t, metric, t), metric.direction(), t);
    }

    private static double value(String part, MetricSpec metric, String whole) {
        try {
            return Quantity.parse(part).canonicalFor(metric.unit());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("threshold '" + whole + "' for metric '" + metric.name() + "' ("
                    + metric.unit().family().word() + "): " + e.getMessage());
        }
    }

    /** A direction-based value. */
    record Bare(double value, Direction direction, String text) implements Threshold {
        @Override
        public boolean alerts(double v) {
            return direction == Direction.LOWER_IS_WORSE ? v <= value : v >= value;
        }

        @Override
        public String describe(Unit unit) {
            return (direction == Direction.LOWER_IS_WORSE ? "at or below " : "at or above ") + text;
        }
    }

    /** An explicit comparison: alerts when {@code value <op> limit} holds. */
    record Comparison(Op op, double limit, String text) implements Threshold {
        /** The comparison operators, longest symbols first so that parsing is unambiguous. */
        public enum Op {
            GE(">=", "at or above"), LE("<=", "at or below"), EQ("==", "equal to"), NE("!=", "not equal to"),
            GT(">", "above"), LT("<", "below");

            final String symbol;
            final String words;

            Op(String symbol, String words) {
                this.symbol = symbol;
                this.words = words;
            }

            public String symbol() {
                return symbol;
            }
        }

        @Override
        public boolean alerts(double v) {
            switch (op) {
                case GE: return v >= limit;
                case LE: return v <= limit;
                case GT: return v > limit;
                case LT: return v < limit;
                case EQ: return v == limit;
                default: return v != limit;
            }
        }

        @Override
        public String describe(Unit unit) {
            return op.words + " " + text.substring(op.symbol.length()).trim();
        }
    }

    /** A Nagios range {@code [@]start:end}; {@code ~} is minus infinity, an empty end plus infinity. */
    record Range(double start, double end, boolean inside, String text) implements Threshold {
        static Range parse(String t, MetricSpec metric) {
            boolean inside = t.startsWith("@");
            String body = inside ? t.substring(1) : t;
            double start;
            double end;
            int colon = body.indexOf(':');
            if (colon < 0) {
                // "@10" means inside 0..10
                start = 0;
                end = Threshold.value(body, metric, t);
            } else {
                String s = body.substring(0, colon).trim();
                String e = body.substring(colon + 1).trim();
                if (e.contains(":")) {
                    throw new IllegalArgumentException("range '" + t + "' has more than one ':'");
                }
                start = s.equals("~") ? Double.NEGATIVE_INFINITY : s.isEmpty() ? 0 : Threshold.value(s, metric, t);
                end = e.isEmpty() ? Double.POSITIVE_INFINITY : Threshold.value(e, metric, t);
            }
            if (start > end) {
                throw new IllegalArgumentException("range '" + t + "' starts above its end");
            }
            return new Range(start, end, inside, t);
        }

        @Override
        public boolean alerts(double v) {
            boolean in = v >= start && v <= end;
            return inside == in;
        }

        @Override
        public String describe(Unit unit) {
            String range = (start == Double.NEGATIVE_INFINITY ? "-inf" : Quantity.humanize(start, unit)) + ".."
                    + (end == Double.POSITIVE_INFINITY ? "+inf" : Quantity.humanize(end, unit));
            return (inside ? "inside " : "outside ") + range;
        }
    }
}
