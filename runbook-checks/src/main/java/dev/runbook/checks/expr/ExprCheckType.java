package dev.runbook.checks.expr;

import dev.runbook.core.Check;
import dev.runbook.core.CheckResult;
import dev.runbook.core.Direction;
import dev.runbook.core.MetricSpec;
import dev.runbook.core.Status;
import dev.runbook.core.quantity.Quantity;
import dev.runbook.core.quantity.Unit;
import dev.runbook.core.spi.CheckType;
import dev.runbook.core.spi.TypeContext;
import dev.runbook.core.spi.TypeName;
import java.util.List;

/**
 * The {@code expr} check type: a figure computed from other checks' metrics of the same run.
 *
 * <pre>{@code
 * error-rate: { type: expr, expr: "errors-24h.entries / access.requests * 100", unit: "%", warning: 1% }
 * }</pre>
 *
 * The referenced checks run first ({@link #reads}). A reference without a value, or a division by zero, gives
 * {@code UNKNOWN} naming it. The result is read in {@code unit} and reported in its canonical unit as metric
 * {@code value}. Stateless and thread-safe; a check never blocks.
 */
@TypeName("expr")
public final class ExprCheckType implements CheckType<ExprCheckType.Params> {

    /**
     * Parameters of {@code expr}.
     *
     * @param expr          the expression
     * @param unit          the unit of the result ({@code %}, {@code s}, {@code ms}, {@code B}…); none for a count
     * @param higherIsWorse direction of {@code value} (default true)
     */
    public record Params(String expr, String unit, Boolean higherIsWorse) {
    }

    @Override
    public String name() {
        return "expr";
    }

    @Override
    public Class<Params> parameterType() {
        return Params.class;
    }

    @Override
    public String description() {
        return "a figure computed from other checks' metrics in this run";
    }

    @Override
    public List<MetricSpec> metrics(Params p) {
        Unit u = unit(p == null ? null : p.unit());
        Unit canonical = u.family() == dev.runbook.core.quantity.UnitFamily.CURRENCY ? u : Unit.canonical(u.family());
        boolean higher = p == null || p.higherIsWorse() == null || p.higherIsWorse();
        return List.of(new MetricSpec("value", canonical,
                higher ? Direction.HIGHER_IS_WORSE : Direction.LOWER_IS_WORSE));
    }

    private static Unit unit(String symbol) {
        if (symbol == null || symbol.isBlank()) {
            return Unit.COUNT;
        }
        Unit u = Unit.bySymbol(symbol.trim());
        if (u == null) {
            throw new IllegalArgumentException("unit: unknown unit '" + symbol + "' (known: " + Unit.knownSymbols() + ")");
        }
        return u;
    }

    @Override
    public List<String> reads(Params p) {
        return p == null || p.expr() == null ? List.of() : Expression.parse(p.expr()).checks();
    }

    @Override
    public List<String> references(Params p) {
        return p == null || p.expr() == null ? List.of() : Expression.parse(p.expr()).references();
    }

    @Override
    public Check create(Params p, TypeContext context) {
        Expression e = Expression.parse(p == null ? null : p.expr());
        Unit u = unit(p.unit());
        MetricSpec spec = metrics(p).get(0);
        return ctx -> {
            Expression.Outcome o = e.evaluate(ctx::runMetric);
            if (o.value() == null) {
                return CheckResult.unknown(o.problem() + " (" + e + ")");
            }
            double v = u.toCanonical(o.value());
            if (Double.isNaN(v) || Double.isInfinite(v)) {
                return CheckResult.unknown("the expression gave no finite number (" + e + ")");
            }
            return CheckResult.builder().status(Status.OK).value(v, spec.unit()).metric("value", v)
                    .message(e + " = " + Quantity.humanize(v, spec.unit())).build();
        };
    }
}
