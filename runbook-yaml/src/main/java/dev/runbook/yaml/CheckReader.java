package dev.runbook.yaml;

import dev.runbook.core.Check;
import dev.runbook.core.MetricSpec;
import dev.runbook.core.Status;
import dev.runbook.core.model.CheckDefinition;
import dev.runbook.core.model.Hysteresis;
import dev.runbook.core.model.Remediation;
import dev.runbook.core.model.Waiver;
import dev.runbook.core.quantity.Unit;
import dev.runbook.core.quantity.UnitFamily;
import dev.runbook.core.spi.CheckType;
import dev.runbook.core.spi.TypeContext;
import dev.runbook.yaml.YNode.Entry;
import dev.runbook.yaml.YNode.YMap;
import dev.runbook.yaml.YNode.YScalar;
import dev.runbook.yaml.YNode.YSeq;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code checks:}: binds each check's parameters to its type (after the type's shorthand hook), then applies
 * the common keys (thresholds, hysteresis, remediations, incidents, dependencies, windows, waivers, tags), and
 * checks {@code <check>.<metric>} references for the other sections. One per load; not thread-safe.
 */
final class CheckReader extends NodeReader {
    private final Map<String, Prepared> prepared = new LinkedHashMap<>();
    private final EscalationReader esc;
    private final ActionReader remedies;

    /** A check whose type and parameters are bound, before its common keys are applied. */
    private record Prepared(String id, YMap node, CheckType<?> type, Object params, Check check, List<MetricSpec> metrics,
                            Set<String> missingSecrets, Path baseDir,
                            List<WrittenMap.Threshold> shorthands) {
    }

    private static final Pattern QTY = Pattern.compile("[-+]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][-+]?\\d+)?\\s*([A-Za-z%/]*)");

    CheckReader(Loading loading, EscalationReader esc, ActionReader remedies) {
        super(loading);
        this.esc = esc;
        this.remedies = remedies;
    }

    void prepareChecks() {
        for (Entry e : section("checks").values()) {
            String id = e.key().text();
            if (!validId(e.key(), "check")) {
                continue;
            }
            YMap m = map(e.value(), "check '" + id + "'");
            if (m == null) {
                continue;
            }
            CheckType<?> type = typeOf(m, l.registry.checkTypes(), "check", id);
            if (type == null) {
                continue;
            }
            WrittenMap written = new WrittenMap(this, "check", id, m);
            if (!shorthands(type::shorthands, written, type.name())) {
                continue;
            }
            m = written.written();
            l.binder.resetSecrets();
            TypeContext ctx = context(m, id);
            Object params = l.binder.bindRecord(m, type.parameterType(), Assembler.CHECK_COMMON, "check type " + type.name(), ctx);
            Set<String> missing = l.binder.missingSecrets();
            if (params == ParamBinder.FAIL) {
                continue;
            }
            try {
                Check check = createCheck(type, params, ctx);
                List<MetricSpec> metrics = new ArrayList<>(metricsOf(type, params));
                prepared.put(id, new Prepared(id, m, type, params, check, metrics, missing, m.file().getParent(),
                        written.thresholds()));
            } catch (IllegalArgumentException ex) {
                problems.error(m, "check '" + id + "': " + ex.getMessage());
            } catch (RuntimeException ex) {
                problems.error(m, "check '" + id + "': type " + type.name() + " failed: " + ex);
            }
        }
    }

