package dev.runbook.yaml;

import dev.runbook.core.MetricSpec;
import dev.runbook.core.Status;
import dev.runbook.core.action.Outcome;
import dev.runbook.core.model.ActionDefinition;
import dev.runbook.core.model.CheckDefinition;
import dev.runbook.core.model.Runbook;
import dev.runbook.core.quantity.Quantity;
import dev.runbook.core.spi.CheckType;
import dev.runbook.core.spi.TypeRegistry;
import dev.runbook.yaml.TestCases.ActionsExpect;
import dev.runbook.yaml.TestCases.Case;
import dev.runbook.yaml.TestCases.CheckExpect;
import dev.runbook.yaml.TestCases.Expect;
import dev.runbook.yaml.TestCases.Given;
import dev.runbook.yaml.TestCases.IncidentExpect;
import dev.runbook.yaml.TestCases.Later;
import dev.runbook.yaml.TestCases.NotificationExpect;
import dev.runbook.yaml.TestCases.Where;
import dev.runbook.yaml.YNode.Entry;
import dev.runbook.yaml.YNode.YMap;
import dev.runbook.yaml.YNode.YScalar;
import dev.runbook.yaml.YNode.YSeq;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads one case file with the loader's located YAML reader, strictly (an unknown key is a problem with a
 * suggestion), and checks every id it names against the runbook. One reader per file; not thread-safe.
 */
final class TestCaseReader {
    private static final Set<String> TOP = Set.of("tests");
    private static final Set<String> CASE = Set.of("name", "at", "run", "given", "actions", "expect", "then");
    private static final Set<String> RUN = Set.of("procedure", "checks");
    private static final Set<String> EXPECT = Set.of("status", "checks", "actions", "incidents", "notifications",
            "paused_at");
    private static final Set<String> CHECK_EXPECT = Set.of("status", "first_status");
    private static final Set<String> INCIDENT = Set.of("level", "checks", "state");
    private static final Set<String> NOTIFICATION = Set.of("to", "subject_contains", "kind", "count");
    private static final Set<String> LATER = Set.of("after", "run", "given", "actions", "expect");
    private static final Set<String> STATES = Set.of("open", "acknowledged", "resolved");
    private static final Set<String> KINDS = Set.of("incident", "update", "recovery", "report", "notify", "drill");

    private final Runbook runbook;
    private final TypeRegistry registry;
    private final Problems problems = new Problems();

    TestCaseReader(Runbook runbook, TypeRegistry registry) {
        this.runbook = runbook;
        this.registry = registry;
    }

    TestCases.Loaded read(Path file) {
        YNode root = new YamlReader().read(file, problems);
        List<Case> cases = new ArrayList<>();
        if (root != null) {
            YMap top = map(root, "a test file");
            if (top != null) {
                keys(top, TOP, "a test file");
                YNode tests = top.get("tests");
                if (tests == null) {
                    problems.error(top, "a test file needs tests: a list of cases");
                } else if (tests instanceof YSeq seq) {
                    for (YNode n : seq.items()) {
                        Case c = testCase(n);
                        if (c != null) {
                            cases.add(c);
                        }
                    }
                } else {
                    problems.error(tests, "expected a list of cases for tests, found " + tests.describe());
                }
            }
        }
        return new TestCases.Loaded(file, cases, problems.all());
    }

