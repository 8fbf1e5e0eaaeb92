package dev.runbook.dsl;

import dev.runbook.core.Check;
import dev.runbook.core.MetricSpec;
import dev.runbook.core.Status;
import dev.runbook.core.action.Action;
import dev.runbook.core.escalation.Contact;
import dev.runbook.core.escalation.EscalationPolicy;
import dev.runbook.core.escalation.EscalationStep;
import dev.runbook.core.escalation.Level;
import dev.runbook.core.escalation.Notifier;
import dev.runbook.core.escalation.Route;
import dev.runbook.core.model.ActionDefinition;
import dev.runbook.core.model.CheckDefinition;
import dev.runbook.core.model.Hysteresis;
import dev.runbook.core.model.MaintenanceWindow;
import dev.runbook.core.model.Procedure;
import dev.runbook.core.model.Remediation;
import dev.runbook.core.model.Runbook;
import dev.runbook.core.model.Step;
import dev.runbook.core.model.Waiver;
import dev.runbook.core.quantity.Quantity;
import dev.runbook.core.schedule.Schedule;
import dev.runbook.core.spi.ActionType;
import dev.runbook.core.spi.CheckType;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The Java DSL: a runbook written in code that reads like the document it replaces.
 *
 * <pre>{@code
 * Runbook rb = RunbookBuilder.runbook("ai-estimator")
 *     .title("AI Estimator System — Operations Runbook")
 *     .check("disk", c -> c.title("Disk usage").of(DISK, new DiskParams("/"))
 *             .warning("80%").critical("90%").onWarning("cleanup-uploads"))
 *     .check("health", c -> c.title("Health check").of(httpCheck, metrics).incident("P1")
 *             .onCritical(r -> r.run("restart-estimator").waitFor("30s").recheck("health").escalate("P1")))
 *     .action("restart-estimator", restart)
 *     .level("P1", "Complete service outage", "0m", "infra-manager")
 *     .procedure("morning-check", p -> p.title("Morning Check").schedule("daily 09:00")
 *             .checks("services", "health", "disk")
 *             .group("Resource usage check", "cpu", "memory"))
 *     .build();
 * }</pre>
 *
 * Each method validates its arguments at once, naming what was wrong. Not thread-safe; the built
 * {@link Runbook} is immutable.
 */
public final class RunbookBuilder {
    private final Runbook.Builder rb;
    private final Map<String, ActionDefinition> actions = new LinkedHashMap<>();
    private final List<Consumer<Runbook.Builder>> deferred = new ArrayList<>();
    private final List<Level> levels = new ArrayList<>();
    private final List<Route> routes = new ArrayList<>();
    private final List<Contact> contacts = new ArrayList<>();
    private Duration updates;
    private ZoneId zone = ZoneId.systemDefault();

    private RunbookBuilder(String id) {
        this.rb = Runbook.builder(id);
    }

    /** Starts a runbook with this id. */
    public static RunbookBuilder runbook(String id) {
        return new RunbookBuilder(id);
    }

    public RunbookBuilder title(String title) {
        rb.title(title);
        return this;
    }

    /** The time zone of schedules, windows and report periods, e.g. {@code Asia/Tokyo}. */
    public RunbookBuilder zone(String zoneId) {
        this.zone = ZoneId.of(zoneId);
        rb.zone(zone);
        return this;
    }

    /** Declares a check. */
    public RunbookBuilder check(String id, Consumer<CheckSpec> spec) {
        CheckSpec c = new CheckSpec(id);
        spec.accept(c);
        deferred.add(b -> b.check(c.build()));
        return this;
    }

    /** Declares a named action. */
    public RunbookBuilder action(String id, Action action) {
        return action(id, null, null, action);
    }

    /** Declares a named action with a title and timeout (e.g. {@code "5m"}). */
    public RunbookBuilder action(String id, String title, String timeout, Action action) {
        ActionDefinition a = new ActionDefinition(id, null, title, timeout == null ? null : Quantity.parseDuration(timeout),
                action, null);
        actions.put(id, a);
        rb.action(a);
        return this;
    }

