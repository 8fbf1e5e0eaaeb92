package dev.runbook.checks.history;

import dev.runbook.core.spi.CheckType;
import dev.runbook.tck.CheckTypeContract;
import java.util.Map;

/**
 * The TCK's contract for the {@code forecast} check type. The engine's default in-memory store holds no history, so
 * the probe cannot judge: it must say "not enough history" as UNKNOWN (contract §4), never extrapolate.
 */
class ForecastCheckTypeContractTest extends CheckTypeContract<ForecastCheckType.Params> {

    @Override
    protected CheckType<ForecastCheckType.Params> type() {
        return new ForecastCheckType();
    }

    @Override
    protected Map<String, Object> yamlParameters() {
        return Map.of("from", "disk.used", "reach", "90%", "window", "30d");
    }

    @Override
    protected Map<String, Object> unjudgeableParameters() {
        return yamlParameters();
    }
}
