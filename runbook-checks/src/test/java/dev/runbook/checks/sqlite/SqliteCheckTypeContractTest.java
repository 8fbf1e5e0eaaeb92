package dev.runbook.checks.sqlite;

import dev.runbook.core.spi.CheckType;
import dev.runbook.tck.CheckTypeContract;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;

/** The TCK's contract for the {@code sqlite} check type. */
class SqliteCheckTypeContractTest extends CheckTypeContract<SqliteCheckType.Params> {
    @Override
    protected CheckType<SqliteCheckType.Params> type() {
        return new SqliteCheckType();
    }

    @Override
    protected Map<String, Object> yamlParameters() throws Exception {
        Path db = tckDirectory.resolve("app.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            st.execute("create table if not exists t (x integer)");
                    }
        return Map.of("path", "app.db", "mode", "quick", "busy_timeout", "1s");
    }

}
