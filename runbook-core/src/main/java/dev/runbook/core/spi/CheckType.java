package dev.runbook.core.spi;

import dev.runbook.core.Check;
import dev.runbook.core.MetricSpec;
import dev.runbook.core.ReportPlace;
import java.util.List;

/**
 * A kind of check usable as {@code type: <name>}: its parameter type (which the YAML loader binds and
 * validates, snake_case keys to the record's components), its metrics and a factory. Register an
 * implementation in {@code META-INF/services/dev.runbook.core.spi.CheckType}. Implementations are stateless
 * and thread-safe.
 *
 * <pre>{@code
 * public final class QueueDepthType implements CheckType<QueueDepthType.Params> {
 *     public record Params(String url) {}
 *     public String name() { return "queue-depth"; }
 *     public Class<Params> parameterType() { return Params.class; }
 *     public List<MetricSpec> metrics(Params p) { return List.of(MetricSpec.higherIsWorse("depth", Unit.COUNT)); }
 *     public Check create(Params p, TypeContext ctx) { return c -> ...; }
 * }
 * }</pre>
 *
 * @param <P> the parameter type: a record (or bean) whose components are the YAML keys in camelCase
 */
public interface CheckType<P> {

    /** The name used as {@code type:}, matching {@code [a-z][a-z0-9-]*}. */
    String name();

    /** The parameters' class. */
    Class<P> parameterType();

    /** One line for {@code runbook schema} and editors. */
    default String description() {
        return "";
    }

    /** The metrics this check produces with these parameters, primary first. */
    List<MetricSpec> metrics(P parameters);

    /**
     * Validates the parameters and builds the check.
     *
     * @throws IllegalArgumentException naming the parameter and what was wrong with it
     */
    Check create(P parameters, TypeContext context);

    /**
     * Check ids whose results of the same run this check reads ({@code expr}): the engine runs them first.
     * Empty by default.
     */
    default List<String> reads(P parameters) {
        return List.of();
    }

    /**
     * Metric references ({@code check.metric}) these parameters name ({@code expr}, {@code forecast},
     * {@code growth}), so the loader can check that they exist. Empty by default.
     */
    default List<String> references(P parameters) {
        return List.of();
    }

    /**
     * True if the check reports metrics it cannot declare in advance (the {@code command} type's perfdata labels):
     * thresholds may then name any metric, read higher-is-worse in the unit the threshold is written in.
     */
    default boolean dynamicMetrics() {
        return false;
    }

    /**
     * Rewrites the keys of a check of this type as written, before they are bound to {@link #parameterType()}:
     * shorthands such as {@code max_age: 1d} (a critical threshold on {@code age}) or {@code slo: availability}
     * (the SLO's keys copied in), and refusals of forms that would bind but not run. Problems go through
     * {@code written}, located at their key. Nothing by default.
     */
    default void shorthands(WrittenParameters written) {
    }

    /**
     * Where checks of this type appear in the reports (runbook-format §8): {@code resources}, {@code capacity},
     * {@code performance}, … and how ({@link ReportPlace}). A type without places still appears in
     * {@code services}, {@code metrics} and {@code cost}. None by default.
     */
    default List<ReportPlace> reportPlaces(P parameters) {
        return List.of();
    }
}
