package dev.runbook.checks.exec;

import dev.runbook.core.spi.ActionType;
import dev.runbook.tck.ActionTypeContract;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

/** The TCK's contract for the {@code command} action type. */
class CommandActionTypeContractTest extends ActionTypeContract<CommandActionType.Params> {
    @Override
    protected ActionType<CommandActionType.Params> type() {
        return new CommandActionType();
    }

    @Override
    protected Map<String, Object> yamlParameters() {
        return Map.of("run", List.of("touch", tckDirectory.resolve("restarted").toString()));
    }

    @Override
    protected Object observeSideEffects() {
        return Files.exists(tckDirectory.resolve("restarted"));
    }

    @Override
    protected Map<String, Object> failingParameters() {
        return Map.of("run", List.of("sh", "-c", "echo no such service >&2; exit 1"));
    }

}
