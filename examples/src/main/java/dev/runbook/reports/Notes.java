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
 * ({@code id, at} epoch ms, {@code operator, text}), created if missing. Open the file with
 * {@code SqliteRunStore.open} first so it is checked to be a runbook store. Each call opens its own connection
 * (WAL, 5 s busy timeout); thread-safe.
 */
public final class Notes {
    /** One note. */
    public record Note(Instant at, String operator, String text) {
    }

    private final Path file;

    /** Notes in the store file {@code file}. */
    public Notes(Path file) {
        this.file = file;
    }

    private Connection connect() throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout=5000");
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("CREATE TABLE IF NOT EXISTS notes (id INTEGER PRIMARY KEY, at INTEGER NOT NULL, "
                    + "operator TEXT, text TEXT NOT NULL)");
            s.execute("CREATE INDEX IF NOT EXISTS notes_at ON notes(at)");
        }
        return c;
    }

    /** Adds a note taken at {@code at}. */
    public void add(Instant at, String operator, String text) {
        try (Connection c = connect(); PreparedStatement p = c.prepareStatement(
                "INSERT INTO notes(at, operator, text) VALUES (?, ?, ?)")) {
            p.setLong(1, at.toEpochMilli());
            p.setString(2, operator);
            p.setString(3, text);
            p.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot write a note to " + file + ": " + e.getMessage(), e);
        }
    }

    /** Notes taken in {@code [from, to)}, oldest first. */
    public List<Note> between(Instant from, Instant to) {
        List<Note> out = new ArrayList<>();
        try (Connection c = connect(); PreparedStatement p = c.prepareStatement(
                "SELECT at, operator, text FROM notes WHERE at >= ? AND at < ? ORDER BY at, id")) {
            p.setLong(1, from.toEpochMilli());
            p.setLong(2, to.toEpochMilli());
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    out.add(new Note(Instant.ofEpochMilli(r.getLong(1)), r.getString(2), r.getString(3)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read notes from " + file + ": " + e.getMessage(), e);
        }
        return out;
    }
}
