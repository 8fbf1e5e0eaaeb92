package dev.runbook.core.quantity;

/**
 * A kind of measure with one canonical unit: values are stored and compared in it.
 * Percentages 0–100, durations in seconds, sizes in bytes, throughput in bytes per second, counts as numbers,
 * currency as numbers with the ISO 4217 code as unit.
 */
public enum UnitFamily {
    PERCENT("%"),
    DURATION("s"),
    SIZE("B"),
    THROUGHPUT("B/s"),
    COUNT(""),
    CURRENCY("");

    private final String canonicalSymbol;

    UnitFamily(String canonicalSymbol) {
        this.canonicalSymbol = canonicalSymbol;
    }

    /** Symbol of the canonical unit ({@code "%"}, {@code "s"}, {@code "B"}, {@code ""} for counts). */
    public String canonicalSymbol() {
        return canonicalSymbol;
    }

    /** Lower-case word for messages: "percentage", "duration", … */
    public String word() {
        switch (this) {
            case PERCENT: return "percentage";
            case DURATION: return "duration";
            case SIZE: return "size";
            case THROUGHPUT: return "throughput";
            case COUNT: return "count";
            default: return "currency";
        }
    }
}