    private Case testCase(YNode n) {
        YMap m = map(n, "a test case");
        if (m == null) {
            return null;
        }
        keys(m, CASE, "a test case");
        String name = m.get("name") == null ? null : text(m.get("name"), "name");
        if (m.get("name") == null) {
            problems.error(m, "a test case needs a name");
        }
        Instant at = null;
        if (m.get("at") == null) {
            problems.error(m, "test case '" + name + "' needs at: the fake clock's start, such as 2026-12-07T09:00:00+09:00");
        } else {
            at = instant(m.get("at"));
        }
        String procedure = null;
        List<String> checks = new ArrayList<>();
        if (m.get("run") == null) {
            problems.error(m, "test case '" + name + "' needs run: { procedure: ID } or { checks: [IDs] }");
        } else {
            procedure = runProcedure(m.get("run"), checks);
        }
        Map<String, List<Given>> given = given(m.get("given"));
        Map<String, Outcome> actions = actionOutcomes(m.get("actions"));
        Expect expect = m.get("expect") == null ? null : expect(m.get("expect"));
        List<Later> then = new ArrayList<>();
        YNode t = m.get("then");
        if (t instanceof YSeq seq) {
            Duration previous = Duration.ZERO;
            for (YNode i : seq.items()) {
                Later l = later(i);
                if (l != null) {
                    if (l.after().compareTo(previous) < 0) {
                        problems.error(i, "then: after " + l.after() + " comes before the moment above it; list the"
                                + " moments in time order (after counts from the case's start)");
                    }
                    previous = l.after();
                    then.add(l);
                }
            }
        } else if (t != null) {
            problems.error(t, "expected a list of later moments for then, found " + t.describe());
        }
        if (expect == null && then.isEmpty()) {
            problems.error(m, "test case '" + name + "' expects nothing: add expect: (or then:)");
        }
        return new Case(name, where(m), at, procedure, checks, given, actions, expect, then);
    }

    private Later later(YNode n) {
        YMap m = map(n, "a then moment");
        if (m == null) {
            return null;
        }
        keys(m, LATER, "a then moment");
        Duration after = null;
        if (m.get("after") == null) {
            problems.error(m, "a then moment needs after: how long after the case's start, such as 31m");
        } else {
            String s = text(m.get("after"), "after");
            try {
                after = s == null ? null : Durations.parse(s);
            } catch (IllegalArgumentException e) {
                problems.error(m.get("after"), "expected a duration such as 31m or 2h for after, found '" + Problems.clip(s) + "'");
            }
        }
        List<String> checks = new ArrayList<>();
        String procedure = m.get("run") == null ? null : runProcedure(m.get("run"), checks);
        boolean rerun = m.get("run") != null || m.get("given") != null;
        Expect expect = m.get("expect") == null ? null : expect(m.get("expect"));
        if (expect == null) {
            problems.error(m, "a then moment needs expect:");
        }
        return after == null ? null : new Later(where(m), after, rerun, procedure, checks, given(m.get("given")),
                actionOutcomes(m.get("actions")), expect);
    }

    private String runProcedure(YNode n, List<String> checks) {
        YMap m = map(n, "run");
        if (m == null) {
            return null;
        }
        keys(m, RUN, "run");
        if (m.get("procedure") != null && m.get("checks") != null) {
            problems.error(m, "run: give a procedure or checks, not both");
        }
        if (m.get("procedure") != null) {
            String p = text(m.get("procedure"), "procedure");
            if (p != null && !runbook.procedures().containsKey(p)) {
                problems.error(m.get("procedure"), "unknown procedure '" + Problems.clip(p) + "'"
                        + Problems.suggestOrList(p, runbook.procedures().keySet()));
            }
            return p;
        }
        if (m.get("checks") != null) {
            for (YNode c : items(m.get("checks"))) {
                String id = checkId(c);
                if (id != null) {
                    checks.add(id);
                }
            }
        } else {
            problems.error(m, "run: expected procedure: ID or checks: [IDs]");
        }
        return null;
    }

    private Map<String, List<Given>> given(YNode n) {
        Map<String, List<Given>> out = new LinkedHashMap<>();
        if (n == null) {
            return out;
        }
        YMap m = map(n, "given");
        if (m == null) {
            return out;
        }
        for (Entry e : m.entries().values()) {
            String id = checkId(e.key());
            if (id == null) {
                continue;
            }
            CheckDefinition def = runbook.checks().get(id);
            List<Given> seq = new ArrayList<>();
            List<YNode> items = e.value() instanceof YSeq s ? s.items() : List.of(e.value());
            if (items.isEmpty()) {
                problems.error(e.value(), "given " + id + ": expected a result or a list of results, found an empty list");
            }
            for (YNode i : items) {
                Given g = givenResult(i, def);
                if (g != null) {
                    seq.add(g);
                }
            }
            out.put(id, seq);
        }
        return out;
    }

