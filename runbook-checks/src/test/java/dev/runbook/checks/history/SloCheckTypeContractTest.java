package dev.runbook.checks.history;

import dev.runbook.core.spi.CheckType;
import dev.runbook.tck.CheckTypeContract;
import java.util.Map;

/**
 * The TCK's contract for the {@code slo} check type. The engine's default in-memory store holds no history, so
 * the probe cannot judge: it must say "not enough history" as UNKNOWN (contract §4), never extrapolate.
 */
class SloCheckTypeContractTest extends CheckTypeContract<SloCheckType.Params> {

    @Override
    protected CheckType<SloCheckType.Params> type() {
        return new SloCheckType();
    }

    @Override
    protected Map<String, Object> yamlParameters() {
        return Map.of("from", "health", "objective", "99.5%", "window", "30d");
    }

    @Override
    protected Map<String, Object> unjudgeableParameters() {
        return yamlParameters();
    }
}
