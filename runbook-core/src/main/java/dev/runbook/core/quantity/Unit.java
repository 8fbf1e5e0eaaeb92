package dev.runbook.core.quantity;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A unit of measure: its symbol, its family and its factor to the family's canonical unit.
 *
 * <p>Sizes: {@code B KB MB GB TB} are 1000-based, {@code KiB MiB GiB TiB} 1024-based. Durations:
 * {@code us ms s m h d w}. Currencies are three upper-case letters (ISO 4217) with factor 1; two currencies
 * are the same unit only with the same code. Immutable.
 */
public final class Unit {
    private static final Map<String, Unit> KNOWN;

    public static final Unit PERCENT = new Unit("%", UnitFamily.PERCENT, 1);
    public static final Unit SECONDS = new Unit("s", UnitFamily.DURATION, 1);
    public static final Unit BYTES = new Unit("B", UnitFamily.SIZE, 1);
    public static final Unit BYTES_PER_SECOND = new Unit("B/s", UnitFamily.THROUGHPUT, 1);
    public static final Unit COUNT = new Unit("", UnitFamily.COUNT, 1);

    static {
        Map<String, Unit> m = new LinkedHashMap<>();
        for (Unit u : new Unit[] {PERCENT, SECONDS, BYTES, BYTES_PER_SECOND}) {
            m.put(u.symbol, u);
        }
        put(m, "us", UnitFamily.DURATION, 1e-6);
        put(m, "ms", UnitFamily.DURATION, 1e-3);
        put(m, "m", UnitFamily.DURATION, 60);
        put(m, "h", UnitFamily.DURATION, 3600);
        put(m, "d", UnitFamily.DURATION, 86400);
        put(m, "w", UnitFamily.DURATION, 7 * 86400);
        put(m, "KB", UnitFamily.SIZE, 1e3);
        put(m, "MB", UnitFamily.SIZE, 1e6);
        put(m, "GB", UnitFamily.SIZE, 1e9);
        put(m, "TB", UnitFamily.SIZE, 1e12);
        put(m, "KiB", UnitFamily.SIZE, 1024d);
        put(m, "MiB", UnitFamily.SIZE, 1024d * 1024);
        put(m, "GiB", UnitFamily.SIZE, 1024d * 1024 * 1024);
        put(m, "TiB", UnitFamily.SIZE, 1024d * 1024 * 1024 * 1024);
        for (String s : new String[] {"KB", "MB", "GB", "TB", "KiB", "MiB", "GiB", "TiB"}) {
            put(m, s + "/s", UnitFamily.THROUGHPUT, m.get(s).factor);
        }
        m.put("c", new Unit("c", UnitFamily.COUNT, 1));
        KNOWN = Collections.unmodifiableMap(m);
    }

    private static void put(Map<String, Unit> m, String symbol, UnitFamily family, double factor) {
        m.put(symbol, new Unit(symbol, family, factor));
    }

    private final String symbol;
    private final UnitFamily family;
    private final double factor;

    private Unit(String symbol, UnitFamily family, double factor) {
        this.symbol = symbol;
        this.family = family;
        this.factor = factor;
    }

    /** The canonical unit of a family; for {@link UnitFamily#CURRENCY} use {@link #currency(String)}. */
    public static Unit canonical(UnitFamily family) {
        switch (family) {
            case PERCENT: return PERCENT;
            case DURATION: return SECONDS;
            case SIZE: return BYTES;
            case THROUGHPUT: return BYTES_PER_SECOND;
            case COUNT: return COUNT;
            default: throw new IllegalArgumentException("a currency has no single canonical unit; use Unit.currency(code)");
        }
    }

    /** A currency unit for an ISO 4217 code such as {@code USD}. */
    public static Unit currency(String code) {
        if (code == null || !code.matches("[A-Z]{3}")) {
            throw new IllegalArgumentException("expected an ISO 4217 currency code such as USD, found '" + code + "'");
        }
        return new Unit(code, UnitFamily.CURRENCY, 1);
    }

    /** The unit with this symbol (case-sensitive: {@code m} is minutes, {@code MB} megabytes), or null. */
    public static Unit bySymbol(String symbol) {
        Unit u = KNOWN.get(symbol);
        if (u == null && symbol != null && symbol.matches("[A-Z]{3}")) {
            return currency(symbol);
        }
        return u;
    }

    /**
     * The unit a canonical-unit symbol names, as outputs write it: {@code "%"}, {@code "s"}, {@code "B"},
     * {@code ""}, or a currency code.
     */
    public static Unit ofCanonicalSymbol(String symbol) {
        if (symbol == null || symbol.isEmpty()) {
            return COUNT;
        }
        Unit u = bySymbol(symbol);
        if (u == null) {
            throw new IllegalArgumentException("unknown unit '" + symbol + "'");
        }
        return u;
    }

    public String symbol() {
        return symbol;
    }

    public UnitFamily family() {
        return family;
    }

    /** Multiply a value in this unit by this to get the canonical unit. */
    public double factor() {
        return factor;
    }

    /** Converts a value in this unit to the canonical unit of its family. */
    public double toCanonical(double value) {
        return value * factor;
    }

    /** True if values in this unit may be compared with values in {@code other}. */
    public boolean compatibleWith(Unit other) {
        if (family != other.family) {
            return false;
        }
        return family != UnitFamily.CURRENCY || symbol.equals(other.symbol);
    }

    /** All symbols known (currencies aside), for error messages. */
    public static String knownSymbols() {
        return String.join(" ", KNOWN.keySet());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Unit && ((Unit) o).symbol.equals(symbol) && ((Unit) o).family == family;
    }

    @Override
    public int hashCode() {
        return Objects.hash(symbol, family);
    }

    @Override
    public String toString() {
        return symbol;
    }
}
