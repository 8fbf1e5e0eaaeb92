package dev.runbook.checks.logs;

import dev.runbook.core.spi.CheckType;
import dev.runbook.tck.CheckTypeContract;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** The TCK's contract for the {@code journal} check type. */
class JournalCheckTypeContractTest extends CheckTypeContract<JournalCheckType.Params> {
    @Override
    protected CheckType<JournalCheckType.Params> type() {
        return new JournalCheckType();
    }

    @Override
    protected Map<String, Object> yamlParameters() throws Exception {
        Path script = tckDirectory.resolve("journalctl");
        Files.writeString(script, "#!/bin/sh\necho '{\"__REALTIME_TIMESTAMP\":\"1795856400000000\",\"PRIORITY\":\"3\","
                + "\"MESSAGE\":\"disk full\"}'\n");
        script.toFile().setExecutable(true);
        return Map.of("unit", "estimator", "priority", "err", "since", "24h", "journalctl", script.toString());
    }

    @Override
    protected Map<String, Object> unjudgeableParameters() {
        return Map.of("unit", "estimator", "journalctl", tckDirectory.resolve("no-journalctl").toString());
    }

}
