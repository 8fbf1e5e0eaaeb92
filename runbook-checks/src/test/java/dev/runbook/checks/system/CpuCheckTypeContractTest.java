package dev.runbook.checks.system;

import dev.runbook.core.spi.CheckType;
import dev.runbook.tck.CheckTypeContract;
import java.util.Map;

/** The TCK's contract for the {@code cpu} check type. */
class CpuCheckTypeContractTest extends CheckTypeContract<CpuCheckType.Params> {
    @Override
    protected CheckType<CpuCheckType.Params> type() {
        return new CpuCheckType();
    }

    @Override
    protected Map<String, Object> yamlParameters() {
        return Map.of("sample", "50ms");
    }

}
