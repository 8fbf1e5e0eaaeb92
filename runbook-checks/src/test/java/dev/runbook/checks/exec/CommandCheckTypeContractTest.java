package dev.runbook.checks.exec;

import dev.runbook.core.spi.CheckType;
import dev.runbook.tck.CheckTypeContract;
import java.util.List;
import java.util.Map;

/** The TCK's contract for the {@code command} check type. */
class CommandCheckTypeContractTest extends CheckTypeContract<CommandCheckType.Params> {
    @Override
    protected CheckType<CommandCheckType.Params> type() {
        return new CommandCheckType();
    }

    @Override
    protected Map<String, Object> yamlParameters() {
        return Map.of("run", List.of("sh", "-c", "echo 'QUEUE OK | depth=5;40;100'"));
    }

    @Override
    protected Map<String, Object> unjudgeableParameters() {
        return Map.of("run", List.of("sh", "-c", "echo cannot tell; exit 3"));
    }

}
