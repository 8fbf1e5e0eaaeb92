package dev.runbook.store;

import dev.runbook.core.Status;
import dev.runbook.core.StoredResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.sqlite.SQLiteConfig;

/**
 * A store opened only to read it, for verbs that show what is stored without changing anything
 * ({@code runbook docs --with-results}): it never creates the file or its directory, never migrates it, never
 * switches its journal mode and never writes a row. A file that is missing is {@link Optional#empty()}; one that
 * is foreign, newer than this code, older than this code or unreadable is refused with a {@link StoreException}
 * that names the file and says what to do.
 *
 * <pre>{@code
 * try (ReadOnlyStore store = ReadOnlyStore.openIfPresent(path, clock).orElse(null)) {
 *     if (store != null) { store.latestPerCheck(); }
 * }
 * }</pre>
 *
 * <p>Its connection is separate from a {@link Store} of the same file (a reader in a process that does not write:
 * SQLite itself keeps the locks of several connections of one process apart). Thread-safe: every read holds the
 * connection's lock. Every call blocks on I/O.
 */
public final class ReadOnlyStore implements AutoCloseable {
    /** One procedure's newest stored run. */
    public record LastRun(String procedure, Instant startedAt, Duration duration, Status status) {
    }

    private final StoreConnection db;
    private final SqliteHistory history;

    private ReadOnlyStore(StoreConnection db, Clock clock) {
        this.db = db;
        this.history = SqliteRunStore.over(db, Store.DEFAULT_RETENTION, clock).history();
    }

    /**
     * Opens the store at {@code path} read-only, or returns empty when there is no such file.
     *
     * @throws StoreException if the file is a directory, foreign, not a database, of another schema version, or
     *                        cannot be read
     */
    public static Optional<ReadOnlyStore> openIfPresent(Path path, Clock clock) {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(clock, "clock");
        Path file = path.toAbsolutePath().normalize();
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS) && !Files.exists(file)) {
            return Optional.empty();
        }
        if (Files.isDirectory(file)) {
            throw new StoreException("the store " + file + " is a directory; expected an SQLite file");
        }
        if (!Files.isReadable(file)) {
            throw new StoreException("the store " + file + " is not readable (check its permissions)");
        }
        Connection c;
        try {
            SQLiteConfig cfg = new SQLiteConfig();
            cfg.setReadOnly(true);
            cfg.setBusyTimeout((int) Store.BUSY_TIMEOUT.toMillis());
            c = cfg.createConnection("jdbc:sqlite:" + file);
        } catch (SQLException e) {
            throw new StoreException(SqliteDialect.INSTANCE.describe(file, e), e);
        }
        try {
            Dialect.Ownership o = SqliteDialect.INSTANCE.ownership(c);
            if (o.applicationId() != Migrations.APPLICATION_ID) {
                if (o.applicationId() == 0 && o.tables().isEmpty()) {
                    throw new StoreException("the store " + file + " is empty: nothing has been recorded yet");
                }
                throw new StoreException("the store " + file + " is not a runbook store (another application's "
                        + "SQLite database); choose the runbook's own store path");
            }
            int found = Migrations.version(c, SqliteDialect.INSTANCE);
            if (found > Migrations.CURRENT) {
                throw new StoreException("the store " + file + " has schema version " + found
                        + ", newer than this runbook understands (" + Migrations.CURRENT + "); upgrade runbook");
            }
            if (found < Migrations.CURRENT) {
                throw new StoreException("the store " + file + " has schema version " + found + ", older than this"
                        + " runbook's " + Migrations.CURRENT + "; a verb that writes (runbook run) migrates it");
            }
            return Optional.of(new ReadOnlyStore(new StoreConnection(file, SqliteDialect.INSTANCE, c), clock));
        } catch (SQLException e) {
            close(c);
            throw new StoreException(SqliteDialect.INSTANCE.describe(file, e), e);
        } catch (RuntimeException e) {
            close(c);
            throw e;
        }
    }

    private static void close(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // already failing
        }
    }

    /** The file. */
    public Path path() {
        return db.path();
    }

    /** Stored results, read-only. */
    public SqliteHistory history() {
        return history;
    }

    /** The newest result of every check that has one, by check id. */
    public Map<String, StoredResult> latestPerCheck() {
        return history.latestPerCheck();
    }

    /** The newest stored run of a procedure of this runbook, or empty. */
    public Optional<LastRun> lastRun(String runbook, String procedure) {
        return db.read("read the last run of " + procedure, () -> {
            PreparedStatement ps = db.statement("SELECT started_at, duration_ms, status FROM runs WHERE runbook = ?"
                    + " AND procedure = ? ORDER BY started_at DESC LIMIT 1");
            ps.setString(1, runbook);
            ps.setString(2, procedure);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                Status s = Status.fromExitCode(rs.getInt(3));
                return Optional.of(new LastRun(procedure, Instant.ofEpochMilli(rs.getLong(1)),
                        Duration.ofMillis(rs.getLong(2)), s));
            }
        });
    }

    @Override
    public void close() {
        db.close();
    }
}
