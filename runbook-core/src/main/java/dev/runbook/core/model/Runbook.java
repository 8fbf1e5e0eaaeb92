package dev.runbook.core.model;

import dev.runbook.core.Secret;
import dev.runbook.core.escalation.EscalationPolicy;
import dev.runbook.core.escalation.Notifier;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A whole runbook: checks, actions, remediations, procedures, maintenance windows, escalation, notifiers,
 * SLOs, reports, secrets and the store location. Built by the YAML loader or by {@link #builder(String)} (the
 * Java DSL in {@code dev.runbook.dsl} reads nicer). {@link Builder#build()} checks every reference and refuses
 * dependency cycles. Immutable.
 */
public final class Runbook {
    private final String id;
    private final String title;
    private final ZoneId zone;
    private final Map<String, CheckDefinition> checks;
    private final Map<String, ActionDefinition> actions;
    private final Map<String, Remediation> remediations;
    private final Map<String, Procedure> procedures;
    private final List<MaintenanceWindow> maintenance;
    private final EscalationPolicy escalation;
    private final Map<String, Notifier> notifiers;
    private final Map<String, SloDefinition> slos;
    private final Map<String, ReportDefinition> reports;
    private final Map<String, Secret> secrets;
    private final String store;
    private final String host;
    private final Path source;

    private Runbook(Builder b) {
        this.id = b.id;
        this.title = b.title;
        this.zone = b.zone;
        this.checks = Collections.unmodifiableMap(new LinkedHashMap<>(b.checks));
        this.actions = Collections.unmodifiableMap(new LinkedHashMap<>(b.actions));
        this.remediations = Collections.unmodifiableMap(new LinkedHashMap<>(b.remediations));
        this.procedures = Collections.unmodifiableMap(new LinkedHashMap<>(b.procedures));
        this.maintenance = List.copyOf(b.maintenance);
        this.escalation = b.escalation;
        this.notifiers = Collections.unmodifiableMap(new LinkedHashMap<>(b.notifiers));
        this.slos = Collections.unmodifiableMap(new LinkedHashMap<>(b.slos));
        this.reports = Collections.unmodifiableMap(new LinkedHashMap<>(b.reports));
        this.secrets = Collections.unmodifiableMap(new LinkedHashMap<>(b.secrets));
        this.store = b.store;
        this.host = b.host;
        this.source = b.source;
    }

    public static Builder builder(String id) {
        return new Builder(id);
    }

    public String id() {
        return id;
    }

    public String title() {
        return title;
    }

    public ZoneId zone() {
        return zone;
    }

    public Map<String, CheckDefinition> checks() {
        return checks;
    }

    public CheckDefinition check(String id) {
        CheckDefinition c = checks.get(id);
        if (c == null) {
            throw new IllegalArgumentException("unknown check '" + id + "'");
        }
        return c;
    }

    public Map<String, ActionDefinition> actions() {
        return actions;
    }

    public Map<String, Remediation> remediations() {
        return remediations;
    }

    public Map<String, Procedure> procedures() {
        return procedures;
    }

    public List<MaintenanceWindow> maintenance() {
        return maintenance;
    }

    public EscalationPolicy escalation() {
        return escalation;
    }

    public Map<String, Notifier> notifiers() {
        return notifiers;
    }

    public Map<String, SloDefinition> slos() {
        return slos;
    }

    public Map<String, ReportDefinition> reports() {
        return reports;
    }

    /** Secrets by name; their values are scrubbed from every captured output. */
    public Map<String, Secret> secrets() {
        return secrets;
    }

    /** The host this runbook's runs are recorded as ({@code host:}, runbook-format §10), or null for the machine's name. */
    public String host() {
        return host;
    }

    /** The store location as configured (a path or jdbc:sqlite: URL), or null for the default. */
    public String store() {
        return store;
    }

    /** The file it was loaded from, or null. */
    public Path source() {
        return source;
    }

    /**
     * The same runbook with {@code procedures} in place of its own (a daemon's view of a fleet's runbook: the
     * procedures as this host runs them); everything else is shared.
     */
    public Runbook withProcedures(java.util.Collection<Procedure> procedures) {
        Builder b = new Builder(id);
        b.title = title;
        b.zone = zone;
        b.checks.putAll(checks);
        b.actions.putAll(actions);
        b.remediations.putAll(remediations);
        procedures.forEach(b::procedure);
        b.maintenance.addAll(maintenance);
        b.escalation = escalation;
        b.notifiers.putAll(notifiers);
        b.slos.putAll(slos);
        b.reports.putAll(reports);
        b.secrets.putAll(secrets);
        b.store = store;
        b.host = host;
        b.source = source;
        return b.build();
    }

    /** Builds a {@link Runbook}. Not thread-safe. */
    public static final class Builder {
        private final String id;
        private String title;
        private ZoneId zone = ZoneId.systemDefault();
        private final Map<String, CheckDefinition> checks = new LinkedHashMap<>();
        private final Map<String, ActionDefinition> actions = new LinkedHashMap<>();
        private final Map<String, Remediation> remediations = new LinkedHashMap<>();
        private final Map<String, Procedure> procedures = new LinkedHashMap<>();
        private final List<MaintenanceWindow> maintenance = new ArrayList<>();
        private EscalationPolicy escalation = EscalationPolicy.none();
        private final Map<String, Notifier> notifiers = new LinkedHashMap<>();
        private final Map<String, SloDefinition> slos = new LinkedHashMap<>();
        private final Map<String, ReportDefinition> reports = new LinkedHashMap<>();
        private final Map<String, Secret> secrets = new LinkedHashMap<>();
        private String store;
        private String host;
        private Path source;

        private Builder(String id) {
            CheckDefinition.requireId("runbook", id);
            this.id = id;
        }

        public Builder title(String title) {
            this.title = title;
            return this;
        }

        public Builder zone(ZoneId zone) {
            this.zone = Objects.requireNonNull(zone, "zone");
            return this;
        }

        public Builder check(CheckDefinition check) {
            if (checks.putIfAbsent(check.id(), check) != null) {
                throw new IllegalArgumentException("check '" + check.id() + "' is defined twice");
            }
            return this;
        }

        public Builder action(ActionDefinition action) {
            CheckDefinition.requireId("action id", action.id());
            if (actions.putIfAbsent(action.id(), action) != null) {
                throw new IllegalArgumentException("action '" + action.id() + "' is defined twice");
            }
            return this;
        }

        public Builder remediation(Remediation remediation) {
            if (remediations.putIfAbsent(remediation.id(), remediation) != null) {
                throw new IllegalArgumentException("remediation '" + remediation.id() + "' is defined twice");
            }
            return this;
        }

        public Builder procedure(Procedure procedure) {
            if (procedures.putIfAbsent(procedure.id(), procedure) != null) {
                throw new IllegalArgumentException("procedure '" + procedure.id() + "' is defined twice");
            }
            return this;
        }

        public Builder maintenance(MaintenanceWindow window) {
            maintenance.add(window);
            return this;
        }

        public Builder escalation(EscalationPolicy policy) {
            this.escalation = Objects.requireNonNull(policy, "escalation");
            return this;
        }

        public Builder notifier(String id, Notifier notifier) {
            CheckDefinition.requireId("notifier id", id);
            notifiers.put(id, notifier);
            return this;
        }

        public Builder slo(SloDefinition slo) {
            slos.put(slo.id(), slo);
            return this;
        }

        public Builder report(ReportDefinition report) {
            reports.put(report.id(), report);
            return this;
        }

        public Builder secret(Secret secret) {
            secrets.put(secret.name(), secret);
            return this;
        }

        /** The host runs are recorded as (runbook-format §10); null: the machine's host name. */
        public Builder host(String host) {
            this.host = host;
            return this;
        }

        public Builder store(String store) {
            this.store = store;
            return this;
        }

        public Builder source(Path source) {
            this.source = source;
            return this;
        }

        /**
         * Builds, checking that every referenced check, action, remediation, level and report exists and that
         * {@code depends_on}/{@code after} have no cycle.
         *
         * @throws IllegalArgumentException naming the first broken reference or the cycle
         */
        public Runbook build() {
            for (CheckDefinition c : checks.values()) {
                for (String d : c.dependsOn()) {
                    requireCheck(d, "check '" + c.id() + "' depends_on");
                }
                for (String d : c.after()) {
                    requireCheck(d, "check '" + c.id() + "' reads metrics of");
                }
                for (Remediation r : c.remediations().values()) {
                    checkSteps(r.steps(), "check '" + c.id() + "'");
                }
                if (c.incident() != null) {
                    requireLevel(c.incident(), "check '" + c.id() + "' incident");
                }
            }
            for (Remediation r : remediations.values()) {
                checkSteps(r.steps(), "remediation '" + r.id() + "'");
            }
            for (Procedure p : procedures.values()) {
                checkSteps(p.steps(), "procedure '" + p.id() + "'");
            }
            List<String> cycle = findCycle();
            if (cycle != null) {
                throw new IllegalArgumentException("dependency cycle: " + String.join(" -> ", cycle));
            }
            return new Runbook(this);
        }

        private void checkSteps(List<Step> steps, String where) {
            for (Step step : steps) {
                Step s = Step.unwrap(step);
                if (step instanceof Step.When w) {
                    w.condition().checkIds().forEach(id -> requireCheck(id, where + " when"));
                }
                if (s instanceof Step.Checks cs) {
                    cs.checkIds().forEach(id -> requireCheck(id, where + " step"));
                } else if (s instanceof Step.Recheck r) {
                    requireCheck(r.checkId(), where + " recheck");
                } else if (s instanceof Step.Escalate e) {
                    requireLevel(e.level(), where + " escalate");
                } else if (s instanceof Step.Report r && !reports.isEmpty() && !reports.containsKey(r.reportId())) {
                    throw new IllegalArgumentException(where + " renders unknown report '" + r.reportId() + "'");
                }
            }
        }

        private void requireCheck(String id, String where) {
            if (!checks.containsKey(id)) {
                throw new IllegalArgumentException(where + " names unknown check '" + id + "'");
            }
        }

        private void requireLevel(String level, String where) {
            if (!escalation.levels().isEmpty() && !escalation.levels().containsKey(level)) {
                throw new IllegalArgumentException(where + " names unknown level '" + level + "' (levels: "
                        + String.join(", ", escalation.levels().keySet()) + ")");
            }
        }

        private List<String> findCycle() {
            Map<String, Integer> state = new HashMap<>();
            for (String start : checks.keySet()) {
                Deque<String> path = new ArrayDeque<>();
                List<String> c = dfs(start, state, path, new HashSet<>());
                if (c != null) {
                    return c;
                }
            }
            return null;
        }

        private List<String> dfs(String id, Map<String, Integer> state, Deque<String> path, Set<String> onPath) {
            Integer s = state.get(id);
            if (s != null && s == 2) {
                return null;
            }
            if (onPath.contains(id)) {
                List<String> cycle = new ArrayList<>();
                boolean in = false;
                for (String p : path) {
                    if (p.equals(id)) {
                        in = true;
                    }
                    if (in) {
                        cycle.add(p);
                    }
                }
                cycle.add(id);
                return cycle;
            }
            onPath.add(id);
            path.addLast(id);
            CheckDefinition c = checks.get(id);
            if (c != null) {
                List<String> next = new ArrayList<>(c.dependsOn());
                next.addAll(c.after());
                for (String n : next) {
                    List<String> r = dfs(n, state, path, onPath);
                    if (r != null) {
                        return r;
                    }
                }
            }
            path.removeLast();
            onPath.remove(id);
            state.put(id, 2);
            return null;
        }
    }
}
