package dev.runbook.reports;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Operator notes for the reports ({@code runbook note}), kept in the runbook's store file in table {@code notes}
 * ({@code id, at} epoch ms, {@code operator, text}). Open the file with {@code SqliteRunStore.open} first so it is
 * checked to be a runbook store. One connection for the life of this object, opened on first use (WAL, 5 s busy
 * timeout): a report run inside a long-running process reuses it. Reading never writes: with no {@code notes}
 * table yet, there are no notes. Thread-safe (calls are serialized); blocks on I/O. Close it.
 */
public final class Notes implements AutoCloseable {
    /** One note. */
    public record Note(Instant at, String operator, String text) {
    }

    private final Path file;
    private Connection connection;
    private boolean closed;

    /** Notes in the store file {@code file}; nothing is opened until the first call. */
    public Notes(Path file) {
        this.file = file;
    }

    /**
     * Notes in the store file {@code file}, with their connection opened now: a long-running process opens it
     * once at start, so later reports open none.
     *
     * @throws IllegalStateException if the file cannot be opened
     */
    public static Notes open(Path file) {
        Notes n = new Notes(file);
        synchronized (n) {
            try {
                n.connection();
            } catch (SQLException e) {
                throw new IllegalStateException("cannot open the notes in " + file + ": " + e.getMessage(), e);
            }
        }
        return n;
    }

    private Connection connection() throws SQLException {
        if (closed) {
            throw new IllegalStateException("the notes of " + file + " are closed");
        }
        if (connection == null) {
            Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA busy_timeout=5000");
            } catch (SQLException e) {
                c.close();
                throw e;
            }
            connection = c;
        }
        return connection;
    }

    private boolean tableExists(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT 1 FROM sqlite_master WHERE type='table' AND name='notes'")) {
            return r.next();
        }
    }

    /** Adds a note taken at {@code at}; creates the table on the first note. */
    public synchronized void add(Instant at, String operator, String text) {
        try {
            Connection c = connection();
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("CREATE TABLE IF NOT EXISTS notes (id INTEGER PRIMARY KEY, at INTEGER NOT NULL, "
                        + "operator TEXT, text TEXT NOT NULL)");
                s.execute("CREATE INDEX IF NOT EXISTS notes_at ON notes(at)");
            }
            try (PreparedStatement p = c.prepareStatement("INSERT INTO notes(at, operator, text) VALUES (?, ?, ?)")) {
                p.setLong(1, at.toEpochMilli());
                p.setString(2, operator);
                p.setString(3, text);
                p.executeUpdate();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot write a note to " + file + ": " + e.getMessage(), e);
        }
    }

    /** Notes taken in {@code [from, to)}, oldest first; none when no note was ever taken. */
    public synchronized List<Note> between(Instant from, Instant to) {
        List<Note> out = new ArrayList<>();
        try {
            Connection c = connection();
            if (!tableExists(c)) {
                return out;
            }
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT at, operator, text FROM notes WHERE at >= ? AND at < ? ORDER BY at, id")) {
                p.setLong(1, from.toEpochMilli());
                p.setLong(2, to.toEpochMilli());
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        out.add(new Note(Instant.ofEpochMilli(r.getLong(1)), r.getString(2), r.getString(3)));
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read notes from " + file + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** Closes the connection, if one was opened. */
    @Override
    public synchronized void close() {
        closed = true;
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                // nothing left to do with it
            } finally {
                connection = null;
            }
        }
    }
}
