package dev.runbook.checks.system;

import dev.runbook.core.spi.CheckType;
import dev.runbook.tck.CheckTypeContract;
import java.util.Map;

/** The TCK's contract for the {@code memory} check type. */
class MemoryCheckTypeContractTest extends CheckTypeContract<MemoryCheckType.Params> {
    @Override
    protected CheckType<MemoryCheckType.Params> type() {
        return new MemoryCheckType();
    }

    @Override
    protected Map<String, Object> yamlParameters() {
        return Map.of("swap", false);
    }

}