    /** The thresholds that shorthand keys stand for, unless the check writes thresholds for their metric itself. */
    private void applyShorthands(CheckDefinition.Builder b, Prepared p, Set<String> done) {
        for (WrittenMap.Threshold t : p.shorthands()) {
            if (done.contains(t.metric()) || p.metrics().stream().noneMatch(ms -> ms.name().equals(t.metric()))) {
                continue;
            }
            try {
                b.thresholds(t.metric(), t.warning(), t.critical());
                done.add(t.metric());
            } catch (IllegalArgumentException ex) {
                problems.error(t.at(), "check '" + p.id() + "': " + t.key() + ": " + ex.getMessage());
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static <P> Check createCheck(CheckType<P> type, Object params, TypeContext ctx) {
        return type.create((P) params, ctx);
    }

    @SuppressWarnings("unchecked")
    private static <P> List<MetricSpec> metricsOf(CheckType<P> type, Object params) {
        return type.metrics((P) params);
    }

    @SuppressWarnings("unchecked")
    private static <P> List<String> readsOf(CheckType<P> type, Object params) {
        return type.reads((P) params);
    }

    @SuppressWarnings("unchecked")
    private static <P> List<dev.runbook.core.ReportPlace> placesOf(CheckType<P> type, Object params) {
        return type.reportPlaces((P) params);
    }

    @SuppressWarnings("unchecked")
    private static <P> List<String> referencesOf(CheckType<P> type, Object params) {
        return type.references((P) params);
    }

    /** {@code window: today} or {@code since: today}: the check counts since the start of the day (§8 [1.1]). */
    private static boolean today(YNode n) {
        return n instanceof YNode.YScalar sc && "today".equals(sc.text());
    }

    /** {@code window: today/week/month} → day/week/month, the calendar period a check's totals run over; else null. */
    private static String calendarWindow(YNode n) {
        if (!(n instanceof YNode.YScalar sc)) {
            return null;
        }
        return switch (sc.text()) {
            case "today" -> "day";
            case "week", "month" -> sc.text();
            default -> null;
        };
    }

    Map<String, CheckDefinition> buildChecks() {
        Map<String, CheckDefinition> out = new LinkedHashMap<>();
        for (Prepared p : prepared.values()) {
            CheckDefinition c = buildCheck(p);
            if (c != null) {
                out.put(p.id(), c);
            }
        }
        return out;
    }

    private CheckDefinition buildCheck(Prepared p) {
        YMap m = p.node();
        String id = p.id();
        int before = problems.errorCount();
        CheckDefinition.Builder b;
        try {
            b = CheckDefinition.builder(id, p.check()).type(p.type().name());
        } catch (IllegalArgumentException ex) {
            problems.error(m, ex.getMessage());
            return null;
        }
        // metrics: declared, plus threshold-named ones for dynamic types
        List<MetricSpec> metrics = new ArrayList<>(p.metrics());
        YMap thresholds = null;
        if (m.get("thresholds") != null) {
            thresholds = map(m.get("thresholds"), "thresholds ({<metric>: {warning, critical}})");
        }
        if (thresholds != null && p.type().dynamicMetrics()) {
            for (Entry e : thresholds.entries().values()) {
                String name = e.key().text();
                if (metrics.stream().noneMatch(ms -> ms.name().equals(name))) {
                    try {
                        metrics.add(MetricSpec.higherIsWorse(name, unitOfThreshold(e.value())));
                    } catch (IllegalArgumentException ex) {
                        problems.error(e.key(), "check '" + id + "': " + ex.getMessage());
                    }
                }
            }
        }
        try {
            b.metrics(metrics);
        } catch (IllegalArgumentException ex) {
            problems.error(m, ex.getMessage());
        }
        try {
            if (m.get("title") != null) {
                b.title(text(m.get("title"), "title"));
            }
            if (m.get("timeout") != null) {
                Duration t = duration(m.get("timeout"), "timeout");
                if (t != null) {
                    if (t.isZero() || t.isNegative()) {
                        problems.error(m.get("timeout"), "check '" + id + "': timeout must be positive");
                    } else {
                        b.timeout(t);
                    }
                }
            }
        } catch (IllegalArgumentException ex) {
            problems.error(m, ex.getMessage());
        }
        // thresholds on the primary metric
        YNode w = m.get("warning");
        YNode c = m.get("critical");
        Set<String> thresholded = new HashSet<>();
        if (w != null || c != null) {
            if (metrics.isEmpty()) {
                problems.error(w != null ? w : c, "check '" + id + "': type " + p.type().name()
                        + " has no metrics, so warning/critical cannot apply");
            } else {
                applyThresholds(b, id, metrics.get(0).name(), w, c);
                thresholded.add(metrics.get(0).name());
            }
        }
        if (thresholds != null) {
            for (Entry e : thresholds.entries().values()) {
                String metric = e.key().text();
                if (metrics.stream().noneMatch(ms -> ms.name().equals(metric))) {
                    problems.error(e.key(), "check '" + id + "': type " + p.type().name() + " has no metric '"
                            + Problems.clip(metric) + "'" + Problems.suggestOrList(metric,
                            metrics.stream().map(MetricSpec::name).toList()));
                    continue;
                }
                YMap tm = map(e.value(), "thresholds of " + metric + " ({warning, critical})");
                if (tm == null) {
                    continue;
                }
                keys(tm, Set.of("warning", "critical"), "thresholds of " + metric);
                if (thresholded.contains(metric)) {
                    problems.error(e.key(), "check '" + id + "': metric '" + metric
                            + "' has thresholds twice (warning/critical address the primary metric)");
                    continue;
                }
                applyThresholds(b, id, metric, tm.get("warning"), tm.get("critical"));
                thresholded.add(metric);
            }
        }
        applyShorthands(b, p, thresholded);
        hysteresis(b, m, id);
        for (String key : List.of("on_warning", "on_critical", "on_unknown")) {
            YNode v = m.get(key);
            if (v == null) {
                continue;
            }
            Remediation r = remedies.onStatus(v, id + "-" + key.replace('_', '-'));
            if (r != null) {
                Status st = Status.valueOf(key.substring(3).toUpperCase());
                b.on(st, r);
            }
        }
        if (m.get("incident") != null) {
            String level = text(m.get("incident"), "incident");
            if (level != null && esc.knownLevel(m.get("incident"), level, "check '" + id + "' incident")) {
                b.incident(level);
            }
        }
        if (m.get("category") != null) {
            b.category(text(m.get("category"), "category"));
        }
        if (m.get("scope") != null) {
            String scope = text(m.get("scope"), "check '" + id + "' scope");
            if ("fleet".equals(scope) || "host".equals(scope)) {
                b.fleetScoped("fleet".equals(scope));
            } else if (scope != null) {
                problems.error(m.get("scope"), "check '" + id + "': scope must be 'host' (each host, the default) or"
                        + " 'fleet' (evaluated once for the whole fleet), found '" + scope + "'");
            }
        }
        if (m.get("depends_on") != null) {
            YNode dn = m.get("depends_on");
            List<YNode> items = dn instanceof YSeq s ? s.items() : List.of(dn);
            for (YNode i : items) {
                String d = checkRef(i, "check '" + id + "' depends_on");
                if (d != null) {
                    if (d.equals(id)) {
                        problems.error(i, "check '" + id + "' cannot depend on itself");
                    } else {
                        b.dependsOn(d);
                    }
                }
            }
        }
        List<String> reads;
        List<String> references;
        try {
            reads = readsOf(p.type(), p.params());
            references = referencesOf(p.type(), p.params());
            b.reportPlaces(placesOf(p.type(), p.params()));
        } catch (RuntimeException ex) {
            problems.error(m, "check '" + id + "': type " + p.type().name() + " failed: " + ex);
            return null;
        }
        for (String r : reads) {
            if (!section("checks").containsKey(r)) {
                problems.error(m, "check '" + id + "' reads unknown check '" + Problems.clip(r) + "'"
                        + Problems.suggestOrList(r, section("checks").keySet()));
            } else if (!r.equals(id)) {
                b.after(r);
            }
        }
        for (String ref : references) {
            metricRef(m, ref, "check '" + id + "'");
        }
        if (m.get("maintenance") != null) {
            windows(m.get("maintenance"), "check '" + id + "' maintenance").forEach(b::maintenance);
        }
        if (m.get("waive") != null) {
            Waiver wv = waiver(m.get("waive"));
            if (wv != null) {
                b.waive(wv);
            }
        }
        if (m.get("tags") != null) {
            b.tags(textList(m.get("tags"), "tags").toArray(String[]::new));
        }
        b.missingSecrets(p.missingSecrets());
        b.dailyTotals(today(m.get("window")) || today(m.get("since")));
        b.totalsPeriod(calendarWindow(m.get("window")));
        if (problems.errorCount() > before) {
            return null;
        }
        try {
            return b.build();
        } catch (IllegalArgumentException ex) {
            problems.error(m, ex.getMessage());
            return null;
        }
    }

    private void applyThresholds(CheckDefinition.Builder b, String id, String metric, YNode w, YNode c) {
        String ws = w == null ? null : text(w, "warning");
        String cs = c == null ? null : text(c, "critical");
        if ((w != null && ws == null) || (c != null && cs == null)) {
            return;
        }
        try {
            b.thresholds(metric, ws, cs);
        } catch (IllegalArgumentException ex) {
            // locate at the threshold the message is about, else the first given
            YNode at = w != null ? w : c;
            String msg = ex.getMessage();
            if (c != null && w != null && msg.contains("critical") && !msg.contains("warning")) {
                at = c;
            }
            problems.error(at, msg.startsWith("check '") ? msg : "check '" + id + "': " + msg);
        }
    }

    /** The canonical unit implied by the first quantity of a dynamic metric's thresholds (count if none). */
    private Unit unitOfThreshold(YNode thresholds) {
        if (thresholds instanceof YMap tm) {
            for (String k : List.of("warning", "critical")) {
                if (tm.get(k) instanceof YScalar s) {
                    Matcher mt = QTY.matcher(s.text());
                    if (mt.find() && !mt.group(1).isEmpty()) {
                        Unit u = Unit.bySymbol(mt.group(1));
                        if (u != null) {
                            return u.family() == UnitFamily.CURRENCY ? u : Unit.canonical(u.family());
                        }
                    }
                }
            }
        }
        return Unit.COUNT;
    }

    private void hysteresis(CheckDefinition.Builder b, YMap m, String id) {
        YNode f = m.get("for");
        YNode r = m.get("recover_for");
        YNode fl = m.get("flapping");
        if (f == null && r == null && fl == null) {
            return;
        }
        int forCount = 0;
        int recoverCount = 0;
        Duration forDuration = null;
        Duration recoverDuration = null;
        Object[] fv = countOrDuration(f, "for");
        Object[] rv = countOrDuration(r, "recover_for");
        if (fv != null) {
            forCount = (Integer) fv[0];
            forDuration = (Duration) fv[1];
        }
        if (rv != null) {
            recoverCount = (Integer) rv[0];
            recoverDuration = (Duration) rv[1];
        }
        Hysteresis.Flapping flapping = null;
        if (fl != null) {
            YMap fm = map(fl, "flapping ({window, low, high})");
            if (fm != null) {
                keys(fm, Set.of("window", "low", "high"), "flapping");
                Double window = number(fm.get("window"), "flapping.window", 21);
                Double low = number(fm.get("low"), "flapping.low", 20);
                Double high = number(fm.get("high"), "flapping.high", 30);
                if (window != null && low != null && high != null) {
                    try {
                        flapping = new Hysteresis.Flapping(window.intValue(), low, high);
                    } catch (IllegalArgumentException ex) {
                        problems.error(fl, "check '" + id + "': " + ex.getMessage());
                    }
                }
            }
        }
        try {
            b.hysteresis(new Hysteresis(forCount, forDuration, recoverCount, recoverDuration, flapping));
        } catch (IllegalArgumentException ex) {
            problems.error(f != null ? f : r != null ? r : fl, "check '" + id + "': " + ex.getMessage());
        }
    }

    /** Validates a {@code check.metric} reference; returns the metric or null. */
    MetricSpec metricRef(YNode at, String ref, String what) {
        int dot = ref.indexOf('.');
        if (dot <= 0 || dot == ref.length() - 1) {
            problems.error(at, what + ": expected a metric reference <check>.<metric>, found '" + Problems.clip(ref) + "'");
            return null;
        }
        String check = ref.substring(0, dot);
        String metric = ref.substring(dot + 1);
        if (!section("checks").containsKey(check)) {
            problems.error(at, what + " references unknown check '" + Problems.clip(check) + "' in '" + Problems.clip(ref) + "'"
                    + Problems.suggestOrList(check, section("checks").keySet()));
            return null;
        }
        Prepared p = prepared.get(check);
        if (p == null) {
            return null; // the check itself is broken and reported
        }
        for (MetricSpec ms : p.metrics()) {
            if (ms.name().equals(metric)) {
                return ms;
            }
        }
        if (p.type().dynamicMetrics()) {
            return null;
        }
        problems.error(at, what + " references unknown metric '" + Problems.clip(metric) + "' of check '" + check + "'"
                + Problems.suggestOrList(metric, p.metrics().stream().map(MetricSpec::name).toList()));
        return null;
    }

    private Waiver waiver(YNode n) {
        YMap m = map(n, "waive ({until, reason})");
        if (m == null) {
            return null;
        }
        keys(m, Set.of("until", "reason"), "waive");
        if (m.get("until") == null) {
            problems.error(m, "waive has no until: expected a date such as 2026-12-31");
            return null;
        }
        String u = text(m.get("until"), "until");
        if (u == null) {
            return null;
        }
        try {
            return new Waiver(LocalDate.parse(u.trim()), m.get("reason") == null ? null : text(m.get("reason"), "reason"));
        } catch (DateTimeParseException e) {
            problems.error(m.get("until"), "expected a date such as 2026-12-31 for waive.until, found '" + Problems.clip(u) + "'");
            return null;
        }
    }
}
