package dev.runbook.checks.system;

import dev.runbook.core.spi.CheckType;
import dev.runbook.tck.CheckTypeContract;
import java.util.Map;

/** The TCK's contract for the {@code disk} check type. */
class DiskCheckTypeContractTest extends CheckTypeContract<DiskCheckType.Params> {
    @Override
    protected CheckType<DiskCheckType.Params> type() {
        return new DiskCheckType();
    }

    @Override
    protected Map<String, Object> yamlParameters() {
        return Map.of("path", tckDirectory.toString(), "metric", "free");
    }

}
