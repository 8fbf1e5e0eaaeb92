package dev.runbook.checks.backup;

import dev.runbook.core.spi.ActionType;
import dev.runbook.tck.ActionTypeContract;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The TCK's contract for the {@code sqlite-backup} action type. */
class SqliteBackupActionTypeContractTest extends ActionTypeContract<SqliteBackupActionType.Params> {
    @Override
    protected ActionType<SqliteBackupActionType.Params> type() {
        return new SqliteBackupActionType();
    }

    @Override
    protected Map<String, Object> yamlParameters() throws Exception {
        Path db = tckDirectory.resolve("app.db");
        if (!Files.exists(db)) {
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
                st.execute("create table t (x integer)");
            }
        }
        return Map.of("db", "app.db", "to", "backups/{date}-{time}", "keep", 3);
    }

    @Override
    protected Object observeSideEffects() throws Exception {
        Path dir = tckDirectory.resolve("backups");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    @Override
    protected Map<String, Object> failingParameters() {
        return Map.of("db", "missing.db", "to", "backups/{date}");
    }

}
