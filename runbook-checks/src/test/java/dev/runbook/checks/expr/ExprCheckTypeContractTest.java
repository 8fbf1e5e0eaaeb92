package dev.runbook.checks.expr;

import dev.runbook.core.spi.CheckType;
import dev.runbook.tck.CheckTypeContract;
import java.util.Map;

/** The TCK's contract for the {@code expr} check type. */
class ExprCheckTypeContractTest extends CheckTypeContract<ExprCheckType.Params> {
    @Override
    protected CheckType<ExprCheckType.Params> type() {
        return new ExprCheckType();
    }

    @Override
    protected Map<String, Object> yamlParameters() {
        return Map.of("expr", "2 * 50", "unit", "%");
    }

    @Override
    protected Map<String, Object> unjudgeableParameters() {
        return Map.of("expr", "missing.metric * 2"); // that check produced nothing in this run: no data
    }

}