    private Given givenResult(YNode n, CheckDefinition def) {
        YMap m = map(n, "a given result of " + def.id());
        if (m == null) {
            return null;
        }
        Status status = null;
        String message = null;
        Map<String, Double> metrics = new LinkedHashMap<>();
        Map<String, MetricSpec> specs = new LinkedHashMap<>();
        def.metrics().forEach(s -> specs.put(s.name(), s));
        boolean dynamic = registry != null && registry.checkType(def.type()).map(CheckType::dynamicMetrics).orElse(false);
        for (Entry e : m.entries().values()) {
            String key = e.key().text();
            if (key.equals("status")) {
                status = status(e.value(), "status");
            } else if (key.equals("message")) {
                message = text(e.value(), "message");
            } else if (specs.containsKey(key) || dynamic && key.matches("[a-z][a-z0-9_]*")) {
                String v = text(e.value(), "metric " + key);
                if (v == null) {
                    continue;
                }
                try {
                    Quantity q = Quantity.parse(v);
                    MetricSpec spec = specs.get(key);
                    metrics.put(key, spec == null ? q.number() : q.canonicalFor(spec.unit()));
                } catch (IllegalArgumentException ex) {
                    problems.error(e.value(), "given " + def.id() + "." + key + ": " + ex.getMessage());
                }
            } else {
                Set<String> allowed = new LinkedHashSet<>(List.of("status", "message"));
                allowed.addAll(specs.keySet());
                problems.error(e.key(), "check '" + def.id() + "' (type " + def.type() + ") has no metric '"
                        + Problems.clip(key) + "'" + Problems.suggestOrList(key, allowed));
            }
        }
        return new Given(status, message, metrics);
    }

    private Map<String, Outcome> actionOutcomes(YNode n) {
        Map<String, Outcome> out = new LinkedHashMap<>();
        if (n == null) {
            return out;
        }
        YMap m = map(n, "actions");
        if (m == null) {
            return out;
        }
        for (Entry e : m.entries().values()) {
            String id = e.key().text();
            if (!runbook.actions().containsKey(id)) {
                problems.error(e.key(), "unknown action '" + Problems.clip(id) + "'"
                        + Problems.suggestOrList(id, runbook.actions().keySet()));
                continue;
            }
            String word = text(e.value(), "the outcome of " + id);
            if (word == null) {
                continue;
            }
            try {
                Outcome o = Outcome.valueOf(word.trim().toUpperCase(Locale.ROOT));
                if (o == Outcome.DRY_RUN) {
                    throw new IllegalArgumentException();
                }
                out.put(id, o);
            } catch (IllegalArgumentException ex) {
                problems.error(e.value(), "expected an outcome (done, failed, timed_out, skipped) for action " + id
                        + ", found '" + Problems.clip(word) + "'");
            }
        }
        return out;
    }

