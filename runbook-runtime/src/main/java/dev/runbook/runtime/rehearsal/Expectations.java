package dev.runbook.runtime.rehearsal;

import dev.runbook.core.Status;
import dev.runbook.core.engine.ActionRun;
import dev.runbook.core.engine.CheckRun;
import dev.runbook.core.engine.RunResult;
import dev.runbook.core.engine.StepRun;
import dev.runbook.core.escalation.Incident;
import dev.runbook.core.model.ActionDefinition;
import dev.runbook.core.model.Runbook;
import dev.runbook.runtime.rehearsal.CaseReport.Failure;
import dev.runbook.store.OutboxTable.Outgoing;
import dev.runbook.yaml.TestCases.ActionsExpect;
import dev.runbook.yaml.TestCases.CheckExpect;
import dev.runbook.yaml.TestCases.Expect;
import dev.runbook.yaml.TestCases.IncidentExpect;
import dev.runbook.yaml.TestCases.NotificationExpect;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Compares what one moment of a case expects with what happened: the run's status, the checks' statuses, the
 * remediation and procedure steps, the incidents and the notifications queued. Pure: reads its inputs only.
 */
final class Expectations {
    private final Map<String, String> idByLabel = new HashMap<>();

    Expectations(Runbook runbook) {
        Map<String, Integer> seen = new HashMap<>();
        for (ActionDefinition a : runbook.actions().values()) {
            seen.merge(a.label(), 1, Integer::sum);
            idByLabel.put(a.label(), a.id());
        }
        seen.forEach((label, n) -> {
            if (n > 1) {
                idByLabel.remove(label); // two actions share the title: show the title
            }
        });
    }

    /** What happened at one moment. {@code run} is null when the moment ran nothing. */
    record Observed(RunResult run, List<Incident> incidents, List<Outgoing> notifications,
                    Map<Long, List<String>> checksOf) {
        Observed(RunResult run, List<Incident> incidents, List<Outgoing> notifications) {
            this(run, incidents, notifications, Map.of());
        }

        /** The checks an incident covers (one outage, one incident: its own and those that joined it, §7). */
        Set<String> checks(Incident i) {
            return new LinkedHashSet<>(checksOf.getOrDefault(i.id(), List.of(i.check())));
        }
    }

    List<Failure> compare(Expect e, Observed o) {
        List<Failure> out = new ArrayList<>();
        if (e == null) {
            return out;
        }
        if (e.status() != null) {
            if (o.run() == null) {
                out.add(new Failure(e.statusWhere(), "status", e.status().name(), "nothing ran at this moment"));
            } else if (o.run().status() != e.status()) {
                String worst = worst(o.run());
                out.add(new Failure(e.statusWhere(), "status", e.status().name(), o.run().status().name()
                        + (worst.isEmpty() ? "" : " (" + worst + ")")));
            }
        }
        for (CheckExpect c : e.checks()) {
            CheckRun r = o.run() == null ? null : o.run().results().stream().filter(x -> x.check().equals(c.check()))
                    .findFirst().orElse(null);
            if (r == null) {
                out.add(new Failure(c.where(), "checks." + c.check(), "a result", o.run() == null ? "nothing ran"
                        : "the check did not run (ran: " + o.run().results().stream().map(CheckRun::check)
                        .collect(Collectors.joining(", ")) + ")"));
                continue;
            }
            if (c.status() != null && r.status() != c.status()) {
                out.add(new Failure(c.where(), "checks." + c.check() + ".status", c.status().name(),
                        r.status().name() + " (" + r.message() + ")"));
            }
            if (c.firstStatus() != null && r.firstStatus() != c.firstStatus()) {
                out.add(new Failure(c.where(), "checks." + c.check() + ".first_status", c.firstStatus().name(),
                        r.firstStatus().name() + " (" + r.message() + ")"));
            }
        }
        if (e.actions() != null) {
            actions(e.actions(), o, out);
        }
        if (e.pausedAt() != null) {
            pausedAt(e.pausedAt(), o, out);
        }
        if (e.incidents() != null) {
            incidents(e, o, out);
        }
        if (e.notifications() != null) {
            for (NotificationExpect n : e.notifications()) {
                notification(n, o, out);
            }
        }
        return out;
    }

    private static String worst(RunResult r) {
        return r.results().stream().filter(CheckRun::counted).filter(c -> c.status() != Status.OK)
                .map(c -> c.check() + " " + c.status()).collect(Collectors.joining(", "));
    }

    /** The steps of a run as the case names them: action ids (or titles), rechecks, escalations; no waits. */
    List<String> steps(RunResult run) {
        List<String> steps = new ArrayList<>();
        if (run == null) {
            return steps;
        }
        for (CheckRun r : run.results()) {
            for (ActionRun a : r.actions()) {
                // a shared action another remediation of the batch already ran is recorded skipped: not run (§5)
                if (!a.step().startsWith("wait ") && a.outcome() != dev.runbook.core.action.Outcome.SKIPPED) {
                    steps.add(idByLabel.getOrDefault(a.step(), a.step()));
                }
            }
        }
        for (StepRun s : run.steps()) {
            if (Set.of("action", "recheck", "escalate", "report").contains(s.kind())) {
                steps.add(idByLabel.getOrDefault(s.title(), s.title()));
            }
        }
        return steps;
    }

