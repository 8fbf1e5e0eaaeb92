package dev.runbook.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The seam between the store and one SQL database engine: how a connection is opened and set up, how a write
 * transaction starts, how the owner of an existing database is recognised and how driver errors are put into
 * words. {@link SqliteDialect} is the default; a PostgreSQL dialect plugs in here. The tables' SQL itself is
 * written in the common subset both engines accept wherever it can be (see docs/store.md for the SQLite-only
 * spots: {@code INSERT OR IGNORE/REPLACE} and {@code WITHOUT ROWID}). Implementations are stateless and
 * thread-safe.
 */
public interface Dialect {

    /** A short name for messages ("sqlite"). */
    String name();

    /**
     * Opens the one connection of this process to {@code file}. Must not change the file: the caller checks
     * ownership ({@link #ownership}) before {@link #prepare} changes anything.
     */
    Connection connect(Path file) throws SQLException;

    /** What the database says about itself before anything is written: application id and table names. */
    Ownership ownership(Connection c) throws SQLException;

    /** Sets the connection up for use (journal mode, synchronous, foreign keys, caches); after the check. */
    void prepare(Connection c, Path file) throws SQLException;

    /** The statement that starts a write transaction taking the write lock at once. */
    String beginWrite();

    /** A driver error in words: corrupt, not a database, read-only, locked, … naming {@code file}. */
    String describe(Path file, SQLException e);

    /** What an existing database says about its owner. */
    record Ownership(int applicationId, List<String> tables) {
        public Ownership {
            tables = List.copyOf(tables);
        }
    }
}
