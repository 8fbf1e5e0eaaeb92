package dev.runbook.core;

import dev.runbook.core.quantity.Unit;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What one probe found: a status, the primary value with its unit, named metrics in canonical units, a message
 * for people, how long it took and free-form details. A failed probe is a result (CRITICAL when the thing is
 * down, UNKNOWN when the probe could not tell), never an exception.
 *
 * <p>A check returns its <em>intrinsic</em> status (e.g. CRITICAL for "connection refused"); the engine then
 * applies the runbook's thresholds to the metrics and takes the worse. Immutable and thread-safe; build with
 * {@link #ok(String)}, {@link #critical(String)}, {@link #unknown(String)} or {@link #builder()}.
 */
public final class CheckResult {
    private final Status status;
    private final Double value;
    private final Unit unit;
    private final Map<String, Double> metrics;
    private final String message;
    private final Duration duration;
    private final Map<String, Object> details;

    private CheckResult(Builder b) {
        this.status = Objects.requireNonNull(b.status, "status");
        this.value = b.value;
        this.unit = b.unit;
        this.metrics = Collections.unmodifiableMap(new LinkedHashMap<>(b.metrics));
        this.message = b.message == null ? "" : b.message;
        this.duration = b.duration == null ? Duration.ZERO : b.duration;
        this.details = Collections.unmodifiableMap(new LinkedHashMap<>(b.details));
    }

    public static CheckResult ok(String message) {
        return builder().status(Status.OK).message(message).build();
    }

    public static CheckResult warning(String message) {
        return builder().status(Status.WARNING).message(message).build();
    }

    public static CheckResult critical(String message) {
        return builder().status(Status.CRITICAL).message(message).build();
    }

    /** The probe could not tell: tool missing, no permission, no data. */
    public static CheckResult unknown(String message) {
        return builder().status(Status.UNKNOWN).message(message).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder initialised from this result. */
    public Builder toBuilder() {
        Builder b = new Builder().status(status).message(message).duration(duration);
        b.value = value;
        b.unit = unit;
        b.metrics.putAll(metrics);
        b.details.putAll(details);
        return b;
    }

    public Status status() {
        return status;
    }

    /** The primary metric's value in canonical units, or null. */
    public Double value() {
        return value;
    }

    /** The primary value's canonical unit, or null. */
    public Unit unit() {
        return unit;
    }

    /** Metric values by name, in canonical units, in declaration order. */
    public Map<String, Double> metrics() {
        return metrics;
    }

    public String message() {
        return message;
    }

    public Duration duration() {
        return duration;
    }

    /** Structured extras ({@code units}, {@code groups}, certificate subject, …). */
    public Map<String, Object> details() {
        return details;
    }

    @Override
    public String toString() {
        return status + " " + message + (value == null ? "" : " (" + value + (unit == null ? "" : unit.symbol()) + ")");
    }

    /** Builds a {@link CheckResult}. Not thread-safe. */
    public static final class Builder {
        private Status status = Status.OK;
        private Double value;
        private Unit unit;
        private final Map<String, Double> metrics = new LinkedHashMap<>();
        private String message;
        private Duration duration;
        private final Map<String, Object> details = new LinkedHashMap<>();

        public Builder status(Status status) {
            this.status = Objects.requireNonNull(status, "status");
            return this;
        }

        public Builder message(String message) {
            this.message = message;
            return this;
        }

        /** Sets the primary value (canonical unit). */
        public Builder value(double value, Unit unit) {
            this.value = value;
            this.unit = unit;
            return this;
        }

        public Builder unit(Unit unit) {
            this.unit = unit;
            return this;
        }

        /** Adds a metric in canonical units; NaN and infinities are refused (say "no data" with UNKNOWN instead). */
        public Builder metric(String name, double value) {
            if (Double.isNaN(value) || Double.isInfinite(value)) {
                throw new IllegalArgumentException("metric '" + name + "' must be a finite number, found " + value);
            }
            metrics.put(Objects.requireNonNull(name, "name"), value);
            return this;
        }

        public Builder metrics(Map<String, Double> values) {
            values.forEach(this::metric);
            return this;
        }

        public Builder detail(String key, Object value) {
            details.put(Objects.requireNonNull(key, "key"), value);
            return this;
        }

        public Builder duration(Duration duration) {
            this.duration = duration;
            return this;
        }

        public CheckResult build() {
            return new CheckResult(this);
        }
    }
}
