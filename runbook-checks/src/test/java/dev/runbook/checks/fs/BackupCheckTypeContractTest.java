package dev.runbook.checks.fs;

import dev.runbook.core.spi.CheckType;
import dev.runbook.tck.CheckTypeContract;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The TCK's contract for the {@code backup} check type. */
class BackupCheckTypeContractTest extends CheckTypeContract<BackupCheckType.Params> {
    @Override
    protected CheckType<BackupCheckType.Params> type() {
        return new BackupCheckType();
    }

    @Override
    protected Map<String, Object> yamlParameters() throws Exception {
        Path entry = tckDirectory.resolve("backups/2026-11-28");
        Files.createDirectories(entry);
        Files.writeString(entry.resolve(".env"), "A=1\n");
        return Map.of("dir", "backups", "max_age", "2d", "contains", List.of(".env"));
    }

}
