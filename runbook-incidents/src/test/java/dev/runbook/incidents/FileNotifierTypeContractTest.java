package dev.runbook.incidents;

import dev.runbook.core.spi.NotifierType;
import dev.runbook.incidents.notifier.FileNotifierType;
import dev.runbook.tck.NotifierTypeContract;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The TCK's contract for the {@code file} notifier type (JSON lines). */
class FileNotifierTypeContractTest extends NotifierTypeContract<FileNotifierType.Params> {

    @Override
    protected NotifierType<FileNotifierType.Params> type() {
        return new FileNotifierType();
    }

    @Override
    protected Map<String, Object> yamlParameters() {
        return Map.of("path", "state/notifications.jsonl");
    }

    @Override
    protected Object observeDeliveries() throws Exception {
        Path f = tckDirectory.resolve("state/notifications.jsonl");
        return Files.exists(f) ? Files.readAllLines(f) : List.of();
    }
}
