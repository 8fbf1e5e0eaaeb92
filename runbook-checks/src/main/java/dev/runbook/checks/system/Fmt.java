package dev.runbook.checks.system;

/**
 * Number formatting for probe messages without {@link String#format}, whose cost (a few microseconds) would be a
 * large share of a probe's budget. Pure functions; thread-safe.
 */
final class Fmt {
    private static final String[] BINARY = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};

    private Fmt() {
    }

    /** {@code v} rounded half up to {@code decimals} (0–3) places: 71.44 → "71.4". */
    static String fixed(double v, int decimals) {
        long scale = decimals == 0 ? 1 : decimals == 1 ? 10 : decimals == 2 ? 100 : 1000;
        long r = Math.round(Math.abs(v) * scale);
        StringBuilder b = new StringBuilder(16);
        if (v < 0 && r != 0) {
            b.append('-');
        }
        b.append(r / scale);
        if (decimals > 0) {
            b.append('.');
            String frac = Long.toString(r % scale);
            for (int i = frac.length(); i < decimals; i++) {
                b.append('0');
            }
            b.append(frac);
        }
        return b.toString();
    }

    /** A percentage with one decimal: "71.4%". */
    static String percent(double v) {
        return fixed(v, 1) + "%";
    }

    /** Bytes in binary units with one decimal, as core's humanize writes them: "13.2 GiB", "512 B". */
    static String bytes(double b) {
        double v = b;
        int i = 0;
        while (Math.abs(v) >= 1024 && i < BINARY.length - 1) {
            v /= 1024;
            i++;
        }
        return (i == 0 ? fixed(v, 0) : fixed(v, 1)) + " " + BINARY[i];
    }
}
