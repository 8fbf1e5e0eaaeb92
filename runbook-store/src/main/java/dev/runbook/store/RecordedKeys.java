package dev.runbook.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The keys of runs written exactly once ({@link SqliteRunStore#recordRunOnce}): a row in {@code state} per key,
 * scope {@value #SCOPE}, value the stored run's id, read and written inside the run's own write transaction.
 */
final class RecordedKeys {
    /** The {@code state} scope of the keys. */
    static final String SCOPE = "runbook.recorded";

    private RecordedKeys() {
    }

    /** The id of the run already written under {@code key}, or null; inside the caller's transaction. */
    static Long find(SqliteRunStore store, String key) throws SQLException {
        PreparedStatement ps = store.stmt("SELECT value FROM state WHERE scope = ? AND key = ?");
        ps.setString(1, SCOPE);
        ps.setString(2, key);
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Long.valueOf(rs.getString(1)) : null;
        }
    }

    /** Notes that the run {@code runId} was written under {@code key}; inside the caller's transaction. */
    static void mark(SqliteRunStore store, String key, long runId) throws SQLException {
        PreparedStatement ps = store.stmt("INSERT INTO state(scope, key, value) VALUES(?, ?, ?)"
                + " ON CONFLICT(scope, key) DO UPDATE SET value = excluded.value");
        ps.setString(1, SCOPE);
        ps.setString(2, key);
        ps.setString(3, Long.toString(runId));
        ps.executeUpdate();
    }
}
