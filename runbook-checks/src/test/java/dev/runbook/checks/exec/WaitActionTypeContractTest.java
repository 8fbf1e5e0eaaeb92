package dev.runbook.checks.exec;

import dev.runbook.core.spi.ActionType;
import dev.runbook.tck.ActionTypeContract;
import java.util.Map;

/** The TCK's contract for the {@code wait} action type. */
class WaitActionTypeContractTest extends ActionTypeContract<WaitActionType.Params> {
    @Override
    protected ActionType<WaitActionType.Params> type() {
        return new WaitActionType();
    }

    @Override
    protected Map<String, Object> yamlParameters() {
        return Map.of("duration", "10ms");
    }

    /** A wait changes nothing in the world: the snapshot is constant, and a real run is only checked to be done. */
    @Override
    protected Object observeSideEffects() {
        return "nothing";
    }

    @Override
    protected boolean realRunChangesSideEffects() {
        return false;
    }

}
