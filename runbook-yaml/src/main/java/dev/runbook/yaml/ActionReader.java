package dev.runbook.yaml;

import dev.runbook.core.action.Action;
import dev.runbook.core.model.ActionDefinition;
import dev.runbook.core.model.Remediation;
import dev.runbook.core.model.Step;
import dev.runbook.core.model.StepCondition;
import dev.runbook.core.spi.ActionType;
import dev.runbook.core.spi.TypeContext;
import dev.runbook.yaml.YNode.Entry;
import dev.runbook.yaml.YNode.YMap;
import dev.runbook.yaml.YNode.YScalar;
import dev.runbook.yaml.YNode.YSeq;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code actions:} and {@code remediations:}, and the steps of remediations, procedures and {@code on_*}
 * keys. One per load; not thread-safe.
 */
final class ActionReader extends NodeReader {
    final Map<String, ActionDefinition> actions = new LinkedHashMap<>();
    final Map<String, Remediation> remediations = new LinkedHashMap<>();
    private final Set<String> remediationsBuilding = new HashSet<>();
    private final Set<String> reportIds = new LinkedHashSet<>();
    private final EscalationReader esc;

    private static final Set<String> STEP_KEYS = new LinkedHashSet<>(List.of("checks", "title", "wait", "recheck",
            "escalate", "report", "manual", "action", "type", "when", "gate"));
    /** Keys that qualify a step rather than name its form. */
    private static final Set<String> QUALIFIERS = Set.of("title", "when", "gate");

    ActionReader(Loading loading, EscalationReader esc) {
        super(loading);
        this.esc = esc;
        reportIds.addAll(section("reports").keySet());
    }

    void buildActions() {
        for (Entry e : section("actions").values()) {
            String id = e.key().text();
            if (!validId(e.key(), "action")) {
                continue;
            }
            YMap m = map(e.value(), "action '" + id + "'");
            if (m == null) {
                continue;
            }
            ActionDefinition a = action(m, id);
            if (a != null) {
                actions.put(id, a);
            }
        }
    }