    private Expect expect(YNode n) {
        YMap m = map(n, "expect");
        if (m == null) {
            return null;
        }
        keys(m, EXPECT, "expect");
        Status status = m.get("status") == null ? null : status(m.get("status"), "status");
        List<CheckExpect> checks = new ArrayList<>();
        if (m.get("checks") != null) {
            YMap cm = map(m.get("checks"), "expect.checks");
            if (cm != null) {
                for (Entry e : cm.entries().values()) {
                    String id = checkId(e.key());
                    YMap c = map(e.value(), "the expectation of " + e.key().text());
                    if (id == null || c == null) {
                        continue;
                    }
                    keys(c, CHECK_EXPECT, "the expectation of check " + id);
                    checks.add(new CheckExpect(where(e.key()), id,
                            c.get("status") == null ? null : status(c.get("status"), "status"),
                            c.get("first_status") == null ? null : status(c.get("first_status"), "first_status")));
                }
            }
        }
        ActionsExpect actions = m.get("actions") == null ? null : actionsExpect(m.get("actions"));
        List<IncidentExpect> incidents = null;
        if (m.get("incidents") != null) {
            incidents = new ArrayList<>();
            for (YNode i : items(m.get("incidents"))) {
                YMap im = map(i, "an expected incident");
                if (im == null) {
                    continue;
                }
                keys(im, INCIDENT, "an expected incident");
                String level = im.get("level") == null ? null : level(im.get("level"));
                List<String> ids = new ArrayList<>();
                if (im.get("checks") != null) {
                    for (YNode c : items(im.get("checks"))) {
                        String id = checkId(c);
                        if (id != null) {
                            ids.add(id);
                        }
                    }
                }
                String state = im.get("state") == null ? null : oneOf(im.get("state"), STATES, "state");
                incidents.add(new IncidentExpect(where(im), level, ids, state));
            }
        }
        List<NotificationExpect> notifications = null;
        if (m.get("notifications") != null) {
            notifications = new ArrayList<>();
            for (YNode i : items(m.get("notifications"))) {
                YMap nm = map(i, "an expected notification");
                if (nm == null) {
                    continue;
                }
                keys(nm, NOTIFICATION, "an expected notification");
                String to = null;
                if (nm.get("to") != null) {
                    to = text(nm.get("to"), "to");
                    Set<String> known = new LinkedHashSet<>(runbook.escalation().contacts().keySet());
                    known.addAll(runbook.notifiers().keySet());
                    if (to != null && !known.contains(to)) {
                        problems.error(nm.get("to"), "unknown contact or notifier '" + Problems.clip(to) + "'"
                                + Problems.suggestOrList(to, known));
                    }
                }
                String subject = nm.get("subject_contains") == null ? null : text(nm.get("subject_contains"), "subject_contains");
                String kind = nm.get("kind") == null ? null : oneOf(nm.get("kind"), KINDS, "kind");
                Integer count = null;
                if (nm.get("count") != null) {
                    String c = text(nm.get("count"), "count");
                    try {
                        count = c == null ? null : Integer.parseInt(c.trim());
                        if (count != null && count < 0) {
                            throw new NumberFormatException();
                        }
                    } catch (NumberFormatException ex) {
                        problems.error(nm.get("count"), "expected a whole number (0 or more) for count, found '"
                                + Problems.clip(c) + "'");
                    }
                }
                notifications.add(new NotificationExpect(where(nm), to, subject, kind, count));
            }
        }
        TestCases.PausedAt pausedAt = m.get("paused_at") == null ? null : pausedAt(m.get("paused_at"));
        return new Expect(where(m), status, m.get("status") == null ? null : where(m.get("status")), checks, actions,
                incidents, notifications, pausedAt);
    }

    /** {@code paused_at: "manual step title"}: a manual step of one of the runbook's procedures, else a located error. */
    private TestCases.PausedAt pausedAt(YNode n) {
        String title = text(n, "paused_at");
        if (title == null) {
            return null;
        }
        Set<String> gates = new LinkedHashSet<>();
        for (dev.runbook.core.model.Procedure p : runbook.procedures().values()) {
            for (dev.runbook.core.model.Step s : p.steps()) {
                dev.runbook.core.model.Step inner = s instanceof dev.runbook.core.model.Step.When w ? w.step() : s;
                if (inner instanceof dev.runbook.core.model.Step.Manual g) {
                    gates.add(g.text());
                }
            }
        }
        if (!gates.contains(title)) {
            problems.error(n, "paused_at: no procedure has a manual step titled '" + Problems.clip(title) + "'"
                    + Problems.suggestOrList(title, gates));
            return null;
        }
        return new TestCases.PausedAt(where(n), title);
    }

    private ActionsExpect actionsExpect(YNode n) {
        boolean contains = false;
        YNode list = n;
        Map<String, Integer> times = new LinkedHashMap<>();
        Set<String> known = knownSteps();
        if (n instanceof YMap m) {
            keys(m, Set.of("contains", "times"), "expect.actions");
            if (m.get("contains") == null && m.get("times") == null) {
                problems.error(m, "expect.actions: expected a list of steps, or contains: [steps] and/or times: {step: N}");
                return null;
            }
            contains = true;
            list = m.get("contains");
            YMap t = m.get("times") == null ? null : map(m.get("times"), "expect.actions.times");
            if (t != null) {
                for (Entry e : t.entries().values()) {
                    String step = step(e.key(), known);
                    String c = text(e.value(), "times of " + e.key().text());
                    try {
                        int k = Integer.parseInt(c == null ? "" : c.trim());
                        if (k < 0) {
                            throw new NumberFormatException();
                        }
                        if (step != null) {
                            times.put(step, k);
                        }
                    } catch (NumberFormatException ex) {
                        problems.error(e.value(), "expected a whole number (0 or more) of times, found "
                                + e.value().describe());
                    }
                }
            }
        }
        List<String> steps = new ArrayList<>();
        for (YNode i : list == null ? List.<YNode>of() : items(list)) {
            String s = step(i, known);
            if (s != null) {
                steps.add(s);
            }
        }
        return new ActionsExpect(where(n), steps, contains, times);
    }

