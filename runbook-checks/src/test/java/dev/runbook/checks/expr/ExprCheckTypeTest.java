package dev.runbook.checks.expr;

import dev.runbook.core.testing.TestCheckContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runbook.core.CheckResult;
import dev.runbook.core.Direction;
import dev.runbook.core.Status;
import dev.runbook.core.quantity.Unit;
import dev.runbook.core.spi.TypeContext;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class ExprCheckTypeTest {
    private final ExprCheckType type = new ExprCheckType();
    private final TestCheckContext ctx = TestCheckContext.at("2026-11-28T09:00:00Z");

    private CheckResult run(String expr, String unit) throws Exception {
        return type.create(new ExprCheckType.Params(expr, unit, null), TypeContext.defaults("rate")).run(ctx);
    }

    @Test
    void computesTheSeedsErrorRateFromOtherChecksMetrics() throws Exception {
        ctx.runMetrics.put("errors-24h.entries", 2.0);
        ctx.runMetrics.put("access.requests", 450.0);
        CheckResult r = run("errors-24h.entries / access.requests * 100", "%");
        assertThat(r.status()).isEqualTo(Status.OK);
        assertThat(r.metrics().get("value")).isCloseTo(0.4444, Offset.offset(1e-4));
        assertThat(r.unit()).isEqualTo(Unit.PERCENT);
    }

    @Test
    void respectsPrecedenceParenthesesUnaryMinusAndHyphenatedIds() {
        Map<String, Double> v = Map.of("a-1.x", 10.0, "b.y_2", 4.0);
        assertThat(Expression.parse("a-1.x-b.y_2*2").evaluate(v).value()).isEqualTo(2.0);
        assertThat(Expression.parse("(a-1.x - b.y_2) * 2").evaluate(v).value()).isEqualTo(12.0);
        assertThat(Expression.parse("-a-1.x / -(2 + 3) + 1.5e1").evaluate(v).value()).isEqualTo(17.0);
        assertThat(Expression.parse("a-1.x - b.y_2 + a-1.x").references()).containsExactly("a-1.x", "b.y_2");
        assertThat(Expression.parse("a-1.x - b.y_2 + a-1.x").checks()).containsExactly("a-1", "b");
    }

    @Test
    void convertsTheResultUnitToCanonical() throws Exception {
        ctx.runMetrics.put("api.total_ms", 1500.0);
        CheckResult r = run("api.total_ms / 3", "ms");
        assertThat(r.metrics().get("value")).isCloseTo(0.5, Offset.offset(1e-12));
        assertThat(r.unit()).isEqualTo(Unit.SECONDS);
    }

    @Test
    void isUnknownNamingAMissingReference() throws Exception {
        ctx.runMetrics.put("access.requests", 10.0);
        CheckResult r = run("errors-24h.entries / access.requests", null);
        assertThat(r.status()).isEqualTo(Status.UNKNOWN);
        assertThat(r.message()).startsWith("no value for errors-24h.entries");
    }

    @Test
    void isUnknownOnDivisionByZero() throws Exception {
        ctx.runMetrics.put("errors-24h.entries", 3.0);
        ctx.runMetrics.put("access.requests", 0.0);
        CheckResult r = run("errors-24h.entries / access.requests * 100", "%");
        assertThat(r.status()).isEqualTo(Status.UNKNOWN);
        assertThat(r.message()).startsWith("division by zero: access.requests is 0");
    }

    @Test
    void declaresReadsReferencesAndDirection() {
        ExprCheckType.Params p = new ExprCheckType.Params("a.x / b.y", "%", false);
        assertThat(type.reads(p)).containsExactly("a", "b");
        assertThat(type.references(p)).containsExactly("a.x", "b.y");
        assertThat(type.metrics(p).get(0).direction()).isEqualTo(Direction.LOWER_IS_WORSE);
        assertThat(type.metrics(p).get(0).name()).isEqualTo("value");
    }

    @Test
    void refusesMalformedExpressionsSayingWhere() {
        assertThatThrownBy(() -> run("a.x / ", null)).hasMessageContaining("expr: at column 7");
        assertThatThrownBy(() -> run("(a.x", null)).hasMessageContaining("expected ')'");
        assertThatThrownBy(() -> run("A.x", null)).hasMessageContaining("column 1");
        assertThatThrownBy(() -> run("a.x", "parsecs")).hasMessageStartingWith("unit");
    }
}
