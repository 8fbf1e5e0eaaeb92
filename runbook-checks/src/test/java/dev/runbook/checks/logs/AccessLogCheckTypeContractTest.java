package dev.runbook.checks.logs;

import dev.runbook.core.spi.CheckType;
import dev.runbook.tck.CheckTypeContract;
import java.nio.file.Files;
import java.util.Map;

/** The TCK's contract for the {@code access-log} check type. */
class AccessLogCheckTypeContractTest extends CheckTypeContract<AccessLogCheckType.Params> {
    @Override
    protected CheckType<AccessLogCheckType.Params> type() {
        return new AccessLogCheckType();
    }

    @Override
    protected Map<String, Object> yamlParameters() throws Exception {
        Files.writeString(tckDirectory.resolve("access_log"),
                "10.0.0.1 - - [28/Nov/2026:09:00:01 +0000] \"GET / HTTP/1.1\" 200 512 \"-\" \"curl\" 1200\n");
        return Map.of("file", "access_log", "window", "100000d");
    }

}
