package dev.runbook.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.sqlite.SQLiteConfig;

/**
 * SQLite through sqlite-jdbc: WAL, {@code synchronous=NORMAL}, a {@link Store#BUSY_TIMEOUT} busy timeout,
 * foreign keys on; writes start with {@code BEGIN IMMEDIATE}. Stateless and thread-safe.
 */
public final class SqliteDialect implements Dialect {
    /** The one instance. */
    public static final SqliteDialect INSTANCE = new SqliteDialect();

    private SqliteDialect() {
    }

    @Override
    public String name() {
        return "sqlite";
    }

    @Override
    public Connection connect(Path file) throws SQLException {
        // no pragma that writes (journal_mode, application_id) is set here: only the busy timeout, which is
        // a property of the connection, not of the file
        SQLiteConfig cfg = new SQLiteConfig();
        cfg.setBusyTimeout((int) Store.BUSY_TIMEOUT.toMillis());
        return cfg.createConnection("jdbc:sqlite:" + file);
    }

    /** Opened with {@code SQLITE_OPEN_READONLY}: SQLite itself refuses every write, pragma or checkpoint into the file. */
    @Override
    public Connection connectReadOnly(Path file) throws SQLException {
        SQLiteConfig cfg = new SQLiteConfig();
        cfg.setReadOnly(true);
        cfg.setBusyTimeout((int) Store.BUSY_TIMEOUT.toMillis());
        return cfg.createConnection("jdbc:sqlite:" + file);
    }

    @Override
    public Ownership ownership(Connection c) throws SQLException {
        int appId;
        List<String> tables = new ArrayList<>();
        try (Statement s = c.createStatement()) {
            // tables first, then the id: another process creating the file sets both in one transaction, so a
            // commit between the two reads gives "no tables" or "ours", never "tables without our id" (the other
            // order refused a file a second process had just created)
            try (ResultSet rs = s.executeQuery(
                    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            try (ResultSet rs = s.executeQuery("PRAGMA application_id")) {
                appId = rs.next() ? rs.getInt(1) : 0;
            }
        }
        return new Ownership(appId, tables);
    }

    @Override
    public void prepare(Connection c, Path file) throws SQLException {
        try (Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("PRAGMA journal_mode = WAL")) {
                String mode = rs.next() ? rs.getString(1) : "?";
                if (!"wal".equalsIgnoreCase(mode)) {
                    throw new StoreException("the store " + file + " could not be switched to WAL mode (it stays in '"
                            + mode + "' mode); is it on a network file system?");
                }
            }
            s.execute("PRAGMA synchronous = NORMAL");
            s.execute("PRAGMA foreign_keys = ON");
            s.execute("PRAGMA cache_size = -16000");
            s.execute("PRAGMA mmap_size = 268435456");
        }
    }

    @Override
    public boolean hasTable(Connection c, String name) throws SQLException {
        try (var ps = c.prepareStatement("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    @Override
    public String integrityCheck() {
        return "PRAGMA integrity_check";
    }

    @Override
    public String beforeClose() {
        return "PRAGMA optimize";
    }

    @Override
    public String beginWrite() {
        return "BEGIN IMMEDIATE";
    }

    @Override
    public String describe(Path file, SQLException e) {
        String m = String.valueOf(e.getMessage());
        if (m.contains("SQLITE_NOTADB") || m.contains("not a database")) {
            return "the store " + file + " is not an SQLite database or is encrypted (" + m
                    + "); refusing to touch it — move it away or choose another store path";
        }
        if (m.contains("SQLITE_CORRUPT") || m.contains("malformed")) {
            return "the store " + file + " is corrupt (" + m + "); restore it from a backup or move it away";
        }
        if (m.contains("SQLITE_READONLY") || m.contains("readonly")) {
            return "the store " + file + " is read-only: " + m;
        }
        if (m.contains("SQLITE_CANTOPEN") || m.contains("unable to open")) {
            return "cannot open the store " + file + " (check the file's and its directory's permissions): " + m;
        }
        if (m.contains("SQLITE_BUSY") || m.contains("locked")) {
            return "the store " + file + " stayed locked by another process for more than "
                    + Store.BUSY_TIMEOUT.toSeconds() + " s: " + m;
        }
        return "the store " + file + " failed: " + m;
    }
}
