package dev.runbook.dsl;

import dev.runbook.core.Check;
import dev.runbook.core.Secret;
import dev.runbook.core.model.SloDefinition;
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
    private final Map<String, Secret> secrets = new LinkedHashMap<>();
    private final Map<String, Object[]> slos = new LinkedHashMap<>();
    private final Map<String, CheckSpec> checkSpecs = new LinkedHashMap<>();

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
        checkSpecs.put(id, c);
        deferred.add(b -> b.check(c.build()));
        return this;
    }

    /** Declares a named action. */
    public RunbookBuilder action(String id, Action action) {
        return action(id, null, (String) null, action);
    }

    /** Declares a named action with a title and timeout (e.g. {@code "5m"}). */
    public RunbookBuilder action(String id, String title, String timeout, Action action) {
        ActionDefinition a = new ActionDefinition(id, null, title, timeout == null ? null : Durations.parse("timeout", timeout),
                action, null);
        actions.put(id, a);
        rb.action(a);
        return this;
    }

    /** Declares a named action with a title and timeout. */
    public RunbookBuilder action(String id, String title, Duration timeout, Action action) {
        ActionDefinition a = new ActionDefinition(id, null, title, timeout == null ? null : Durations.positive("timeout", timeout),
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

    /** An incident level with its respond-within as a {@link Duration}. */
    public RunbookBuilder level(String id, String title, Duration respond, String... notify) {
        levels.add(new Level(id, title, Durations.positiveOrZero("respond", respond), List.of(notify), List.of()));
        return this;
    }

    /** Adds a {@code then} step to the last level declared: after this long, notify these contacts. */
    public RunbookBuilder thenAfter(Duration after, String... notify) {
        if (levels.isEmpty()) {
            throw new IllegalStateException("declare a level before thenAfter");
        }
        Level last = levels.remove(levels.size() - 1);
        List<EscalationStep> then = new ArrayList<>(last.then());
        then.add(new EscalationStep(Durations.positiveOrZero("after", after), List.of(notify), false));
        levels.add(new Level(last.id(), last.title(), last.respond(), last.recipients(), then));
        return this;
    }

    /** Adds a {@code then} step to the last level declared, e.g. {@code thenAfter("30m", "cto")}. */
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
        this.updates = Durations.parse("updates", interval);
        return this;
    }

    public RunbookBuilder updatesEvery(Duration interval) {
        this.updates = Durations.positive("updates", interval);
        return this;
    }

    /**
     * A secret (YAML {@code secrets:}): its value is scrubbed from every output; {@code null} declares it unset, and
     * checks that {@link CheckSpec#uses use} it are then UNKNOWN without running.
     */
    public RunbookBuilder secret(String name, String value) {
        Secret s = value == null ? Secret.unset(name) : Secret.of(name, value);
        secrets.put(name, s);
        rb.secret(s);
        return this;
    }

    /** An availability SLO (YAML {@code slo: {from: <check>, objective: 99%, window}}), objective in percent. */
    public RunbookBuilder slo(String id, String fromCheck, double objectivePercent, Duration window) {
        if (!(objectivePercent > 0 && objectivePercent <= 100)) {
            throw new IllegalArgumentException("slo '" + id + "': objective must be above 0% and at most 100%, found "
                    + objectivePercent);
        }
        return addSlo(id, new Object[] {fromCheck, objectivePercent, null, Durations.positive("window", window)});
    }

    public RunbookBuilder slo(String id, String fromCheck, double objectivePercent, String window) {
        return slo(id, fromCheck, objectivePercent, Durations.parse("window", window));
    }

    /** A metric SLO (YAML {@code slo: {from: <check>.<metric>, max: 5s, window}}). */
    public RunbookBuilder sloMax(String id, String fromMetric, String max, Duration window) {
        Quantity.parse(max); // fails at once naming the text
        return addSlo(id, new Object[] {fromMetric, null, max, Durations.positive("window", window)});
    }

    public RunbookBuilder sloMax(String id, String fromMetric, String max, String window) {
        return sloMax(id, fromMetric, max, Durations.parse("window", window));
    }

    private RunbookBuilder addSlo(String id, Object[] slo) {
        if (slos.putIfAbsent(id, slo) != null) {
            throw new IllegalArgumentException("slo '" + id + "' is declared twice");
        }
        return this;
    }

    /** A report (YAML {@code reports:}). */
    public RunbookBuilder report(String id, Consumer<ReportSpec> spec) {
        ReportSpec r = new ReportSpec(id);
        spec.accept(r);
        rb.report(r.build());
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
            Remediation r = spec.toRemediation(id, actions);
            namedRemediations.put(id, r);
            rb.remediation(r);
        });
        deferred.forEach(d -> d.accept(rb));
        slos.forEach((id, s) -> rb.slo(sloDefinition(id, s)));
        return rb.build();
    }

    /** The SLO as the YAML loader makes it: a metric's bound in that metric's canonical unit. */
    private SloDefinition sloDefinition(String id, Object[] s) {
        String from = (String) s[0];
        String maxText = (String) s[2];
        if (maxText == null) {
            return new SloDefinition(id, from, (Double) s[1], null, null, (Duration) s[3]);
        }
        int dot = from.indexOf('.');
        CheckSpec c = dot <= 0 ? null : checkSpecs.get(from.substring(0, dot));
        if (c == null) {
            throw new IllegalArgumentException("slo '" + id + "': expected <check>.<metric> of a declared check, found '"
                    + from + "'");
        }
        Quantity q = Quantity.parse(maxText);
        MetricSpec ms = c.metrics.stream().filter(m -> m.name().equals(from.substring(dot + 1))).findFirst().orElse(null);
        double max = ms != null ? q.canonicalFor(ms.unit())
                : q.unit() == null ? q.number() : q.canonicalIn(q.unit().family());
        return new SloDefinition(id, from, null, max, maxText, (Duration) s[3]);
    }

    /** A check being declared. */
    public final class CheckSpec {
        private final String id;
        private Check check;
        private String type = "custom";
        private List<MetricSpec> metrics = List.of();
        private List<dev.runbook.core.ReportPlace> places = List.of();
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
        private final List<String> tags = new ArrayList<>();
        private final java.util.Set<String> missingSecrets = new java.util.LinkedHashSet<>();

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
            this.places = type.reportPlaces(params);
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
            this.timeout = Durations.parse("timeout", timeout);
            return this;
        }

        public CheckSpec timeout(Duration timeout) {
            this.timeout = Durations.positive("timeout", timeout);
            return this;
        }

        /** Return to OK only after this many consecutive OK runs (YAML {@code recover_for: 3}). */
        public CheckSpec recoverForRuns(int runs) {
            hysteresis = new Hysteresis(hysteresis.forCount(), hysteresis.forDuration(), runs,
                    hysteresis.recoverDuration(), hysteresis.flapping());
            return this;
        }

        /** Return to OK only after it held this long (YAML {@code recover_for: 10m}). */
        public CheckSpec recoverFor(Duration d) {
            hysteresis = new Hysteresis(hysteresis.forCount(), hysteresis.forDuration(), hysteresis.recoverCount(),
                    Durations.positiveOrZero("recover_for", d), hysteresis.flapping());
            return this;
        }

        public CheckSpec recoverFor(String d) {
            return recoverFor(Durations.parse("recover_for", d));
        }

        /** Leave OK only after the problem held this long (YAML {@code for: 10m}). */
        public CheckSpec forDuration(Duration d) {
            hysteresis = new Hysteresis(hysteresis.forCount(), Durations.positiveOrZero("for", d), hysteresis.recoverCount(),
                    hysteresis.recoverDuration(), hysteresis.flapping());
            return this;
        }

        /**
         * Flap detection (YAML {@code flapping: {window: 21, low: 20%, high: 30%}}): flapping above {@code highPercent}
         * state changes over the last {@code window} results, cleared below {@code lowPercent}.
         */
        public CheckSpec flapping(int window, double lowPercent, double highPercent) {
            hysteresis = new Hysteresis(hysteresis.forCount(), hysteresis.forDuration(), hysteresis.recoverCount(),
                    hysteresis.recoverDuration(), new Hysteresis.Flapping(window, lowPercent, highPercent));
            return this;
        }

        /** Tags (YAML {@code tags:}), for selecting and grouping checks. */
        public CheckSpec tags(String... tags) {
            this.tags.addAll(List.of(tags));
            return this;
        }

        /**
         * The secrets this check's parameters use (YAML {@code ${secret:name}}): if one is declared unset, the check
         * does not run and is UNKNOWN saying so.
         *
         * @throws IllegalArgumentException naming a secret that was not declared with {@link RunbookBuilder#secret}
         */
        public CheckSpec uses(String... secretNames) {
            for (String n : secretNames) {
                Secret s = secrets.get(n);
                if (s == null) {
                    throw new IllegalArgumentException("check '" + id + "': unknown secret '" + n
                            + "': declare it with secret(name, value) first");
                }
                if (!s.isSet()) {
                    missingSecrets.add(n);
                }
            }
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
            return forDuration(Durations.parse("for", d));
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

        private boolean fleetScoped;

        /** Open an incident at this level when the check ends CRITICAL. */
        public CheckSpec incident(String level) {
            this.incident = level;
            return this;
        }

        public CheckSpec category(String category) {
            this.category = category;
            return this;
        }

        /**
         * {@code scope: fleet} ({@code "fleet"}) or {@code scope: host} ({@code "host"}, the default): on a fleet
         * sharing one store, a fleet-scoped check is evaluated once for the fleet (runbook-format §10).
         */
        public CheckSpec scope(String scope) {
            if (!"fleet".equals(scope) && !"host".equals(scope)) {
                throw new IllegalArgumentException("check '" + id + "': scope must be 'host' or 'fleet', found '"
                        + scope + "'");
            }
            this.fleetScoped = "fleet".equals(scope);
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
                    .hysteresis(hysteresis).incident(incident).category(category).waive(waiver)
                    .reportPlaces(places).fleetScoped(fleetScoped);
            if (timeout != null) {
                b.timeout(timeout);
            }
            if (warning != null || critical != null) {
                b.thresholds(warning, critical);
            }
            metricThresholds.forEach((m, wc) -> b.thresholds(m, wc[0], wc[1]));
            dependsOn.forEach(b::dependsOn);
            b.tags(tags.toArray(String[]::new));
            b.missingSecrets(missingSecrets);
            windows.forEach(b::maintenance);
            on.forEach((status, what) -> b.on(status, remediation(status, what)));
            return b.build();
        }

        private Remediation remediation(Status status, Object what) {
            if (what instanceof StepsSpec s) {
                return s.toRemediation(id + "-on-" + status.name().toLowerCase(), actions);
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

}