    private void actions(ActionsExpect a, Observed o, List<Failure> out) {
        List<String> actual = steps(o.run());
        List<String> expected = a.steps().stream().map(s -> idByLabel.getOrDefault(s, s)).toList();
        boolean ok = a.contains() ? subsequence(expected, actual) : expected.equals(actual);
        if (!ok) {
            out.add(new Failure(a.where(), a.contains() ? "actions (contains, in order)" : "actions",
                    expected.toString(), actual.toString()));
        }
        a.times().forEach((step, n) -> {
            String id = idByLabel.getOrDefault(step, step);
            long ran = actual.stream().filter(id::equals).count();
            if (ran != n) {
                out.add(new Failure(a.where(), "actions.times." + step, n + " time(s)", ran + " time(s) in "
                        + actual));
            }
        });
    }

    /** The run is paused (runbook-format §6) at the manual step with the expected title. */
    private static void pausedAt(dev.runbook.yaml.TestCases.PausedAt p, Observed o, List<Failure> out) {
        String want = "paused at \"" + p.step() + "\"";
        if (o.run() == null) {
            out.add(new Failure(p.where(), "paused_at", want, "nothing ran at this moment"));
            return;
        }
        Integer at = o.run().trail().pausedAtStep();
        if (!o.run().paused() || at == null) {
            out.add(new Failure(p.where(), "paused_at", want, "not paused: the run " + o.run().trail().state().word()
                    + " " + o.run().status()));
            return;
        }
        String title = o.run().steps().stream().filter(s -> s.index() == at).map(StepRun::title).findFirst()
                .orElse("step " + at);
        if (!title.equals(p.step())) {
            out.add(new Failure(p.where(), "paused_at", want, "paused at step " + at + " \"" + title + "\""));
        }
    }

    private static boolean subsequence(List<String> wanted, List<String> in) {
        int i = 0;
        for (String s : in) {
            if (i < wanted.size() && wanted.get(i).equals(s)) {
                i++;
            }
        }
        return i == wanted.size();
    }

    private static void incidents(Expect e, Observed o, List<Failure> out) {
        List<Incident> left = new ArrayList<>(o.incidents());
        List<IncidentExpect> unmatched = new ArrayList<>();
        for (IncidentExpect x : e.incidents()) {
            Incident hit = left.stream().filter(i -> matches(x, i, o.checks(i))).findFirst().orElse(null);
            if (hit == null) {
                unmatched.add(x);
            } else {
                left.remove(hit);
            }
        }
        String actual = o.incidents().isEmpty() ? "no incident" : o.incidents().stream()
                .map(i -> show(i, o.checks(i))).collect(Collectors.joining(", "));
        for (IncidentExpect x : unmatched) {
            out.add(new Failure(x.where(), "incidents", show(x), actual));
        }
        if (unmatched.isEmpty() && !left.isEmpty()) {
            out.add(new Failure(e.where(), "incidents", e.incidents().size() + " incident(s): " + e.incidents().stream()
                    .map(Expectations::show).collect(Collectors.joining(", ")), actual));
        }
    }

    private static boolean matches(IncidentExpect x, Incident i, Set<String> covered) {
        return (x.level() == null || x.level().equals(i.level()))
                && (x.checks().isEmpty() || new LinkedHashSet<>(x.checks()).equals(covered))
                && (x.state() == null || x.state().equals(i.state().word()));
    }

    private static String show(IncidentExpect x) {
        return (x.level() == null ? "any level" : x.level()) + (x.checks().isEmpty() ? "" : " " + x.checks())
                + (x.state() == null ? "" : " " + x.state());
    }

    private static String show(Incident i, Set<String> covered) {
        return i.level() + " " + covered.stream().toList() + " " + i.state().word();
    }

    private static void notification(NotificationExpect n, Observed o, List<Failure> out) {
        long hits = o.notifications().stream().filter(x -> (n.to() == null || n.to().equals(x.target())
                        || n.to().equals(x.notifier()))
                && (n.subjectContains() == null || x.subject() != null && x.subject().contains(n.subjectContains()))
                && (n.kind() == null || n.kind().equals(x.kind()))).count();
        boolean ok = n.count() == null ? hits > 0 : hits == n.count();
        if (!ok) {
            String want = (n.count() == null ? "a notification" : n.count() + " notification(s)")
                    + (n.to() == null ? "" : " to " + n.to())
                    + (n.kind() == null ? "" : " of kind " + n.kind())
                    + (n.subjectContains() == null ? "" : " with a subject containing \"" + n.subjectContains() + "\"");
            String got = o.notifications().isEmpty() ? "no notification" : hits + " matching, of: "
                    + o.notifications().stream().map(x -> x.target() + " \"" + x.subject() + "\"")
                    .collect(Collectors.joining("; "));
            out.add(new Failure(n.where(), "notifications", want, got));
        }
    }
}
