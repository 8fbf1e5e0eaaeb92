package dev.runbook.reports.document;

import dev.runbook.core.Direction;
import dev.runbook.core.MetricSpec;
import dev.runbook.core.model.CheckDefinition;
import dev.runbook.core.quantity.Quantity;
import dev.runbook.core.quantity.Unit;
import dev.runbook.core.quantity.UnitFamily;
import dev.runbook.core.threshold.MetricThresholds;
import dev.runbook.core.threshold.Threshold;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A check's criteria in the seed's words: per metric, what is Normal, Warning and Critical, derived from the
 * thresholds, their units and the metric's direction ("Normal < 80 %, Warning 80–90 %, Critical ≥ 90 %"), and
 * for types whose verdict is not a threshold (systemd, http, sqlite, …) the fixed rules of runbook-format §1.
 * Stateless.
 */
final class Criteria {
    static final String NORMAL = "✅ Normal";
    static final String WARNING = "⚠️ Warning";
    static final String CRITICAL = "🔴 Critical";

    private Criteria() {
    }

    /** One line per metric with thresholds, plus the type's own rules; empty when the check judges nothing. */
    static List<String> of(CheckDefinition c) {
        List<String> out = new ArrayList<>(typeRules(c.type()));
        boolean alone = out.isEmpty() && c.thresholds().size() == 1;
        for (Map.Entry<String, MetricThresholds> e : c.thresholds().entrySet()) {
            MetricSpec primary = c.primaryMetric();
            boolean isPrimary = primary != null && primary.name().equals(e.getKey());
            out.add((isPrimary && alone ? "" : e.getKey() + ": ") + words(e.getValue()));
        }
        return out;
    }

    /** "✅ Normal < 80 %, ⚠️ Warning 80–90 %, 🔴 Critical ≥ 90 %" for one metric's rules. */
    static String words(MetricThresholds t) {
        Unit unit = t.metric().unit();
        Threshold w = t.warning();
        Threshold c = t.critical();
        Side ws = side(w);
        Side cs = side(c);
        List<String> parts = new ArrayList<>();
        if (w != null && c != null && ws != null && cs != null && ws.upper == cs.upper
                && (ws.upper ? ws.limit <= cs.limit : ws.limit >= cs.limit)) {
            parts.add(NORMAL + " " + ws.complement(unit));
            double lo = Math.min(ws.limit, cs.limit);
            double hi = Math.max(ws.limit, cs.limit);
            parts.add(WARNING + " " + (lo == hi ? ws.text(unit) : span(lo, hi, unit)));
            parts.add(CRITICAL + " " + cs.text(unit));
        } else if (w != null && c == null && ws != null) {
            parts.add(NORMAL + " " + ws.complement(unit));
            parts.add(WARNING + " " + ws.text(unit));
        } else if (c != null && w == null && cs != null) {
            parts.add(NORMAL + " " + cs.complement(unit));
            parts.add(CRITICAL + " " + cs.text(unit));
        } else {
            String normal = normalOfRanges(w, c, unit);
            parts.add(NORMAL + " " + normal);
            if (w != null) {
                parts.add(WARNING + " " + rule(w, unit));
            }
            if (c != null) {
                parts.add(CRITICAL + " " + rule(c, unit));
            }
        }
        return String.join(", ", parts);
    }

    /** Normal when neither rule alerts: a range's inside, or "otherwise". */
    private static String normalOfRanges(Threshold w, Threshold c, Unit unit) {
        Threshold only = w != null && c == null ? w : w == null ? c : null;
        if (only instanceof Threshold.Range r) {
            return (r.inside() ? "outside " : "") + range(r, unit);
        }
        if (w instanceof Threshold.Range rw && c instanceof Threshold.Range rc && !rw.inside() && !rc.inside()
                && rw.start() >= rc.start() && rw.end() <= rc.end()) {
            return range(rw, unit);
        }
        return "otherwise";
    }

    private static String rule(Threshold t, Unit unit) {
        Side s = side(t);
        if (s != null) {
            return s.text(unit);
        }
        if (t instanceof Threshold.Range r) {
            return (r.inside() ? "" : "outside ") + range(r, unit);
        }
        if (t instanceof Threshold.Comparison cmp) {
            return (cmp.op() == Threshold.Comparison.Op.EQ ? "= " : "≠ ") + value(cmp.limit(), unit);
        }
        return t.describe(unit);
    }

    private static String range(Threshold.Range r, Unit unit) {
        if (r.start() == Double.NEGATIVE_INFINITY) {
            return "≤ " + value(r.end(), unit);
        }
        if (r.end() == Double.POSITIVE_INFINITY) {
            return "≥ " + value(r.start(), unit);
        }
        return span(r.start(), r.end(), unit);
    }

    /** A one-sided rule: alerts above (upper) or below a limit, inclusive or not. */
    private record Side(boolean upper, boolean inclusive, double limit) {
        String text(Unit unit) {
            return (upper ? inclusive ? "≥ " : "> " : inclusive ? "≤ " : "< ") + value(limit, unit);
        }