    private String step(YNode i, Set<String> known) {
        String s = text(i, "a step");
        if (s != null && !known.contains(s)) {
            problems.error(i, "unknown step '" + Problems.clip(s) + "': expected an action id, 'recheck CHECK',"
                    + " 'escalate LEVEL' or 'report ID'" + Problems.suggest(s, known));
        }
        return s;
    }

    private Set<String> knownSteps() {
        Set<String> known = new LinkedHashSet<>();
        for (ActionDefinition a : runbook.actions().values()) {
            known.add(a.id());
            known.add(a.label());
        }
        runbook.checks().keySet().forEach(c -> known.add("recheck " + c));
        runbook.escalation().levels().keySet().forEach(l -> known.add("escalate " + l));
        runbook.reports().keySet().forEach(r -> known.add("report " + r));
        runbook.remediations().values().forEach(r -> r.steps().forEach(s -> known.add(s.title())));
        runbook.checks().values().forEach(c -> c.remediations().values().forEach(r -> r.steps().forEach(s -> known.add(s.title()))));
        runbook.procedures().values().forEach(p -> p.steps().forEach(s -> known.add(s.title())));
        return known;
    }

    private String level(YNode n) {
        String l = text(n, "level");
        if (l != null && !runbook.escalation().levels().containsKey(l)) {
            problems.error(n, "unknown level '" + Problems.clip(l) + "'"
                    + Problems.suggestOrList(l, runbook.escalation().levels().keySet()));
        }
        return l;
    }

    private String checkId(YNode n) {
        String id = text(n, "a check id");
        if (id != null && !runbook.checks().containsKey(id)) {
            problems.error(n, "unknown check '" + Problems.clip(id) + "'" + Problems.suggestOrList(id, runbook.checks().keySet()));
            return null;
        }
        return id;
    }

    private Status status(YNode n, String what) {
        String s = text(n, what);
        if (s == null) {
            return null;
        }
        try {
            return Status.parse(s);
        } catch (IllegalArgumentException e) {
            problems.error(n, what + ": " + e.getMessage());
            return null;
        }
    }

    private String oneOf(YNode n, Set<String> allowed, String what) {
        String s = text(n, what);
        if (s != null && !allowed.contains(s)) {
            problems.error(n, "unknown " + what + " '" + Problems.clip(s) + "'" + Problems.suggestOrList(s, allowed));
            return null;
        }
        return s;
    }

    private Instant instant(YNode n) {
        String s = text(n, "at");
        if (s == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(s.trim()).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(s.trim()).atZone(runbook.zone()).toInstant();
            } catch (DateTimeParseException e2) {
                problems.error(n, "expected a time such as 2026-12-07T09:00:00+09:00 (or without offset, in the"
                        + " runbook's zone) for at, found '" + Problems.clip(s) + "'");
                return null;
            }
        }
    }

    private List<YNode> items(YNode n) {
        if (n instanceof YSeq s) {
            return s.items();
        }
        if (n instanceof YMap) {
            problems.error(n, "expected a list, found a mapping");
            return List.of();
        }
        return List.of(n);
    }

    private YMap map(YNode n, String what) {
        if (n instanceof YMap m) {
            return m;
        }
        problems.error(n, "expected a mapping for " + what + ", found " + n.describe());
        return null;
    }

    private String text(YNode n, String what) {
        if (n instanceof YScalar s && !s.isNull()) {
            return s.text();
        }
        problems.error(n, "expected a text for " + what + ", found " + n.describe());
        return null;
    }

    private void keys(YMap m, Set<String> allowed, String what) {
        for (Entry e : m.entries().values()) {
            if (!allowed.contains(e.key().text())) {
                problems.error(e.key(), "unknown key '" + Problems.clip(e.key().text()) + "' in " + what
                        + Problems.suggestOrList(e.key().text(), allowed));
            }
        }
    }

    private static Where where(YNode n) {
        return new Where(n.file(), n.line());
    }
}
