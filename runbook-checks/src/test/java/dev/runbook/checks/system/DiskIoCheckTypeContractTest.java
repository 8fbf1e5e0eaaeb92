package dev.runbook.checks.system;

import dev.runbook.core.spi.CheckType;
import dev.runbook.tck.CheckTypeContract;
import java.util.Map;

/** The TCK's contract for the {@code diskio} check type. */
class DiskIoCheckTypeContractTest extends CheckTypeContract<DiskIoCheckType.Params> {
    @Override
    protected CheckType<DiskIoCheckType.Params> type() {
        return new DiskIoCheckType();
    }

    @Override
    protected Map<String, Object> yamlParameters() {
        return Map.of("sample", "50ms");
    }

}