    /** Declares a named action of a registered type, e.g. the built-in {@code systemd}. */
    public <P> RunbookBuilder action(String id, ActionType<P> type, P params) {
        ActionDefinition a = new ActionDefinition(id, type.name(), null, null,
                RunTimeBinding.action(type, params, id, zone), null);
        actions.put(id, a);
        rb.action(a);
        return this;
    }

    /** Declares a named remediation, usable from several checks. */
    public RunbookBuilder remediation(String id, Consumer<StepsSpec> steps) {
        StepsSpec s = new StepsSpec();
        steps.accept(s);
        if (remediationSpecs.putIfAbsent(id, s) != null) {
            throw new IllegalArgumentException("remediation '" + id + "' is declared twice");
        }
        return this;
    }

    /** Declares a procedure. */
    public RunbookBuilder procedure(String id, Consumer<ProcedureSpec> spec) {
        ProcedureSpec p = new ProcedureSpec(id);
        spec.accept(p);
        deferred.add(b -> b.procedure(p.build(actions)));
        return this;
    }

    /** An incident level (most severe first): id, title, respond-within, contacts notified at once. */
    public RunbookBuilder level(String id, String title, String respond, String... notify) {
        levels.add(new Level(id, title, Quantity.parseDuration(respond), List.of(notify), List.of()));
        return this;
    }

    /** Adds a {@code then} step to the last level declared: after this long, notify these contacts. */
    public RunbookBuilder thenAfter(String after, String... notify) {
        if (levels.isEmpty()) {
            throw new IllegalStateException("declare a level before thenAfter");
        }
        Level last = levels.remove(levels.size() - 1);
        List<EscalationStep> then = new ArrayList<>(last.then());
        then.add(new EscalationStep(Quantity.parseDuration(after), List.of(notify), false));
        levels.add(new Level(last.id(), last.title(), last.respond(), last.recipients(), then));
        return this;
    }

    public RunbookBuilder route(String category, String... notify) {
        routes.add(new Route(category, List.of(notify)));
        return this;
    }

    public RunbookBuilder contact(String id, String via, String address, String hours) {
        contacts.add(new Contact(id, via, address, hours));
        return this;
    }

    public RunbookBuilder updatesEvery(String interval) {
        this.updates = Quantity.parseDuration(interval);
        return this;
    }

    public RunbookBuilder notifier(String id, Notifier notifier) {
        rb.notifier(id, notifier);
        return this;
    }

    /** A runbook-wide maintenance window such as {@code "sunday 02:00-04:00"}. */
    public RunbookBuilder maintenance(String when, String reason) {
        rb.maintenance(MaintenanceWindow.recurring(when, reason));
        return this;
    }

    public RunbookBuilder store(String path) {
        rb.store(path);
        return this;
    }

    /**
     * Builds and validates every reference.
     *
     * @throws IllegalArgumentException naming a broken reference or a dependency cycle
     */
    public Runbook build() {
        rb.escalation(new EscalationPolicy(levels, routes, updates, contacts));
        remediationSpecs.forEach((id, spec) -> {
            Remediation r = Remediation.of(id, spec.resolve(actions));
            namedRemediations.put(id, r);
            rb.remediation(r);
        });
        deferred.forEach(d -> d.accept(rb));
        return rb.build();
    }

    /** A check being declared. */
    public final class CheckSpec {
        private final String id;
        private Check check;
        private String type = "custom";
        private List<MetricSpec> metrics = List.of();
        private String title;
        private String warning;
        private String critical;
        private final Map<String, String[]> metricThresholds = new LinkedHashMap<>();
        private Duration timeout;
        private Hysteresis hysteresis = Hysteresis.NONE;
        private final Map<Status, Object> on = new LinkedHashMap<>();
        private String incident;
        private String category;
        private final List<String> dependsOn = new ArrayList<>();
        private final List<MaintenanceWindow> windows = new ArrayList<>();
        private Waiver waiver;

        CheckSpec(String id) {
            this.id = id;
        }

        public CheckSpec title(String title) {
            this.title = title;
            return this;
        }

        /** The probe, with the metrics it reports (primary first). */
        public CheckSpec of(Check check, MetricSpec... metrics) {
            this.check = check;
            this.metrics = List.of(metrics);
            return this;
        }

