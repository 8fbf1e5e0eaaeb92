package dev.runbook.checks.fs;

import dev.runbook.core.spi.CheckType;
import dev.runbook.tck.CheckTypeContract;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** The TCK's contract for the {@code file} check type. */
class FileCheckTypeContractTest extends CheckTypeContract<FileCheckType.Params> {
    @Override
    protected CheckType<FileCheckType.Params> type() {
        return new FileCheckType();
    }

    @Override
    protected Map<String, Object> yamlParameters() throws Exception {
        Path f = tckDirectory.resolve("report.csv");
        Files.writeString(f, "a,b\n");
        return Map.of("path", "*.csv", "max_age", "1d", "min_size", "1B");
    }

}