        String complement(Unit unit) {
            return (upper ? inclusive ? "< " : "≤ " : inclusive ? "> " : "≥ ") + value(limit, unit);
        }
    }

    private static Side side(Threshold t) {
        if (t instanceof Threshold.Bare b) {
            return new Side(b.direction() != Direction.LOWER_IS_WORSE, true, b.value());
        }
        if (t instanceof Threshold.Comparison c) {
            return switch (c.op()) {
                case GE -> new Side(true, true, c.limit());
                case GT -> new Side(true, false, c.limit());
                case LE -> new Side(false, true, c.limit());
                case LT -> new Side(false, false, c.limit());
                default -> null;
            };
        }
        return null;
    }

    /** "80–90 %", "7–30 d": both ends in one unit. */
    static String span(double lo, double hi, Unit unit) {
        String a = value(lo, unit);
        String b = value(hi, unit);
        int sa = a.lastIndexOf(' ');
        int sb = b.lastIndexOf(' ');
        if (sa > 0 && sb > 0 && a.substring(sa).equals(b.substring(sb))) {
            return a.substring(0, sa) + "–" + b;
        }
        return a + "–" + b;
    }

    /** A canonical value for people: "80 %", "30 d", "2 h", "5 s", "100 MB", "1 GiB", "50". */
    static String value(double v, Unit unit) {
        if (unit == null) {
            return Quantity.format(v);
        }
        UnitFamily f = unit.family();
        switch (f) {
            case PERCENT:
                return Quantity.format(v) + " %";
            case DURATION:
                return duration(v);
            case SIZE:
                return size(v);
            case CURRENCY:
                return String.format(Locale.ROOT, "%.2f %s", v, unit.symbol());
            default:
                String sym = unit.symbol();
                return Quantity.format(v) + (sym == null || sym.isEmpty() ? "" : " " + sym);
        }
    }

    /** A duration in seconds, in its largest whole unit. */
    static String duration(double s) {
        double a = Math.abs(s);
        long[] sizes = {86400, 3600, 60, 1};
        String[] names = {"d", "h", "min", "s"};
        for (int i = 0; i < sizes.length; i++) {
            // a day or a day and a half reads better in hours ("24 h", as the seed's P4 response time)
            if (a >= sizes[i] && a % sizes[i] == 0 && !(i == 0 && a < 2 * 86400)) {
                return Quantity.format(s / sizes[i]) + " " + names[i];
            }
        }
        if (a >= 1) {
            return Quantity.format(s) + " s";
        }
        if (a == 0) {
            return "0 s";
        }
        return Quantity.format(s * 1000) + " ms";
    }

    private static String size(double b) {
        double a = Math.abs(b);
        String[] dec = {"TB", "GB", "MB", "KB"};
        String[] bin = {"TiB", "GiB", "MiB", "KiB"};
        for (int i = 0; i < dec.length; i++) {
            double d = Math.pow(1000, 4 - i);
            double p = Math.pow(1024, 4 - i);
            if (a >= p && a % p == 0) {
                return Quantity.format(b / p) + " " + bin[i];
            }
            if (a >= d && a % d == 0) {
                return Quantity.format(b / d) + " " + dec[i];
            }
        }
        return a >= 1024 ? Quantity.humanize(b, Unit.BYTES) : Quantity.format(b) + " B";
    }

    /** The rules runbook-format §1 and §4 fix per type, for verdicts that are not thresholds. */
    static List<String> typeRules(String type) {
        return switch (type == null ? "" : type) {
            case "systemd" -> List.of(NORMAL + ": active (running)", WARNING + ": activating or reloading",
                    CRITICAL + ": failed, inactive or not found");
            case "http" -> List.of(NORMAL + ": the expected answer (status, body) in time",
                    CRITICAL + ": an error response, a timeout or a refused connection");
            case "port" -> List.of(NORMAL + ": the port accepts a connection",
                    CRITICAL + ": connection refused or no answer in time");
            case "tls" -> List.of(CRITICAL + ": no TLS handshake (certificate time left is judged below)");
            case "sqlite" -> List.of(NORMAL + ": the integrity check answers \"ok\"",
                    CRITICAL + ": any other answer, a missing, empty or non-database file",
                    WARNING + ": the database stays locked past the busy timeout");
            case "process" -> List.of(NORMAL + ": the expected number of matching processes runs",
                    CRITICAL + ": fewer or more than expected");
            case "backup" -> List.of(NORMAL + ": the newest backup is recent and has every expected entry",
                    CRITICAL + ": no backup, too old, an entry missing, or its database fails the integrity check");
            case "file" -> List.of(CRITICAL + ": no matching file (unless it must not exist), or a limit below crossed");
            case "command" -> List.of(NORMAL + ": exit 0", WARNING + ": exit 1", CRITICAL + ": exit 2 (or the"
                    + " expected exit code or output not met)");
            case "log" -> List.of(CRITICAL + ": the log file is missing");
            default -> List.of();
        };
    }
}
