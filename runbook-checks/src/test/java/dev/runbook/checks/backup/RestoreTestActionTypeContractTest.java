package dev.runbook.checks.backup;

import dev.runbook.core.spi.ActionType;
import dev.runbook.tck.ActionTypeContract;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The TCK's contract for the {@code restore-test} action type. */
class RestoreTestActionTypeContractTest extends ActionTypeContract<RestoreTestActionType.Params> {
    @Override
    protected ActionType<RestoreTestActionType.Params> type() {
        return new RestoreTestActionType();
    }

    @Override
    protected Map<String, Object> yamlParameters() throws Exception {
        Path entry = tckDirectory.resolve("backups/2026-11-28");
        if (!Files.isDirectory(entry)) {
            Files.createDirectories(entry);
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + entry.resolve("app.db"));
                    Statement st = c.createStatement()) {
                st.execute("create table t (x integer)");
            }
        }
        return Map.of("from", "backups");
    }

    /** A restore test copies to a temporary directory and removes the copy: the backups must stay as they were. */
    @Override
    protected Object observeSideEffects() throws Exception {
        yamlParameters(); // the backups exist before the first look
        try (Stream<Path> s = Files.walk(tckDirectory.resolve("backups"))) {
            return s.map(p -> p + ":" + p.toFile().length()).sorted().collect(Collectors.toList());
        }
    }

    @Override
    protected boolean realRunChangesSideEffects() {
        return false;
    }

    @Override
    protected Map<String, Object> failingParameters() throws Exception {
        Files.createDirectories(tckDirectory.resolve("empty-backups"));
        return Map.of("from", "empty-backups");
    }

}