    private ActionDefinition action(YMap m, String id) {
        ActionType<?> type = typeOf(m, l.registry.actionTypes(), "action", id);
        if (type == null) {
            keys(m, union(Assembler.ACTION_COMMON, Set.of()), "action '" + id + "'");
            return null;
        }
        WrittenMap written = new WrittenMap(this, "action", id, m);
        if (!shorthands(type::shorthands, written, type.name())) {
            return null;
        }
        m = written.written();
        String title = m.get("title") == null ? null : text(m.get("title"), "title");
        Duration timeout = m.get("timeout") == null ? null : duration(m.get("timeout"), "timeout");
        if (type.name().equals("notify")) {
            esc.unreachable(m.get("to"), "action '" + id + "' to");
        }
        l.binder.resetSecrets();
        Object params = l.binder.bindRecord(m, type.parameterType(), Assembler.ACTION_COMMON, "action type " + type.name(),
                context(m, id));
        Set<String> missing = l.binder.missingSecrets();
        if (params == ParamBinder.FAIL) {
            return null;
        }
        try {
            Action action = createAction(type, params, context(m, id));
            if (timeout != null && (timeout.isZero() || timeout.isNegative())) {
                problems.error(m.get("timeout"), "action '" + id + "': timeout must be positive");
                return null;
            }
            return new ActionDefinition(id, type.name(), title, timeout, action, missing);
        } catch (IllegalArgumentException ex) {
            problems.error(m, "action '" + id + "': " + ex.getMessage());
        } catch (RuntimeException ex) {
            problems.error(m, "action '" + id + "': type " + type.name() + " failed: " + ex);
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private static <P> Action createAction(ActionType<P> type, Object params, TypeContext ctx) {
        return type.create((P) params, ctx);
    }

    /** Builds (once) the named remediation; null if it is broken or unknown. */
    Remediation remediation(String id) {
        if (remediations.containsKey(id)) {
            return remediations.get(id);
        }
        Entry e = section("remediations").get(id);
        if (e == null || !remediationsBuilding.add(id)) {
            return null;
        }
        try {
            if (!validId(e.key(), "remediation")) {
                return null;
            }
            Remediation r = remediationOf(e.value(), id);
            if (r != null) {
                remediations.put(id, r);
            }
            return r;
        } finally {
            remediationsBuilding.remove(id);
        }
    }

    private Remediation remediationOf(YNode v, String id) {
        if (v instanceof YSeq seq) {
            List<Step> steps = steps(seq, id, false);
            return steps == null ? null : Remediation.of(id, steps);
        }
        YMap m = map(v, "remediation '" + id + "' (a list of steps, or {steps, limit})");
        if (m == null) {
            return null;
        }
        keys(m, Set.of("steps", "limit"), "remediation '" + id + "'");
        if (m.get("steps") == null) {
            problems.error(m, "remediation '" + id + "' has no steps: expected steps: [...]");
            return null;
        }
        List<Step> steps = steps(m.get("steps"), id, false);
        Remediation.Limit limit = null;
        if (m.get("limit") != null) {
            YMap lm = map(m.get("limit"), "limit ({attempts, within, then})");
            if (lm != null) {
                keys(lm, Set.of("attempts", "within", "then"), "limit");
                Integer attempts = null;
                if (lm.get("attempts") == null) {
                    problems.error(lm, "limit has no attempts: expected e.g. attempts: 3");
                } else {
                    String t = text(lm.get("attempts"), "attempts");
                    try {
                        attempts = t == null ? null : Integer.valueOf(t.trim());
                        if (attempts != null && attempts < 1) {
                            problems.error(lm.get("attempts"), "limit.attempts must be at least 1, found " + attempts);
                            attempts = null;
                        }
                    } catch (NumberFormatException ex) {
                        problems.error(lm.get("attempts"), "expected a whole number for attempts, found '" + Problems.clip(t) + "'");
                    }
                }
                Duration within = lm.get("within") == null ? null : duration(lm.get("within"), "within");
                if (lm.get("within") == null) {
                    problems.error(lm, "limit has no within: expected a duration such as 1h");
                }
                List<Step> then = lm.get("then") == null ? List.of() : steps(lm.get("then"), id + "-then", false);
                if (attempts != null && within != null && then != null) {
                    limit = new Remediation.Limit(attempts, within, then);
                }
            }
        }
        if (steps == null) {
            return null;
        }
        try {
            return new Remediation(id, steps, limit);
        } catch (IllegalArgumentException ex) {
            problems.error(m, ex.getMessage());
            return null;
        }
    }

    /** Steps of a procedure ({@code procedure} true) or remediation; null if any is broken. */
    List<Step> steps(YNode n, String owner, boolean procedure) {
        if (!(n instanceof YSeq seq)) {
            problems.error(n, "expected a list of steps for '" + owner + "', found " + n.describe());
            return null;
        }
        List<Step> out = new ArrayList<>();
        boolean ok = true;
        int i = 0;
        for (YNode item : seq.items()) {
            i++;
            List<Step> s = step(item, owner, i, procedure);
            if (s == null) {
                ok = false;
            } else {
                out.addAll(s);
            }
        }
        return ok ? out : null;
    }

    private List<Step> step(YNode item, String owner, int index, boolean procedure) {
        String where = procedure ? "procedure '" + owner + "'" : "remediation '" + owner + "'";
        if (item instanceof YScalar s && !s.isNull()) {
            String id = s.text();
            boolean isCheck = section("checks").containsKey(id);
            boolean isAction = section("actions").containsKey(id);
            boolean isRem = section("remediations").containsKey(id);
            if ((isCheck ? 1 : 0) + (isAction ? 1 : 0) + (isRem ? 1 : 0) > 1) {
                problems.error(s, "step '" + Problems.clip(id) + "' is ambiguous: it names more than one of a check, "
                        + "an action and a remediation; rename one");
                return null;
            }
            if (isCheck) {
                if (!procedure) {
                    problems.error(s, where + ": a remediation step cannot run check '" + id
                            + "'; write {recheck: " + id + "}");
                    return null;
                }
                return List.of(new Step.Checks(List.of(id), null));
            }
            if (isAction) {
                ActionDefinition a = actions.get(id);
                return a == null ? null : List.of(new Step.Run(a));
            }
            if (isRem) {
                Remediation r = remediation(id);
                if (r == null) {
                    if (remediationsBuilding.contains(id)) {
                        problems.error(s, where + ": remediation '" + id + "' includes itself");
                    }
                    return null;
                }
                if (procedure || r.limit() == null) {
                    return r.steps();
                }
                return r.steps();
            }
            Set<String> known = new LinkedHashSet<>();
            if (procedure) {
                known.addAll(section("checks").keySet());
            }
            known.addAll(section("actions").keySet());
            known.addAll(section("remediations").keySet());
            problems.error(s, where + ": unknown step '" + Problems.clip(id) + "': expected "
                    + (procedure ? "a check, action or remediation id" : "an action or remediation id")
                    + Problems.suggest(id, known));
            return null;
        }
        if (!(item instanceof YMap m)) {
            problems.error(item, where + ": expected a step (an id or a mapping such as {wait: 30s}), found " + item.describe());
            return null;
        }
        if (m.get("when") != null) {
            java.util.Map<String, YNode.Entry> rest = new java.util.LinkedHashMap<>(m.entries());
            YNode.Entry w = rest.remove("when");
            List<Step> inner = step(new YMap(m.file(), m.line(), m.column(), rest), owner, index, procedure);
            StepCondition c = condition(w.value(), where);
            if (inner == null || c == null) {
                return null;
            }
            if (inner.size() != 1) {
                problems.error(w.key(), where + ": when applies to one step, and this names " + inner.size()
                        + " (a remediation); put the when on each of its steps");
                return null;
            }
            return List.of(new Step.When(c, inner.get(0)));
        }
        if (m.get("type") != null) {
            ActionDefinition a = action(m, owner + "-step-" + index);
            return a == null ? null : List.of(new Step.Run(a));
        }
        int unknownBefore = problems.errorCount();
        keys(m, STEP_KEYS, where + " step");
        if (problems.errorCount() > unknownBefore) {
            return null;
        }
        List<String> forms = m.entries().keySet().stream().filter(k -> !QUALIFIERS.contains(k) && STEP_KEYS.contains(k)).toList();
        if (forms.size() != 1) {
            problems.error(m, where + ": expected a step with one of checks, wait, recheck, escalate, report, manual, "
                    + "action or type, found " + (forms.isEmpty() ? "none" : String.join(" and ", forms)));
            return null;
        }
        String form = forms.get(0);
        YNode v = m.get(form);
        if (m.get("gate") != null && !form.equals("manual")) {
            problems.error(m.entries().get("gate").key(), where + ": gate is only allowed on a {manual: ...} step");
            return null;
        }
        if (m.get("title") != null && !form.equals("checks")) {
            problems.error(m.entries().get("title").key(), where + ": title is only allowed on a {checks: [...]} step");
        }
        if (!procedure && (form.equals("checks") || form.equals("report") || form.equals("manual"))) {
            problems.error(m, where + ": a remediation step is an action, wait, recheck or escalate, found " + form);
            return null;
        }
        switch (form) {
            case "checks" -> {
                List<String> ids = new ArrayList<>();
                boolean ok = true;
                List<YNode> items = v instanceof YSeq s ? s.items() : List.of(v);
                for (YNode i : items) {
                    String id = checkRef(i, where + " checks");
                    if (id == null) {
                        ok = false;
                    } else {
                        ids.add(id);
                    }
                }
                if (ids.isEmpty() && ok) {
                    problems.error(v, where + ": a checks step needs at least one check id");
                    return null;
                }
                String title = m.get("title") == null ? null : text(m.get("title"), "title");
                return ok ? List.of(new Step.Checks(ids, title)) : null;
            }
            case "wait" -> {
                Duration d = duration(v, "wait");
                return d == null ? null : List.of(new Step.Wait(d));
            }
            case "recheck" -> {
                String id = checkRef(v, where + " recheck");
                return id == null ? null : List.of(new Step.Recheck(id));
            }
            case "escalate" -> {
                String level = text(v, "escalate");
                return level == null || !esc.knownLevel(v, level, where + " escalate") ? null : List.of(new Step.Escalate(level));
            }
            case "report" -> {
                String id = text(v, "report");
                if (id == null) {
                    return null;
                }
                Set<String> known = reportIds.isEmpty() ? new LinkedHashSet<>(Assembler.PERIODS) : reportIds;
                if (!known.contains(id)) {
                    problems.error(v, where + " renders unknown report '" + Problems.clip(id) + "'"
                            + Problems.suggestOrList(id, known));
                    return null;
                }
                return List.of(new Step.Report(id));
            }
            case "manual" -> {
                String t = text(v, "manual");
                Boolean gate = true;
                if (m.get("gate") != null) {
                    gate = bool(m.get("gate"), where + " gate");
                }
                return t == null || gate == null ? null : List.of(new Step.Manual(t, gate));
            }
            case "action" -> {
                String id = text(v, "action");
                if (id == null) {
                    return null;
                }
                if (!section("actions").containsKey(id) && !section("remediations").containsKey(id)) {
                    Set<String> known = new LinkedHashSet<>(section("actions").keySet());
                    known.addAll(section("remediations").keySet());
                    problems.error(v, where + ": unknown action '" + Problems.clip(id) + "'" + Problems.suggestOrList(id, known));
                    return null;
                }
                return step(v, owner, index, procedure);
            }
            default -> {
                return null;
            }
        }
    }

    /** {@code when: {not_ok: [ids]}} or {@code when: {ok: [ids]}}; unknown check ids are located errors. */
    private StepCondition condition(YNode n, String where) {
        if (!(n instanceof YMap cm) || cm.entries().size() != 1
                || !(cm.get("ok") != null || cm.get("not_ok") != null)) {
            problems.error(n, where + ": when expects {not_ok: [check ids]} or {ok: [check ids]}, found "
                    + (n instanceof YMap cm2 ? "keys " + String.join(", ", cm2.entries().keySet()) : n.describe()));
            return null;
        }
        boolean allOk = cm.get("ok") != null;
        YNode ids = allOk ? cm.get("ok") : cm.get("not_ok");
        List<String> out = new ArrayList<>();
        boolean ok = true;
        for (YNode i : ids instanceof YSeq s ? s.items() : List.of(ids)) {
            String id = checkRef(i, where + " when");
            if (id == null) {
                ok = false;
            } else {
                out.add(id);
            }
        }
        if (ok && out.isEmpty()) {
            problems.error(ids, where + ": when needs at least one check id");
            return null;
        }
        return ok ? new StepCondition(allOk, out) : null;
    }

    private Boolean bool(YNode n, String what) {
        if (n instanceof YScalar s && s.kind() == YScalar.Kind.BOOLEAN) {
            return Boolean.parseBoolean(s.text().toLowerCase(java.util.Locale.ROOT));
        }
        problems.error(n, "expected true or false for " + what + ", found " + n.describe());
        return null;
    }

    /** on_*: an action id, a remediation id or an inline list of steps. */
    Remediation onStatus(YNode v, String generatedId) {
        if (v instanceof YSeq) {
            List<Step> steps = steps(v, generatedId, false);
            return steps == null ? null : Remediation.of(generatedId, steps);
        }
        if (v instanceof YScalar s && !s.isNull()) {
            String id = s.text();
            if (section("remediations").containsKey(id)) {
                return remediation(id);
            }
            if (section("actions").containsKey(id)) {
                ActionDefinition a = actions.get(id);
                return a == null ? null : Remediation.of(id, List.of(new Step.Run(a)));
            }
            Set<String> known = new LinkedHashSet<>(section("actions").keySet());
            known.addAll(section("remediations").keySet());
            problems.error(s, "unknown action or remediation '" + Problems.clip(id) + "'" + Problems.suggestOrList(id, known));
            return null;
        }
        if (v instanceof YMap m) {
            List<Step> steps = step(m, generatedId, 1, false);
            return steps == null ? null : Remediation.of(generatedId, steps);
        }
        problems.error(v, "expected an action id, a remediation id or a list of steps, found " + v.describe());
        return null;
    }
}
