package dev.runbook.checks.history;

import dev.runbook.core.spi.CheckType;
import dev.runbook.tck.CheckTypeContract;
import java.util.Map;

/**
 * The TCK's contract for the {@code growth} check type. The engine's default in-memory store holds no history, so
 * the probe cannot judge: it must say "not enough history" as UNKNOWN (contract §4), never extrapolate.
 */
class GrowthCheckTypeContractTest extends CheckTypeContract<GrowthCheckType.Params> {

    @Override
    protected CheckType<GrowthCheckType.Params> type() {
        return new GrowthCheckType();
    }

    @Override
    protected Map<String, Object> yamlParameters() {
        return Map.of("from", "disk.used", "window", "30d", "mode", "points");
    }

    @Override
    protected Map<String, Object> unjudgeableParameters() {
        return yamlParameters();
    }
}
