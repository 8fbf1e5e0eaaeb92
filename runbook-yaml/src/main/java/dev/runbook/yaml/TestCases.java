package dev.runbook.yaml;

import dev.runbook.core.Status;
import dev.runbook.core.action.Outcome;
import dev.runbook.core.model.Runbook;
import dev.runbook.core.spi.TypeRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The test cases of a runbook (runbook-format §11): a case file ({@code *.test.yaml}) read into located, immutable
 * values, checked against the runbook they test, so that an unknown check id, metric, action, contact or level is
 * a located problem ({@code FILE:LINE:COL: message}) exactly as {@code runbook validate} reports one.
 *
 * <pre>{@code
 * TestCases.Loaded cases = TestCases.read(Path.of("p1.test.yaml"), runbook, TypeRegistry.load());
 * cases.problems().forEach(System.err::println);
 * }</pre>
 *
 * <p>Stateless; {@link #read} blocks while it reads the file and is safe to call from several threads.
 */
public final class TestCases {
    private TestCases() {
    }

    /**
     * Reads and checks one case file against {@code runbook}; never throws for bad input.
     *
     * @param registry the types the runbook was loaded with (to know which types report metrics of any name)
     */
    public static Loaded read(Path file, Runbook runbook, TypeRegistry registry) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(runbook, "runbook");
        return new TestCaseReader(runbook, registry).read(file);
    }

    /** What a case file gave: its cases, and every problem found with its location (none when it is valid). */
    public record Loaded(Path file, List<Case> cases, List<Problem> problems) {
        public Loaded {
            cases = List.copyOf(cases);
            problems = List.copyOf(problems);
        }

        /** True when no problem is an error. */
        public boolean isValid() {
            return problems.stream().noneMatch(p -> p.severity() == Problem.Severity.ERROR);
        }
    }

    /** Where something was written: a file and a line, shown as {@code file:line}. */
    public record Where(Path file, int line) {
        @Override
        public String toString() {
            return file + ":" + line;
        }
    }

    /**
     * One test case.
     *
     * @param name      its name
     * @param where     where it starts
     * @param at        the fake clock's start
     * @param procedure the procedure it runs, or null
     * @param checks    the checks it runs when no procedure is named
     * @param given     what each check's probe returns, call after call (the last repeats)
     * @param actions   what actions return, by action id (default done)
     * @param expect    what must follow the run
     * @param then      later moments on the fake clock
     */
    public record Case(String name, Where where, Instant at, String procedure, List<String> checks,
                       Map<String, List<Given>> given, Map<String, Outcome> actions, Expect expect, List<Later> then) {
        public Case {
            checks = List.copyOf(checks);
            given = Map.copyOf(given);
            actions = Map.copyOf(actions);
            then = List.copyOf(then);
        }
    }

    /**
     * What one probe returns: a status (null: OK unless thresholds say otherwise), a message, metric values in
     * the metrics' canonical units.
     */
    public record Given(Status status, String message, Map<String, Double> metrics) {
        public Given {
            metrics = Map.copyOf(metrics);
        }
    }

    /**
     * A later moment of a case: {@code after} the case's start. With {@code given} (or {@code run}), the run is
     * made again then with these results; otherwise only due escalations and updates happen.
     *
     * @param rerun     true when the procedure or checks run again at this moment
     * @param procedure the procedure run again (null: the case's)
     * @param checks    the checks run again when no procedure is named (empty: the case's)
     */
    public record Later(Where where, Duration after, boolean rerun, String procedure, List<String> checks,
                        Map<String, List<Given>> given, Map<String, Outcome> actions, Expect expect) {
        public Later {
            checks = List.copyOf(checks);
            given = Map.copyOf(given);
            actions = Map.copyOf(actions);
        }
    }

    /**
     * The expectations of one moment; an absent part is not checked.
     *
     * @param status        the run's status, or null
     * @param statusWhere   where it was written
     * @param checks        per-check expectations
     * @param actions       the remediation and procedure steps, or null
     * @param incidents     every incident there is at that moment (oldest first), or null
     * @param notifications notifications queued since the previous moment, or null
     * @param pausedAt      the title of the manual step the run must be paused at ({@code paused_at:}), or null
     */
    public record Expect(Where where, Status status, Where statusWhere, List<CheckExpect> checks,
                         ActionsExpect actions, List<IncidentExpect> incidents,
                         List<NotificationExpect> notifications, PausedAt pausedAt) {
        public Expect {
            checks = List.copyOf(checks);
            incidents = incidents == null ? null : List.copyOf(incidents);
            notifications = notifications == null ? null : List.copyOf(notifications);
        }

        /** Without a pause expectation. */
        public Expect(Where where, Status status, Where statusWhere, List<CheckExpect> checks, ActionsExpect actions,
                      List<IncidentExpect> incidents, List<NotificationExpect> notifications) {
            this(where, status, statusWhere, checks, actions, incidents, notifications, null);
        }
    }

    /** The manual step (its title) a run is expected to be paused at, and where that was written. */
    public record PausedAt(Where where, String step) {
    }

    /** A check's expected final and first status (either may be null). */
    public record CheckExpect(Where where, String check, Status status, Status firstStatus) {
    }

    /**
     * Expected steps, by action id or step title ({@code recheck disk}, {@code escalate P1}); waits are not steps.
     *
     * @param contains true: these steps in this order among others; false: exactly these
     * @param times    how many times each of these steps ran in all ({@code times: {restart-estimator: 1}})
     */
    public record ActionsExpect(Where where, List<String> steps, boolean contains, Map<String, Integer> times) {
        public ActionsExpect {
            steps = List.copyOf(steps);
            times = Map.copyOf(times);
        }
    }

    /** An expected incident: its level, the checks it concerns, optionally its state (open/acknowledged/resolved). */
    public record IncidentExpect(Where where, String level, List<String> checks, String state) {
        public IncidentExpect {
            checks = List.copyOf(checks);
        }
    }

    /**
     * An expected notification: to a contact or notifier, with a subject containing a text, of a kind
     * ({@code incident}, {@code update}, {@code recovery}, {@code report}, {@code message}); {@code count} null means
     * at least one, a number means exactly that many (0: none).
     */
    public record NotificationExpect(Where where, String to, String subjectContains, String kind, Integer count) {
    }
}
