package dev.runbook.checks.files;

import dev.runbook.core.spi.ActionType;
import dev.runbook.tck.ActionTypeContract;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The TCK's contract for the {@code delete-old-files} action type. */
class DeleteOldFilesActionTypeContractTest extends ActionTypeContract<DeleteOldFilesActionType.Params> {
    @Override
    protected ActionType<DeleteOldFilesActionType.Params> type() {
        return new DeleteOldFilesActionType();
    }

    private Path logs() throws Exception {
        Path dir = tckDirectory.resolve("logs");
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
            Path old = Files.writeString(dir.resolve("old.log"), "x");
            Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(30, ChronoUnit.DAYS)));
            Files.writeString(dir.resolve("new.log"), "y");
        }
        return dir;
    }

    @Override
    protected Map<String, Object> yamlParameters() throws Exception {
        return Map.of("path", logs().toString(), "older_than", "7d", "glob", "*.log");
    }

    @Override
    protected Object observeSideEffects() throws Exception {
        try (Stream<Path> s = Files.list(logs())) {
            return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

}
