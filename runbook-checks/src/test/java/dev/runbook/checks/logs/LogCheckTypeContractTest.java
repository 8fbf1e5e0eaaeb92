package dev.runbook.checks.logs;

import dev.runbook.core.spi.CheckType;
import dev.runbook.tck.CheckTypeContract;
import java.nio.file.Files;
import java.util.Map;

/** The TCK's contract for the {@code log} check type. */
class LogCheckTypeContractTest extends CheckTypeContract<LogCheckType.Params> {
    @Override
    protected CheckType<LogCheckType.Params> type() {
        return new LogCheckType();
    }

    @Override
    protected Map<String, Object> yamlParameters() throws Exception {
        Files.writeString(tckDirectory.resolve("app.log"), "INFO start\nERROR disk full\nINFO ok\n");
        return Map.of("file", "app.log", "pattern", "ERROR");
    }

}
