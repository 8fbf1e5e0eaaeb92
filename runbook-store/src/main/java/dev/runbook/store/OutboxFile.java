package dev.runbook.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.sqlite.SQLiteConfig;

/**
 * Reads a runbook's notification outbox straight from its store file, read-only: it never creates the file,
 * migrates it or writes to it, so {@code runbook notifications FILE} (a listing) leaves the store as it found it.
 * A file or table that does not exist yet holds no notifications. Stateless.
 */
public final class OutboxFile {
    private OutboxFile() {
    }

    /** Every entry of {@code runbook}'s outbox, oldest first; empty when the store or its outbox does not exist. */
    public static List<OutboxTable.Outgoing> read(Path file, String runbook) {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        SQLiteConfig cfg = new SQLiteConfig();
        cfg.setReadOnly(true);
        cfg.setBusyTimeout(5_000);
        try (Connection c = cfg.createConnection("jdbc:sqlite:" + file)) {
            try (PreparedStatement t = c.prepareStatement(
                    "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'incident_outbox'");
                 ResultSet rs = t.executeQuery()) {
                if (!rs.next()) {
                    return List.of();
                }
            }
            boolean hosts;
            try (PreparedStatement t = c.prepareStatement(
                    "SELECT 1 FROM pragma_table_info('incident_outbox') WHERE name = 'host'");
                 ResultSet rs = t.executeQuery()) {
                hosts = rs.next(); // a file from before hosts were recorded (version 4) has none
            }
            List<OutboxTable.Outgoing> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id, incident_id, target, notifier, address, kind,"
                    + " subject, body, fields, created_at, state, attempts, next_attempt_at, last_error, done_at, "
                    + (hosts ? "host" : "''") + " FROM incident_outbox WHERE runbook = ? ORDER BY id")) {
                ps.setString(1, runbook);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long inc = rs.getLong(2);
                        Long incidentId = rs.wasNull() ? null : inc;
                        out.add(new OutboxTable.Outgoing(rs.getLong(1), incidentId, rs.getString(3), rs.getString(4),
                                rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
                                instant(rs, 10), rs.getString(11), rs.getInt(12), instant(rs, 13), rs.getString(14),
                                instant(rs, 15), rs.getString(16)));
                    }
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException(SqliteDialect.INSTANCE.describe(file, e), e);
        }
    }

    private static Instant instant(ResultSet rs, int col) throws SQLException {
        long v = rs.getLong(col);
        return rs.wasNull() ? null : Instant.ofEpochMilli(v);
    }
}
