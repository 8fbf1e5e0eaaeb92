package dev.runbook.core.model;

import dev.runbook.core.Check;
import dev.runbook.core.MetricSpec;
import dev.runbook.core.ReportPlace;
import dev.runbook.core.Status;
import dev.runbook.core.threshold.MetricThresholds;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A check as the runbook declares it: the probe, its metric declarations, thresholds, timeout, hysteresis,
 * what to do per status, incident level, dependencies, maintenance, waiver and tags. Immutable; build with
 * {@link #builder(String, Check)}, whose setters fail fast naming the field.
 */
public final class CheckDefinition {
    /** Ids of checks, actions, procedures, … */
    public static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]*");
    /** The default check timeout, 30 seconds. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private final String id;
    private final String type;
    private final String title;
    private final Check check;
    private final List<MetricSpec> metrics;
    private final Map<String, MetricThresholds> thresholds;
    private final Duration timeout;
    private final Hysteresis hysteresis;
    private final Map<Status, Remediation> remediations;
    private final String incident;
    private final String category;
    private final List<String> dependsOn;
    private final List<String> after;
    private final List<MaintenanceWindow> maintenance;
    private final Waiver waiver;
    private final Set<String> tags;
    private final Set<String> missingSecrets;
    private final boolean dailyTotals;
    private final String totalsPeriod;
    private final List<ReportPlace> reportPlaces;
    private final boolean fleetScoped;

    private CheckDefinition(Builder b) {
        this.id = b.id;
        this.type = b.type;
        this.title = b.title;
        this.check = b.check;
        this.metrics = List.copyOf(b.metrics);
        this.thresholds = Collections.unmodifiableMap(new LinkedHashMap<>(b.thresholds));
        this.timeout = b.timeout;
        this.hysteresis = b.hysteresis;
        this.remediations = Collections.unmodifiableMap(new EnumMap<>(b.remediations));
        this.incident = b.incident;
        this.category = b.category;
        this.dependsOn = List.copyOf(b.dependsOn);
        this.after = List.copyOf(b.after);
        this.maintenance = List.copyOf(b.maintenance);
        this.waiver = b.waiver;
        this.tags = Collections.unmodifiableSet(new LinkedHashSet<>(b.tags));
        this.missingSecrets = Set.copyOf(b.missingSecrets);
        this.dailyTotals = b.dailyTotals || "day".equals(b.totalsPeriod);
        this.totalsPeriod = b.totalsPeriod != null ? b.totalsPeriod : b.dailyTotals ? "day" : null;
        this.reportPlaces = List.copyOf(b.reportPlaces);
        this.fleetScoped = b.fleetScoped;
    }

    /** A builder for a check with this id and probe. */
    public static Builder builder(String id, Check check) {
        return new Builder(id, check);
    }

    public String id() {
        return id;
    }

    /** The type name ({@code disk}, {@code http}, …) or {@code custom} for a lambda. */
    public String type() {
        return type;
    }

    /** The title, or null. */
    public String title() {
        return title;
    }

    /** The title, or the id. */
    public String label() {
        return title != null ? title : id;
    }

    public Check check() {
        return check;
    }

    /** Declared metrics, primary first; may be empty for a custom check that declares none. */
    public List<MetricSpec> metrics() {
        return metrics;
    }

    /** The primary metric, or null. */
    public MetricSpec primaryMetric() {
        return metrics.isEmpty() ? null : metrics.get(0);
    }

    /** Thresholds by metric name. */
    public Map<String, MetricThresholds> thresholds() {
        return thresholds;
    }

    public Duration timeout() {
        return timeout;
    }

    public Hysteresis hysteresis() {
        return hysteresis;
    }

    /** The remediation for a status ({@code on_warning}, {@code on_critical}, {@code on_unknown}), or null. */
    public Remediation remediationFor(Status status) {
        return remediations.get(status);
    }

    public Map<Status, Remediation> remediations() {
        return remediations;
    }

    /** The incident level to open when the check ends CRITICAL, or null. */
    public String incident() {
        return incident;
    }

    public String category() {
        return category;
    }

    /** Checks that must pass first; if one ends CRITICAL or UNKNOWN this one is skipped. */
    public List<String> dependsOn() {
        return dependsOn;
    }

    /** Checks that must run first (their metrics are read), without skipping. */
    public List<String> after() {
        return after;
    }

    public List<MaintenanceWindow> maintenance() {
        return maintenance;
    }

    /** The waiver, or null. */
    public Waiver waiver() {
        return waiver;
    }

    public Set<String> tags() {
        return tags;
    }

    /** Secrets this check uses that are not set: it is then UNKNOWN without running. */
    public Set<String> missingSecrets() {
        return missingSecrets;
    }

    /**
     * True when the check's figures are running totals since the start of the day ({@code window: today},
     * {@code since: today}): a report's {@code agg: sum} over them adds each calendar day's last value, not every
     * sample (runbook-format §8 [1.1]).
     */
    public boolean dailyTotals() {
        return dailyTotals;
    }

    /**
     * The calendar period the check's figures run over, when they are running totals since its start: {@code day}
     * ({@code window: today}), {@code week} ({@code window: week}) or {@code month} ({@code window: month}); else
     * null. A report over that same period takes such a check's last value in the period as the period's figure
     * (its percentiles, averages and rates), not an aggregate of the samples.
     */
    public String totalsPeriod() {
        return totalsPeriod;
    }

    /** Where the check's figures appear in the reports, as its type declares ({@link ReportPlace}). */
    public List<ReportPlace> reportPlaces() {
        return reportPlaces;
    }

    /**
     * True for {@code scope: fleet} (runbook-format §10): on a fleet sharing one store the check is about the whole
     * fleet, evaluated once by the lease holder, with one incident for the fleet; false ({@code scope: host}, the
     * default): each host evaluates it and has its own incident.
     */
    public boolean fleetScoped() {
        return fleetScoped;
    }

    @Override
    public String toString() {
        return "check " + id + " (" + type + ")";
    }

    /** Builds a {@link CheckDefinition}; each setter validates its argument. Not thread-safe. */
    public static final class Builder {
        private final String id;
        private final Check check;
        private String type = "custom";
        private String title;
        private final List<MetricSpec> metrics = new ArrayList<>();
        private final Map<String, MetricThresholds> thresholds = new LinkedHashMap<>();
        private Duration timeout = DEFAULT_TIMEOUT;
        private Hysteresis hysteresis = Hysteresis.NONE;
        private final Map<Status, Remediation> remediations = new EnumMap<>(Status.class);
        private String incident;
        private String category;
        private final List<String> dependsOn = new ArrayList<>();
        private final List<String> after = new ArrayList<>();
        private final List<MaintenanceWindow> maintenance = new ArrayList<>();
        private Waiver waiver;
        private final Set<String> tags = new LinkedHashSet<>();
        private final Set<String> missingSecrets = new LinkedHashSet<>();
        private boolean dailyTotals;
        private String totalsPeriod;
        private final List<ReportPlace> reportPlaces = new ArrayList<>();
        private boolean fleetScoped;

        private Builder(String id, Check check) {
            requireId("id", id);
            this.id = id;
            this.check = Objects.requireNonNull(check, "check");
        }

        /**
         * Marks the check's figures as running totals since the start of the calendar {@code day}, {@code week} or
         * {@code month} (null: none); see {@link #totalsPeriod()}.
         */
        public Builder totalsPeriod(String period) {
            if (period != null && !period.equals("day") && !period.equals("week") && !period.equals("month")) {
                throw new IllegalArgumentException("totals period: expected day, week or month, found '" + period + "'");
            }
            this.totalsPeriod = period;
            return this;
        }

        /** {@code scope: fleet} (true) or {@code scope: host} (false, the default); see {@link #fleetScoped()}. */
        public Builder fleetScoped(boolean fleetScoped) {
            this.fleetScoped = fleetScoped;
            return this;
        }

        /** Marks the check's figures as running totals since the start of the day; see {@link #dailyTotals()}. */
        public Builder dailyTotals(boolean dailyTotals) {
            this.dailyTotals = dailyTotals;
            return this;
        }

        /** Where the check's figures appear in the reports (its type's {@code reportPlaces}). */
        public Builder reportPlaces(List<ReportPlace> places) {
            reportPlaces.clear();
            reportPlaces.addAll(places);
            return this;
        }

        public Builder type(String type) {
            this.type = Objects.requireNonNull(type, "type");
            return this;
        }

        public Builder title(String title) {
            this.title = title;
            return this;
        }

        /** Declares metrics, primary first. */
        public Builder metrics(List<MetricSpec> specs) {
            Set<String> seen = new LinkedHashSet<>();
            for (MetricSpec m : specs) {
                if (!seen.add(m.name())) {
                    throw new IllegalArgumentException("check '" + id + "': metric '" + m.name() + "' declared twice");
                }
            }
            metrics.clear();
            metrics.addAll(specs);
            return this;
        }

        /** The declared metric with this name. */
        public MetricSpec metric(String name) {
            for (MetricSpec m : metrics) {
                if (m.name().equals(name)) {
                    return m;
                }
            }
            throw new IllegalArgumentException("check '" + id + "' has no metric '" + name + "' (it has: "
                    + String.join(", ", metrics.stream().map(MetricSpec::name).toList()) + ")");
        }

        /** Thresholds on the primary metric, parsed from the forms of runbook-format §2 (either may be null). */
        public Builder thresholds(String warning, String critical) {
            if (metrics.isEmpty()) {
                throw new IllegalArgumentException("check '" + id + "': declare metrics before thresholds");
            }
            return thresholds(metrics.get(0).name(), warning, critical);
        }

        /** Thresholds on a named metric. */
        public Builder thresholds(String metricName, String warning, String critical) {
            MetricSpec m = metric(metricName);
            try {
                thresholds.put(metricName, MetricThresholds.parse(m, warning, critical));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("check '" + id + "': " + e.getMessage(), e);
            }
            return this;
        }

        public Builder thresholds(MetricThresholds t) {
            thresholds.put(t.metric().name(), t);
            return this;
        }

        public Builder timeout(Duration timeout) {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("check '" + id + "': timeout must be positive, found " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        public Builder hysteresis(Hysteresis hysteresis) {
            this.hysteresis = Objects.requireNonNull(hysteresis, "hysteresis");
            return this;
        }

        /** What to do when the check ends with this status (WARNING, CRITICAL or UNKNOWN). */
        public Builder on(Status status, Remediation remediation) {
            if (status == Status.OK) {
                throw new IllegalArgumentException("check '" + id + "': there is no remediation for OK");
            }
            remediations.put(status, Objects.requireNonNull(remediation, "remediation"));
            return this;
        }

        public Builder incident(String level) {
            this.incident = level;
            return this;
        }

        public Builder category(String category) {
            this.category = category;
            return this;
        }

        public Builder dependsOn(String... ids) {
            for (String d : ids) {
                requireId("depends_on", d);
                if (d.equals(id)) {
                    throw new IllegalArgumentException("check '" + id + "' cannot depend on itself");
                }
                dependsOn.add(d);
            }
            return this;
        }

        public Builder after(String... ids) {
            for (String d : ids) {
                requireId("after", d);
                after.add(d);
            }
            return this;
        }

        public Builder maintenance(MaintenanceWindow window) {
            maintenance.add(Objects.requireNonNull(window, "window"));
            return this;
        }

        public Builder waive(Waiver waiver) {
            this.waiver = waiver;
            return this;
        }

        public Builder tags(String... tags) {
            this.tags.addAll(List.of(tags));
            return this;
        }

        public Builder missingSecrets(Set<String> names) {
            missingSecrets.addAll(names);
            return this;
        }

        public CheckDefinition build() {
            return new CheckDefinition(this);
        }
    }

    static void requireId(String field, String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException(field + " must match [a-z0-9][a-z0-9-]*, found '" + id + "'");
        }
    }
}
