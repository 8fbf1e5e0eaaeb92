package dev.runbook.core.quantity;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A number with an optional unit as a user wrote it: {@code 80%}, {@code 250ms}, {@code 30d}, {@code 1.5GiB},
 * {@code 12.50 USD}, {@code 5}.
 *
 * <p>A unitless number is read in the canonical unit of whatever it is compared with
 * ({@link #canonicalIn(UnitFamily)}). Immutable and thread-safe.
 */
public final class Quantity {
    private static final Pattern FORM = Pattern.compile(
            "\\s*([-+]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][-+]?\\d+)?)\\s*([A-Za-z%/]*)\\s*");

    private final double number;
    private final Unit unit;
    private final String text;

    private Quantity(double number, Unit unit, String text) {
        this.number = number;
        this.unit = unit;
        this.text = text;
    }

    /** A quantity of {@code number} in {@code unit} (null for a plain number). */
    public static Quantity of(double number, Unit unit) {
        return new Quantity(number, unit, unit == null ? format(number) : format(number) + unit.symbol());
    }

    /**
     * Parses a quantity.
     *
     * @throws IllegalArgumentException naming the text and saying what was expected
     */
    public static Quantity parse(String text) {
        Objects.requireNonNull(text, "text");
        Matcher m = FORM.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("expected a number with an optional unit (80%, 250ms, 30d, 1.5GiB), found '"
                    + text + "'");
        }
        double n = Double.parseDouble(m.group(1));
        String sym = m.group(2);
        Unit unit = null;
        if (!sym.isEmpty()) {
            unit = Unit.bySymbol(sym);
            if (unit == null) {
                throw new IllegalArgumentException("unknown unit '" + sym + "' in '" + text.trim() + "' (known: "
                        + Unit.knownSymbols() + ", or a currency code such as USD)");
            }
        }
        return new Quantity(n, unit, text.trim());
    }

    /** Parses a duration such as {@code 30s}, {@code 10m}, {@code 1.5h}, {@code 250ms}; a plain number is seconds. */
    public static Duration parseDuration(String text) {
        Quantity q = parse(text);
        double seconds = q.canonicalIn(UnitFamily.DURATION);
        if (seconds < 0) {
            throw new IllegalArgumentException("expected a duration that is not negative, found '" + text + "'");
        }
        return Duration.ofNanos(Math.round(seconds * 1e9));
    }

    /** The number as written, in {@link #unit()}. */
    public double number() {
        return number;
    }

    /** The unit as written, or null for a plain number. */
    public Unit unit() {
        return unit;
    }

    /** The text this was parsed from. */
    public String text() {
        return text;
    }

    /**
     * The value in the canonical unit of {@code family}.
     *
     * @throws IllegalArgumentException if the unit belongs to another family
     */
    public double canonicalIn(UnitFamily family) {
        if (unit == null) {
            return number;
        }
        if (unit.family() != family) {
            throw new IllegalArgumentException("'" + text + "' is a " + unit.family().word() + ", expected a "
                    + family.word());
        }
        return unit.toCanonical(number);
    }

    /**
     * The value in {@code target}'s canonical unit, checking that the units fit (currency codes must match).
     */
    public double canonicalFor(Unit target) {
        if (unit != null && target.family() == UnitFamily.CURRENCY && unit.family() == UnitFamily.CURRENCY
                && !unit.symbol().equals(target.symbol())) {
            throw new IllegalArgumentException("'" + text + "' is in " + unit.symbol() + ", expected " + target.symbol());
        }
        return canonicalIn(target.family());
    }

    /** Formats a number without a useless fraction: 80, 1.5, 0.001. */
    public static String format(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        String s = String.format(Locale.ROOT, "%.4g", v);
        if (s.contains("e") || s.contains("E")) {
            return s;
        }
        if (s.contains(".")) {
            s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return s;
    }

    /**
     * Renders a canonical value for people: durations as {@code 12d 4h}/{@code 250ms}, sizes in binary units,
     * percentages with one decimal.
     */
    public static String humanize(double canonical, Unit canonicalUnit) {
        if (canonicalUnit == null) {
            return format(canonical);
        }
        switch (canonicalUnit.family()) {
            case PERCENT:
                return String.format(Locale.ROOT, "%.1f%%", canonical);
            case DURATION:
                return humanDuration(canonical);
            case SIZE:
                return humanBytes(canonical, "");
            case THROUGHPUT:
                return humanBytes(canonical, "/s");
            case CURRENCY:
                return String.format(Locale.ROOT, "%.2f %s", canonical, canonicalUnit.symbol());
            default:
                return format(canonical);
        }
    }

    private static String humanDuration(double s) {
        double a = Math.abs(s);
        String sign = s < 0 ? "-" : "";
        if (a < 1e-3) {
            return sign + format(Math.round(a * 1e6 * 10) / 10.0) + "us";
        }
        if (a < 1) {
            return sign + format(Math.round(a * 1e3 * 10) / 10.0) + "ms";
        }
        if (a < 60) {
            return sign + format(Math.round(a * 100) / 100.0) + "s";
        }
        if (a < 3600) {
            return sign + (long) (a / 60) + "m " + (long) (a % 60) + "s";
        }
        if (a < 86400) {
            return sign + (long) (a / 3600) + "h " + (long) (a % 3600 / 60) + "m";
        }
        return sign + (long) (a / 86400) + "d " + (long) (a % 86400 / 3600) + "h";
    }

    private static String humanBytes(double b, String suffix) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
        double v = b;
        int i = 0;
        while (Math.abs(v) >= 1024 && i < units.length - 1) {
            v /= 1024;
            i++;
        }
        return (i == 0 ? format(v) : String.format(Locale.ROOT, "%.1f", v)) + " " + units[i] + suffix;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Quantity && ((Quantity) o).number == number && Objects.equals(((Quantity) o).unit, unit);
    }

    @Override
    public int hashCode() {
        return Objects.hash(number, unit);
    }

    @Override
    public String toString() {
        return text;
    }
}
