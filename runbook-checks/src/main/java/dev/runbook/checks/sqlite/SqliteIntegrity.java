package dev.runbook.checks.sqlite;

import dev.runbook.core.Status;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;
import org.sqlite.SQLiteOpenMode;

/**
 * Runs {@code PRAGMA integrity_check} or {@code quick_check} on a SQLite file opened read-only (never creating a
 * missing file) and says what the answer means in runbook terms: {@code ok} is OK; damage, a zero-length file or
 * "not a database" are CRITICAL; "locked past the busy timeout" is WARNING; no permission is UNKNOWN. Used by the
 * {@code sqlite} and {@code backup} checks and the {@code restore-test} action. Stateless and thread-safe; calls
 * block on file I/O and up to the busy timeout.
 */
public final class SqliteIntegrity {

    /**
     * What a check found.
     *
     * @param status  the status it means
     * @param message in words
     * @param answer  the lines SQLite answered (empty if it could not run)
     */
    public record Verdict(Status status, String message, List<String> answer) {
    }

    private SqliteIntegrity() {
    }

    /** A read-only connection with a busy timeout; the file must exist. */
    public static Connection openReadOnly(Path file, Duration busyTimeout) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setOpenMode(SQLiteOpenMode.READONLY);
        config.resetOpenMode(SQLiteOpenMode.CREATE);
        config.setBusyTimeout((int) Math.min(Integer.MAX_VALUE, busyTimeout.toMillis()));
        // a URI filename (percent-encoded, so spaces, '?' and '#' in paths are safe) with mode=ro; with the read-only
        // flags and no CREATE flag, a missing file is never created
        String uri = "file:" + file.toAbsolutePath().toUri().getRawPath() + "?mode=ro";
        return DriverManager.getConnection("jdbc:sqlite:" + uri, config.toProperties());
    }

    /** Checks one file. Never throws for an expected failure. */
    public static Verdict check(Path file, boolean quick, Duration busyTimeout) {
        String denied = dev.runbook.checks.access.FileAccess.denied(file);
        if (denied != null) {
            return new Verdict(Status.UNKNOWN, denied, List.of());
        }
        if (!Files.exists(file)) {
            return new Verdict(Status.CRITICAL, "database not found: " + file, List.of());
        }
        if (!Files.isRegularFile(file)) {
            return new Verdict(Status.CRITICAL, "not a regular file: " + file, List.of());
        }
        try {
            if (Files.size(file) == 0) {
                return new Verdict(Status.CRITICAL, "zero-length file, not a database: " + file, List.of());
            }
        } catch (IOException e) {
            return new Verdict(Status.UNKNOWN, "cannot read " + file + ": " + e.getMessage(), List.of());
        }
        String pragma = quick ? "quick_check" : "integrity_check";
        try (Connection c = openReadOnly(file, busyTimeout); Statement st = c.createStatement()) {
            List<String> lines = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("PRAGMA " + pragma)) {
                while (rs.next()) {
                    lines.add(rs.getString(1));
                }
            }
            if (lines.size() == 1 && "ok".equals(lines.get(0))) {
                return new Verdict(Status.OK, pragma + ": ok", lines);
            }
            String first = lines.isEmpty() ? "(no answer)" : lines.get(0);
            return new Verdict(Status.CRITICAL, pragma + " found " + (lines.size() == 1 ? "a problem" : lines.size() + " problems")
                    + ": " + first, lines.size() > 20 ? lines.subList(0, 20) : lines);
        } catch (SQLException e) {
            return fromException(e, file, busyTimeout);
        }
    }

    /** Maps a driver error to a verdict, keeping the driver's words. */
    public static Verdict fromException(SQLException e, Path file, Duration busyTimeout) {
        SQLiteErrorCode code = e instanceof SQLiteException se ? se.getResultCode() : SQLiteErrorCode.getErrorCode(e.getErrorCode());
        int primary = code == null ? e.getErrorCode() : code.code & 0xff;
        String words = e.getMessage();
        if (primary == SQLiteErrorCode.SQLITE_BUSY.code || primary == SQLiteErrorCode.SQLITE_LOCKED.code) {
            return new Verdict(Status.WARNING, "database locked past the busy timeout ("
                    + busyTimeout.toMillis() + " ms): " + file + ": " + words, List.of());
        }
        if (primary == SQLiteErrorCode.SQLITE_NOTADB.code || primary == SQLiteErrorCode.SQLITE_CORRUPT.code) {
            return new Verdict(Status.CRITICAL, "not a database or damaged: " + file + ": " + words, List.of());
        }
        if (primary == SQLiteErrorCode.SQLITE_PERM.code || primary == SQLiteErrorCode.SQLITE_AUTH.code
                || (primary == SQLiteErrorCode.SQLITE_CANTOPEN.code && Files.exists(file))) {
            return new Verdict(Status.UNKNOWN, "cannot open " + file + ": " + words, List.of());
        }
        if (primary == SQLiteErrorCode.SQLITE_CANTOPEN.code) {
            return new Verdict(Status.CRITICAL, "database not found: " + file, List.of());
        }
        return new Verdict(Status.CRITICAL, "SQLite error on " + file + ": " + words, List.of());
    }
}
