package dev.runbook.reports;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runbook.core.MetricSpec;
import dev.runbook.core.Status;
import dev.runbook.core.model.CheckDefinition;
import dev.runbook.core.quantity.Quantity;
import dev.runbook.core.quantity.Unit;
import dev.runbook.core.quantity.UnitFamily;
import java.time.Duration;
import java.util.List;

/**
 * How the report sections write figures: values in their units, percentages, minutes, status words, and the
 * {@code check.metric} references of a report definition. Pure functions; thread-safe.
 */
final class ReportFigures {
    private ReportFigures() {
    }

    static String primary(CheckDefinition cd) {
        MetricSpec p = cd.primaryMetric();
        return p == null ? null : p.name();
    }

    static Unit unit(CheckDefinition cd, String metric) {
        for (MetricSpec m : cd.metrics()) {
            if (m.name().equals(metric)) {
                return m.unit();
            }
        }
        return null;
    }

    /** {@code check.metric} → [check, metric]; {@code check} → [check, null]. */
    static String[] ref(String from) {
        int dot = from.indexOf('.');
        return dot < 0 ? new String[] {from, null} : new String[] {from.substring(0, dot), from.substring(dot + 1)};
    }

    static String statusWord(Status s) {
        return switch (s) {
            case OK -> "Normal";
            case WARNING -> "Warning";
            case CRITICAL -> "Critical";
            default -> "Unknown";
        };
    }

    static String fmt(Double v, Unit u) {
        if (v == null || v.isNaN()) {
            return "no data";
        }
        if (u != null && u.family() == UnitFamily.PERCENT) {
            return percent(v);
        }
        if (u == null || u.family() == UnitFamily.COUNT) {
            return Quantity.format(Math.round(v * 100) / 100.0);
        }
        return Quantity.humanize(v, u);
    }

    /** {@code 99.8%}: at most two decimals. */
    static String percent(double v) {
        return Quantity.format(Math.round(v * 100) / 100.0) + "%";
    }

    static String minutes(Duration d) {
        long m = Math.round(d.toMillis() / 60000.0);
        return m + (m == 1 ? " minute" : " minutes");
    }

    /** A span as the reports write monitored time: {@code 6 d 20 h}, {@code 3 h 5 min}, {@code 12 min}. */
    static String span(Duration d) {
        long min = Math.round(d.toMillis() / 60000.0);
        long days = min / 1440;
        long hours = min % 1440 / 60;
        long mins = min % 60;
        if (days > 0) {
            return days + " d" + (hours > 0 ? " " + hours + " h" : "");
        }
        if (hours > 0) {
            return hours + " h" + (mins > 0 ? " " + mins + " min" : "");
        }
        return mins + " min";
    }

    static String symbol(Unit u) {
        return u == null || u.symbol().isEmpty() ? null : u.symbol();
    }

    static String cap(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    static List<String> orNone(List<String> lines) {
        return lines.isEmpty() ? List.of("None") : lines;
    }

    static void number(ObjectNode n, String k, Double v) {
        if (v == null || v.isNaN()) {
            n.putNull(k);
        } else {
            n.put(k, v);
        }
    }
}
