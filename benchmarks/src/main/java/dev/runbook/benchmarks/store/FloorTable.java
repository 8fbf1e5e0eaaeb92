package dev.runbook.benchmarks.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The raw-JDBC floor the store's commit is compared with ({@link StoreFloorBenchmark}, {@link CommitPages},
 * {@link CommitRatio}): a bare table of results with one index on check and time, WAL and
 * {@code synchronous=NORMAL}, and a commit of 20 rows in one transaction — what the architecture's prototype
 * measured. One definition, so the three measure the same floor.
 */
final class FloorTable {
    private FloorTable() {
    }

    /** Sets the pragmas, creates the table and its index, and returns the prepared insert. */
    static PreparedStatement create(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode = WAL");
            s.execute("PRAGMA synchronous = NORMAL");
            s.execute("CREATE TABLE results(id INTEGER PRIMARY KEY, check_id TEXT, at INTEGER, status INTEGER,"
                    + " value REAL, message TEXT)");
            s.execute("CREATE INDEX results_check_at ON results(check_id, at)");
        }
        return c.prepareStatement("INSERT INTO results(check_id, at, status, value, message) VALUES(?, ?, 0, ?, ?)");
    }

    /** Commits the {@code n}th minute's 20 rows in one transaction. */
    static void commit(Statement s, PreparedStatement insert, long n) throws SQLException {
        s.execute("BEGIN IMMEDIATE");
        for (int i = 0; i < 20; i++) {
            insert.setString(1, "check-" + i);
            insert.setLong(2, n * 60_000 + i);
            insert.setDouble(3, 0.01 * i);
            insert.setString(4, "HTTP 200 in 12 ms");
            insert.addBatch();
        }
        insert.executeBatch();
        s.execute("COMMIT");
    }
}