        /** A probe of a registered type with its parameters. */
        public <P> CheckSpec of(CheckType<P> type, P params) {
            this.check = RunTimeBinding.check(type, params, id, zone);
            this.metrics = type.metrics(params);
            this.type = type.name();
            return this;
        }

        /** Warning threshold on the primary metric: {@code 80%}, {@code "< 30d"}, {@code "10:20"}. */
        public CheckSpec warning(String threshold) {
            this.warning = threshold;
            return this;
        }

        public CheckSpec critical(String threshold) {
            this.critical = threshold;
            return this;
        }

        /** Thresholds on another metric. */
        public CheckSpec thresholds(String metric, String warning, String critical) {
            metricThresholds.put(metric, new String[] {warning, critical});
            return this;
        }

        public CheckSpec timeout(String timeout) {
            this.timeout = Quantity.parseDuration(timeout);
            return this;
        }

        /** Leave OK only after this many consecutive runs. */
        public CheckSpec forRuns(int runs) {
            hysteresis = new Hysteresis(runs, hysteresis.forDuration(), hysteresis.recoverCount(),
                    hysteresis.recoverDuration(), hysteresis.flapping());
            return this;
        }

        /** Leave OK only after the problem held this long. */
        public CheckSpec forDuration(String d) {
            hysteresis = new Hysteresis(hysteresis.forCount(), Quantity.parseDuration(d), hysteresis.recoverCount(),
                    hysteresis.recoverDuration(), hysteresis.flapping());
            return this;
        }

        /** Run this named remediation or action when the check ends WARNING. */
        public CheckSpec onWarning(String remediationOrAction) {
            on.put(Status.WARNING, remediationOrAction);
            return this;
        }

        public CheckSpec onCritical(String remediationOrAction) {
            on.put(Status.CRITICAL, remediationOrAction);
            return this;
        }

        /** Inline remediation steps when the check ends CRITICAL. */
        public CheckSpec onCritical(Consumer<StepsSpec> steps) {
            StepsSpec s = new StepsSpec();
            steps.accept(s);
            on.put(Status.CRITICAL, s);
            return this;
        }

        public CheckSpec onWarning(Consumer<StepsSpec> steps) {
            StepsSpec s = new StepsSpec();
            steps.accept(s);
            on.put(Status.WARNING, s);
            return this;
        }

        public CheckSpec onUnknown(String remediationOrAction) {
            on.put(Status.UNKNOWN, remediationOrAction);
            return this;
        }

        /** Open an incident at this level when the check ends CRITICAL. */
        public CheckSpec incident(String level) {
            this.incident = level;
            return this;
        }

        public CheckSpec category(String category) {
            this.category = category;
            return this;
        }

        public CheckSpec dependsOn(String... ids) {
            dependsOn.addAll(List.of(ids));
            return this;
        }

        public CheckSpec maintenance(String when, String reason) {
            windows.add(MaintenanceWindow.recurring(when, reason));
            return this;
        }

        public CheckSpec waive(String until, String reason) {
            this.waiver = new Waiver(LocalDate.parse(until), reason);
            return this;
        }

        CheckDefinition build() {
            if (check == null) {
                throw new IllegalArgumentException("check '" + id + "': no probe given (call of(...))");
            }
            CheckDefinition.Builder b = CheckDefinition.builder(id, check).type(type).title(title).metrics(metrics)
                    .hysteresis(hysteresis).incident(incident).category(category).waive(waiver);
            if (timeout != null) {
                b.timeout(timeout);
            }
            if (warning != null || critical != null) {
                b.thresholds(warning, critical);
            }
            metricThresholds.forEach((m, wc) -> b.thresholds(m, wc[0], wc[1]));
            dependsOn.forEach(b::dependsOn);
            windows.forEach(b::maintenance);
            on.forEach((status, what) -> b.on(status, remediation(status, what)));
            return b.build();
        }

        private Remediation remediation(Status status, Object what) {
            if (what instanceof StepsSpec s) {
                return Remediation.of(id + "-on-" + status.name().toLowerCase(), s.resolve(actions));
            }
            String name = (String) what;
            ActionDefinition a = actions.get(name);
            if (a != null) {
                return Remediation.of(name, List.of(new Step.Run(a)));
            }
            Remediation r = namedRemediations.get(name);
            if (r == null) {
                throw new IllegalArgumentException("check '" + id + "': unknown remediation or action '" + name + "'");
            }
            return r;
        }
    }

