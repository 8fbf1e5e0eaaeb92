package dev.runbook.checks.system;

import dev.runbook.core.spi.CheckType;
import dev.runbook.tck.CheckTypeContract;
import java.util.Map;

/** The TCK's contract for the {@code process} check type. */
class ProcessCheckTypeContractTest extends CheckTypeContract<ProcessCheckType.Params> {
    @Override
    protected CheckType<ProcessCheckType.Params> type() {
        return new ProcessCheckType();
    }

    @Override
    protected Map<String, Object> yamlParameters() {
        return Map.of("command", "java", "min", 1);
    }

    @Override
    protected Map<String, Object> unjudgeableParameters() {
        return null; // a process table is always readable on Linux: nothing the probe cannot judge
    }

}
