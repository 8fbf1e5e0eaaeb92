package dev.runbook.checks.exec;

import dev.runbook.core.MetricSpec;
import dev.runbook.core.Status;
import dev.runbook.core.quantity.Unit;
import dev.runbook.core.threshold.Threshold;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Nagios plugin output: the message before the first {@code |} and the performance data after it (on the
 * first line, and after the first {@code |} of the long text). Pure functions; thread-safe.
 */
final class Perfdata {

    /** One parsed perfdata item in canonical units, with the status its own warn/crit ranges give it. */
    record Item(String label, String metric, double value, Unit unit, Status status, String rule) {
    }

    /** Output split into message and perfdata items; {@code problems} lists items that could not be read. */
    record Parsed(String message, List<Item> items, List<String> problems) {
    }

    private Perfdata() {
    }

    static Parsed parse(String stdout) {
        String text = stdout == null ? "" : stdout.replace("\r\n", "\n");
        int nl = text.indexOf('\n');
        String first = nl < 0 ? text : text.substring(0, nl);
        String rest = nl < 0 ? "" : text.substring(nl + 1);
        StringBuilder perf = new StringBuilder();
        String message = first;
        int bar = first.indexOf('|');
        if (bar >= 0) {
            message = first.substring(0, bar);
            perf.append(first.substring(bar + 1));
        }
        int restBar = rest.indexOf('|');
        if (restBar >= 0) {
            perf.append(' ').append(rest.substring(restBar + 1).replace('\n', ' '));
        }
        List<Item> items = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (String token : tokens(perf.toString())) {
            try {
                Item item = item(token, names);
                if (item != null) {
                    items.add(item);
                }
            } catch (IllegalArgumentException e) {
                problems.add("perfdata '" + token + "': " + e.getMessage());
            }
        }
        return new Parsed(message.strip(), items, problems);
    }

    /** Splits on whitespace, keeping single-quoted labels (with '' as an escaped quote) together. */
    static List<String> tokens(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\'') {
                if (quoted && i + 1 < s.length() && s.charAt(i + 1) == '\'') {
                    cur.append("''");
                    i++;
                    continue;
                }
                quoted = !quoted;
                cur.append(c);
            } else if (Character.isWhitespace(c) && !quoted) {
                if (cur.length() > 0) {
                    out.add(cur.toString());
                    cur.setLength(0);
                }
            } else {
                cur.append(c);
            }
        }
        if (cur.length() > 0) {
            out.add(cur.toString());
        }
        return out;
    }

    private static Item item(String token, Set<String> names) {
        int eq = token.lastIndexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("expected 'label'=value[UOM];warn;crit;min;max");
        }
        String label = token.substring(0, eq);
        if (label.length() >= 2 && label.startsWith("'") && label.endsWith("'")) {
            label = label.substring(1, label.length() - 1).replace("''", "'");
        }
        String[] fields = token.substring(eq + 1).split(";", -1);
        String valueText = fields[0].trim();
        if (valueText.equals("U")) {
            return null; // the plugin could not determine the value
        }
        int i = 0;
        while (i < valueText.length() && "+-0123456789.eE".indexOf(valueText.charAt(i)) >= 0) {
            i++;
        }
        // 'e'/'E' may start no unit we know, so give back a trailing exponent marker without digits
        String number = valueText.substring(0, i);
        String uom = valueText.substring(i);
        double raw;
        try {
            raw = Double.parseDouble(number);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("value '" + valueText + "' is not a number");
        }
        Unit unit = unitOf(uom);
        double factor = factorOf(uom);
        double value = raw * factor;
        // contract §4: metrics are named by their label, as the plugin wrote it ('/'=9000MB is the metric "/")
        String metric = unique(label.strip().isEmpty() ? "value" : label.strip(), names);
        MetricSpec spec = MetricSpec.higherIsWorse(metric, unit);
        Status status = Status.OK;
        String rule = null;
        String crit = fields.length > 2 ? fields[2].trim() : "";
        String warn = fields.length > 1 ? fields[1].trim() : "";
        if (!crit.isEmpty() && range(crit, factor, spec).alerts(value)) {
            status = Status.CRITICAL;
            rule = crit;
        } else if (!warn.isEmpty() && range(warn, factor, spec).alerts(value)) {
            status = Status.WARNING;
            rule = warn;
        }
        return new Item(label, metric, value, unit, status, rule);
    }

    /** The canonical unit of a perfdata UOM. */
    static Unit unitOf(String uom) {
        switch (uom) {
            case "": case "c": return Unit.COUNT;
            case "%": return Unit.PERCENT;
            case "us": case "ms": case "s": return Unit.SECONDS;
            case "B": case "KB": case "MB": case "GB": case "TB": return Unit.BYTES;
            default: throw new IllegalArgumentException("unknown unit of measure '" + uom
                    + "' (expected us ms s % B KB MB GB TB c)");
        }
    }

    private static double factorOf(String uom) {
        switch (uom) {
            case "us": return 1e-6;
            case "ms": return 1e-3;
            case "KB": return 1e3;
            case "MB": return 1e6;
            case "GB": return 1e9;
            case "TB": return 1e12;
            default: return 1;
        }
    }

    /**
     * A Nagios range in the item's UOM as a core threshold: numbers scaled to canonical units; a bare
     * {@code N} means {@code 0:N} (alert outside 0..N), as the plugin guidelines define.
     */
    static Threshold range(String text, double factor, MetricSpec spec) {
        boolean inside = text.startsWith("@");
        String body = inside ? text.substring(1) : text;
        String canonical;
        int colon = body.indexOf(':');
        if (colon < 0) {
            canonical = (inside ? "@" : "") + "0:" + scale(body, factor);
        } else {
            String start = body.substring(0, colon);
            String end = body.substring(colon + 1);
            canonical = (inside ? "@" : "") + (start.equals("~") ? "~" : scale(start, factor)) + ":" + scale(end, factor);
        }
        return Threshold.parse(canonical, spec);
    }

    private static String scale(String number, double factor) {
        String n = number.trim();
        if (n.isEmpty()) {
            return "";
        }
        try {
            return Double.toString(Double.parseDouble(n) * factor);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("range bound '" + n + "' is not a number");
        }
    }

    private static String unique(String name, Set<String> names) {
        String n = name;
        for (int i = 2; !names.add(n); i++) {
            n = name + "_" + i;
        }
        return n;
    }
}