    /** Named remediations, resolved at build time before checks so declaration order does not matter. */
    private final Map<String, StepsSpec> remediationSpecs = new LinkedHashMap<>();
    private final Map<String, Remediation> namedRemediations = new LinkedHashMap<>();

    /** Steps of a remediation or an inline list. */
    public final class StepsSpec {
        private final List<Object> steps = new ArrayList<>();

        /** Run a named action. */
        public StepsSpec run(String actionId) {
            steps.add(actionId);
            return this;
        }

        /** Run an inline action. */
        public StepsSpec run(String label, Action action) {
            steps.add(new Step.Run(ActionDefinition.of(label, action)));
            return this;
        }

        /** Wait, e.g. {@code "30s"}. */
        public StepsSpec waitFor(String duration) {
            steps.add(new Step.Wait(Quantity.parseDuration(duration)));
            return this;
        }

        /** Run a check again; OK ends the remediation as recovered. */
        public StepsSpec recheck(String checkId) {
            steps.add(new Step.Recheck(checkId));
            return this;
        }

        /** Open or raise an incident. */
        public StepsSpec escalate(String level) {
            steps.add(new Step.Escalate(level));
            return this;
        }

        List<Step> resolve(Map<String, ActionDefinition> known) {
            List<Step> out = new ArrayList<>();
            for (Object o : steps) {
                if (o instanceof String id) {
                    ActionDefinition a = known.get(id);
                    if (a == null) {
                        throw new IllegalArgumentException("unknown action '" + id + "' (actions: "
                                + String.join(", ", known.keySet()) + ")");
                    }
                    out.add(new Step.Run(a));
                } else {
                    out.add((Step) o);
                }
            }
            return out;
        }
    }

    /** A procedure being declared. */
    public final class ProcedureSpec {
        private final String id;
        private String title;
        private final List<Schedule> schedules = new ArrayList<>();
        private final List<Object> steps = new ArrayList<>();

        ProcedureSpec(String id) {
            this.id = id;
        }

        public ProcedureSpec title(String title) {
            this.title = title;
            return this;
        }

        /** {@code daily 09:00}, {@code monday 10:00}, {@code monthly 1 10:00}, {@code every 5m}, {@code cron "…"}. */
        public ProcedureSpec schedule(String schedule) {
            schedules.add(Schedule.parse(schedule));
            return this;
        }

        /** One step per check id. */
        public ProcedureSpec checks(String... ids) {
            for (String id : ids) {
                steps.add(new Step.Checks(List.of(id), null));
            }
            return this;
        }

        /** A titled group of checks run together. */
        public ProcedureSpec group(String title, String... ids) {
            steps.add(new Step.Checks(List.of(ids), title));
            return this;
        }

        /** Run a named action. */
        public ProcedureSpec run(String actionId) {
            steps.add(actionId);
            return this;
        }

        public ProcedureSpec waitFor(String duration) {
            steps.add(new Step.Wait(Quantity.parseDuration(duration)));
            return this;
        }

        /** Recheck: OK ends the procedure; otherwise the next steps run. */
        public ProcedureSpec recheck(String checkId) {
            steps.add(new Step.Recheck(checkId));
            return this;
        }

        public ProcedureSpec escalate(String level) {
            steps.add(new Step.Escalate(level));
            return this;
        }

        /** A human confirmation. */
        public ProcedureSpec manual(String text) {
            steps.add(new Step.Manual(text));
            return this;
        }

        public ProcedureSpec report(String reportId) {
            steps.add(new Step.Report(reportId));
            return this;
        }

        Procedure build(Map<String, ActionDefinition> known) {
            List<Step> out = new ArrayList<>();
            for (Object o : steps) {
                if (o instanceof String a) {
                    ActionDefinition def = known.get(a);
                    if (def == null) {
                        throw new IllegalArgumentException("procedure '" + id + "': unknown action '" + a + "'");
                    }
                    out.add(new Step.Run(def));
                } else {
                    out.add((Step) o);
                }
            }
            return new Procedure(id, title, schedules, out);
        }
    }
}
