package dev.runbook.runtime.rehearsal;

import dev.runbook.core.Status;
import dev.runbook.core.action.Outcome;
import dev.runbook.core.engine.ActionRun;
import dev.runbook.core.engine.CheckRun;
import dev.runbook.core.engine.Engine;
import dev.runbook.core.engine.RunRequest;
import dev.runbook.core.engine.RunResult;
import dev.runbook.core.engine.RunTrail;
import dev.runbook.core.engine.RunListener;
import dev.runbook.core.escalation.EscalationStep;
import dev.runbook.core.escalation.Incident;
import dev.runbook.core.escalation.Level;
import dev.runbook.core.model.Runbook;
import dev.runbook.core.spi.TypeRegistry;
import dev.runbook.incidents.StoreIncidentService;
import dev.runbook.runtime.RunbookRuntime;
import dev.runbook.runtime.rehearsal.DrillReport.Step;
import dev.runbook.store.Store;
import dev.runbook.store.IncidentTables;
import dev.runbook.store.OutboxTable.Outgoing;
import dev.runbook.yaml.LoadResult;
import dev.runbook.yaml.RunbookLoader;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A fire drill on the live setup ({@code runbook drill}, runbook-format §11): the named check's result is forced
 * (default CRITICAL) and the real pipeline follows — its remediation as a dry run unless {@code act}, the real
 * incidents in the runbook's store (the incident marked as a drill, so reports leave it out), every notification
 * really sent through the runbook's notifiers with {@code [DRILL]} before its subject; at the end the drill's
 * incidents are resolved (their recovery notifications go out too) and a {@link DrillReport} says what happened
 * and when. The drill is stored as a run with trigger {@code drill} and its steps ({@code runbook runs}), but its
 * check results are not recorded, so availability and reports never count them ({@link DrillRuns}). Waits are
 * not slept unless {@code act}.
 *
 * <pre>{@code
 * DrillReport r = Drill.builder(Path.of("runbook.yaml"), TypeRegistry.load(), System.getenv()).check("health").run();
 * System.out.print(r.text());
 * }</pre>
 *
 * <p>{@link Builder#run()} blocks until the drill is over: the run, one delivery attempt per notification (each
 * bounded by its notifier's timeout) and the resolution. Not thread-safe.
 */
public final class Drill {
    /** How long the drill retries the outbox after the run before it reports what was not delivered. */
    static final Duration DELIVERY_BUDGET = Duration.ofSeconds(30);

    private Drill() {
    }

    /** A drill of a runbook file, loaded with these types and environment. */
    public static Builder builder(Path runbookFile, TypeRegistry registry, Map<String, String> env) {
        return new Builder(Objects.requireNonNull(runbookFile, "runbookFile"), Objects.requireNonNull(registry, "registry"),
                Objects.requireNonNull(env, "env"));
    }

    /** Sets up and runs a drill. Each setter checks its argument. */
    public static final class Builder {
        private final Path file;
        private final TypeRegistry registry;
        private final Map<String, String> env;
        private String check;
        private Status status = Status.CRITICAL;
        private String message;
        private boolean act;
        private String operator;
        private Clock clock;

        private Builder(Path file, TypeRegistry registry, Map<String, String> env) {
            this.file = file;
            this.registry = registry;
            this.env = env;
        }

        /** The check whose result is forced (required). */
        public Builder check(String id) {
            this.check = Objects.requireNonNull(id, "check");
            return this;
        }

        /** The forced status (default CRITICAL); OK is refused: a drill rehearses a failure. */
        public Builder status(Status status) {
            Objects.requireNonNull(status, "status");
            if (status == Status.OK) {
                throw new IllegalArgumentException("status: a drill forces a failure (WARNING, CRITICAL or UNKNOWN), found OK");
            }
            this.status = status;
            return this;
        }

        /** The forced result's message (default "fire drill: forced STATUS"). */
        public Builder message(String message) {
            this.message = message;
            return this;
        }

        /** True to run the remediation's actions for real (and sleep its waits). */
        public Builder act(boolean act) {
            this.act = act;
            return this;
        }

        /** Who runs the drill, recorded with the incident. */
        public Builder operator(String operator) {
            this.operator = operator;
            return this;
        }

        /** The clock (default: the system clock). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Loads the runbook with the drill's swaps and runs the drill.
         *
         * @throws IllegalArgumentException if the runbook is not valid or has no such check
         */
        public DrillReport run() {
            if (check == null) {
                throw new IllegalArgumentException("a drill needs the check to force (--check ID)");
            }
            String text = message != null ? message : "fire drill: forced " + status;
            LoadResult loaded = new RunbookLoader(SwappedTypes.of(registry, new DrillSwaps(check, status, text, act)),
                    env, Clock.systemDefaultZone()).load(file);
            if (!loaded.isValid()) {
                throw new IllegalArgumentException(file + " is not valid: " + loaded.errors().get(0));
            }
            Runbook rb = loaded.runbook();
            if (!rb.checks().containsKey(check)) {
                throw new IllegalArgumentException("unknown check '" + check + "'"
                        + dev.runbook.core.Suggestions.didYouMean(check, rb.checks().keySet()));
            }
            Clock c = clock != null ? clock : Clock.system(rb.zone());
            try (Store db = Store.open(RunbookRuntime.storePath(rb, env), Store.DEFAULT_RETENTION, c);
                 StoreIncidentService incidents = StoreIncidentService.open(db, rb, c)) {
                return drill(rb, db, incidents, c, text);
            }
        }

        private DrillReport drill(Runbook rb, Store db, StoreIncidentService incidents, Clock c, String text) {
            IncidentTables tables = db.incidents(rb.id(), s -> s);
            Set<Long> before = incidents.all().stream().map(Incident::id).collect(Collectors.toSet());
            long outboxBefore = lastOutbox(tables);
            Instant start = c.instant();
            List<Step> steps = new ArrayList<>();
            List<Step> heard = java.util.Collections.synchronizedList(steps);
            // notifications are written to the outbox as they go out: kind drill, [DRILL] before the subject (§9)
            incidents.labelNotifications(DrillSwaps::asDrill);
            DrillRuns runs = new DrillRuns(db.runs());
            Engine.Builder eb = Engine.builder().clock(c).store(runs).incidents(incidents)
                    .notifications(incidents.notifications()).listener(incidents.actionRecorder())
                    .listener(new RunListener() {
                        @Override
                        public void checkFinished(CheckRun r) {
                            if (r.check().equals(check)) {
                                heard.add(new Step("detection", c.instant(), r.duration(), check + " "
                                        + r.firstStatus() + ": " + r.message(), r.firstStatus() != Status.OK));
                            }
                        }

                        @Override
                        public void actionFinished(String checkId, ActionRun a) {
                            if (check.equals(checkId)) {
                                heard.add(new Step(a.step().startsWith("escalate ") || a.step().startsWith("incident ")
                                        ? "escalation" : "action", c.instant(), a.duration(), a.step() + ": "
                                        + a.outcome().word() + (a.message().isBlank() ? "" : " — " + a.message()),
                                        a.outcome() != Outcome.FAILED && a.outcome() != Outcome.TIMED_OUT));
                            }
                        }
                    });
            if (!act) {
                eb.sleeper(d -> { }); // a drill does not wait for actions it did not run
            }
            RunResult ran;
            try (Engine engine = eb.build(); runs) {
                ran = engine.run(rb, RunRequest.builder().check(check).operator(operator).trigger(RunTrail.DRILL)
                        .build());
            }
            List<Incident> opened = incidents.all().stream().filter(i -> !before.contains(i.id()))
                    .sorted(Comparator.comparingLong(Incident::id)).toList();
            for (Incident i : opened) {
                tables.timelineNow(i.id(), c.instant(), StoreIncidentService.DRILL, "fire drill of " + check
                        + (operator == null ? "" : " by " + operator) + ": " + text);
                steps.add(new Step("incident", i.openedAt(), null, "#" + i.id() + " " + i.level() + " opened for "
                        + i.check() + " (marked as a drill)", true));
                Level level = rb.escalation().level(i.level()).orElse(null);
                if (level != null) {
                    for (EscalationStep s : level.then()) {
                        steps.add(new Step("escalation due", i.openedAt().plus(s.after()), null, "then: notify "
                                + String.join(", ", s.recipients()) + " " + human(s.after()) + " after opening"
                                + (s.unlessAcknowledged() ? ", unless acknowledged" : "") + " (not sent: the drill"
                                + " resolves first)", true));
                    }
                }
            }
            incidents.deliverDue(c.instant(), DELIVERY_BUDGET);
            for (Incident i : opened) {
                incidents.resolve(i.id(), operator == null ? "drill" : operator + " (drill)");
                steps.add(new Step("resolved", c.instant(), null, "#" + i.id() + " resolved at the end of the drill",
                        true));
            }
            incidents.deliverDue(c.instant(), DELIVERY_BUDGET);
            for (Outgoing o : outboxSince(tables, outboxBefore)) {
                boolean delivered = "delivered".equals(o.state());
                steps.add(new Step("delivery", o.doneAt() != null ? o.doneAt() : o.createdAt(), null,
                        (delivered ? "delivered to " : "NOT delivered to ") + o.target() + " via " + o.notifier()
                                + ": " + o.subject()
                                + (delivered ? "" : " — " + o.state() + (o.lastError() == null ? "" : ": " + o.lastError())),
                        delivered));
            }
            List<Step> ordered = new ArrayList<>(steps);
            ordered.sort(Comparator.comparing((Step s) -> s.kind().equals("escalation due")).thenComparing(Step::at));
            if (ran.storeError() != null) {
                ordered.add(new Step("recorded", c.instant(), null, "the drill's run could not be stored: "
                        + ran.storeError(), false));
            } else if (ran.trail().id() != null) {
                ordered.add(new Step("recorded", c.instant(), null, "run #" + ran.trail().id() + " (trigger drill;"
                        + " left out of availability and reports)", true));
            }
            return new DrillReport(rb.id(), check, start, ordered, rb.zone());
        }
    }

    private static long lastOutbox(IncidentTables t) {
        return outboxSince(t, 0).stream().mapToLong(Outgoing::id).max().orElse(0);
    }

    private static List<Outgoing> outboxSince(IncidentTables t, long after) {
        List<Outgoing> all = new ArrayList<>();
        for (String state : List.of("pending", "delivered", "failed")) {
            all.addAll(t.outbox().outgoingByState(state));
        }
        return all.stream().filter(o -> o.id() > after).sorted(Comparator.comparingLong(Outgoing::id)).toList();
    }

    private static String human(Duration d) {
        long m = d.toMinutes();
        return m % 60 == 0 && m >= 60 ? (m / 60) + "h" : m + "m";
    }
}
