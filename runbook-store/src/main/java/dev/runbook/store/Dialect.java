package dev.runbook.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The seam between the store and one SQL database engine: how a connection is opened and set up, how a write
 * transaction starts, how the owner of an existing database is recognised and how driver errors are put into
 * words. {@link SqliteDialect} is the default; {@link PostgresDialect} keeps the store on a PostgreSQL server.
 * Statements that read and write rows are written in the common subset both engines accept ({@code ON CONFLICT
 * ... DO UPDATE/NOTHING}, {@code RETURNING}); the migrations' table definitions are written once, in SQLite's
 * words, and {@link #ddl} turns them into the engine's own. Implementations are immutable and thread-safe.
 */
public interface Dialect {

    /** A short name for messages ("sqlite"). */
    String name();

    /**
     * Opens the one connection of this process to {@code file}. Must not change the file: the caller checks
     * ownership ({@link #ownership}) before {@link #prepare} changes anything.
     */
    Connection connect(Path file) throws SQLException;

    /**
     * Opens a connection that cannot write, for a verb that only reads ({@link Store#openExisting}): nothing is
     * created, migrated or changed through it. By default the ordinary connection (a server keeps its own files).
     */
    default Connection connectReadOnly(Path file) throws SQLException {
        return connect(file);
    }

    /** What the database says about itself before anything is written: application id and table names. */
    Ownership ownership(Connection c) throws SQLException;

    /** Sets the connection up for use (journal mode, synchronous, foreign keys, caches); after the check. */
    void prepare(Connection c, Path file) throws SQLException;

    /** The statement that starts a write transaction taking the write lock at once. */
    String beginWrite();

    /**
     * Begins a transaction that only adds one run of the current hour (its row, steps and results; no row it
     * reads decides what it writes, no hour already folded): such runs of several hosts may commit side by side,
     * but never while a {@link #beginWrite} transaction (a late result, a resumed run, state, incidents) holds the
     * store. It is followed by {@link #lockHours} for its results' hours. By default the same as {@link #beginWrite}.
     */
    default String beginRecord() {
        return beginWrite();
    }

    /**
     * A statement (two parameters: the first and last hour, inclusive, as hour numbers since the epoch) that takes,
     * inside the current transaction, every one of those hours' locks, shared or exclusive, held until it ends: a
     * recording transaction holds its results' hours shared, so the fold of an hour ({@link #beginFold}) waits for
     * the runs still adding results to it and no other. Null when the engine needs none because
     * {@link #beginWrite} already serialises every writer (SQLite).
     */
    default String lockHours(boolean shared) {
        return null;
    }

    /**
     * Begins the transaction that folds finished hours into rollups or purges detail past the retention. It does
     * not stop the runs of the current hour (they hold other hours' locks, {@link #lockHours}), only other folds
     * and late results ({@link #lockFold}). By default the same as {@link #beginWrite}.
     */
    default String beginFold() {
        return beginWrite();
    }

    /**
     * A query, run after {@link #beginFold}, whose one row is true if this transaction now holds the fold lock and
     * false if another process is folding (then roll back: that one folds the same hours). Null when
     * {@link #beginFold} holds it already.
     */
    default String tryFoldLock() {
        return null;
    }

    /**
     * A statement, run after {@link #beginWrite}, that waits for the fold lock: a transaction that reads the fold
     * mark to merge late results into folded hours (or migrates the tables) must not run beside a fold. Null when
     * {@link #beginWrite} covers it already. Always taken after the write lock, never before it.
     */
    default String lockFold() {
        return null;
    }

    /**
     * True if one prepared statement may hold several statements separated by {@code "; "}, sent to the server
     * at once (one round trip), with its parameters numbered across them. False by default (SQLite runs only the
     * first).
     */
    default boolean joinsStatements() {
        return false;
    }

    /** True if the database has a table of that name (in the schema the store uses). */
    boolean hasTable(Connection c, String name) throws SQLException;

    /**
     * A migration statement, written for SQLite, in this engine's words; null when the engine has nothing to
     * do for it (SQLite's pragmas on PostgreSQL).
     */
    default String ddl(String sqlite) {
        return sqlite;
    }

    /**
     * A query whose rows say whether the database is consistent: one row {@code ok}, or the problems found
     * (SQLite's {@code PRAGMA integrity_check}).
     */
    String integrityCheck();

    /** A statement run once before the connection closes (SQLite's {@code PRAGMA optimize}), or null. */
    default String beforeClose() {
        return null;
    }

    /** What the store is called in messages: the file, or the server's address without credentials. */
    default String describeLocation(Path file) {
        return String.valueOf(file);
    }

    /** A driver error in words: corrupt, not a database, read-only, locked, … naming {@code file}. */
    String describe(Path file, SQLException e);

    /** What an existing database says about its owner. */
    record Ownership(int applicationId, List<String> tables) {
        public Ownership {
            tables = List.copyOf(tables);
        }
    }
}
