package dev.runbook.checks.system;

import dev.runbook.core.spi.CheckType;
import dev.runbook.tck.CheckTypeContract;
import java.util.Map;

/** The TCK's contract for the {@code load} check type. */
class LoadCheckTypeContractTest extends CheckTypeContract<LoadCheckType.Params> {
    @Override
    protected CheckType<LoadCheckType.Params> type() {
        return new LoadCheckType();
    }

    @Override
    protected Map<String, Object> yamlParameters() {
        return Map.of("window", "5m", "per_cpu", true);
    }

}
