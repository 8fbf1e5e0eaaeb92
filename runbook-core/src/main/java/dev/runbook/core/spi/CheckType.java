package dev.runbook.core.spi;

import dev.runbook.core.Check;
import dev.runbook.core.MetricSpec;
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
     * Checks another check's metrics this one reads during a run ({@code expr}), so the engine runs them first.
     * Empty by default.
     */
    default List<String> reads(P parameters) {
        return List.of();
    }
}
