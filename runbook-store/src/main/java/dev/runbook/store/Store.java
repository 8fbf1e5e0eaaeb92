package dev.runbook.store;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runbook's database file, opened once per process: the one owner of the file, through which history and
 * rollups ({@link #runs()}, {@link #history()}), per-check state and log offsets, the incident tables and the
 * outbox ({@link #incidents}) and operator notes ({@link #notes()}) are read and written.
 *
 * <pre>{@code
 * try (Store store = Store.open(Path.of("state/ai-estimator.db"), Duration.ofDays(400), clock)) {
 *     Engine engine = Engine.builder().store(store.runs()).build();
 *     StoreIncidentService incidents = StoreIncidentService.open(store, runbook, clock);
 *     store.notes().add(clock.instant(), "alice", "restarted the estimator");
 * }
 * }</pre>
 *
 * <p><b>One connection per file per process.</b> SQLite's locks are per process and are dropped when any
 * descriptor of the file is closed, so every {@code Store} of the same file in one process shares one
 * connection (counted: the last {@link #close()} closes it), and the file is never opened any other way: its
 * header is never read through a stream.
 *
 * <p><b>Refusal before touching.</b> A file that is not empty and not already runbook's (another application's
 * SQLite database, a text file, a directory) is refused with a {@link StoreException} before anything is
 * written to it or created beside it. A new file is created with mode 0600, so its {@code -wal} and {@code -shm}
 * files are too (SQLite gives them the database's mode).
 *
 * <p>Thread-safe: all components serialise on the one connection's lock. Every call blocks on I/O.
 */
public final class Store implements AutoCloseable {
    /**
     * How long a writer waits for another process's transaction. Transactions last milliseconds, but on a
     * starved machine (the torture test: a daemon and 20 launchers on 2 cores) the process holding the lock may
     * not be scheduled for seconds; 5 s lost runs there, so the wait is generous. A bound, not a speed.
     */
    public static final Duration BUSY_TIMEOUT = Duration.ofSeconds(30);
    /** Detail kept before it is only in rollups, when none is given. */
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(400);
    private static final Logger LOG = LoggerFactory.getLogger(Store.class);
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    /** The open files of this process, by real path. */
    private static final Map<Path, Shared> OPEN = new HashMap<>();
    /** PostgreSQL servers named so far, by {@link #server} path: their credentials. */
    private static final Map<String, PostgresDialect> SERVERS = new HashMap<>();
    /** How many database connections this process has made, over all files: for tests and diagnostics. */
    private static final java.util.concurrent.atomic.AtomicLong CONNECTIONS_MADE = new java.util.concurrent.atomic.AtomicLong();

    /** One connection and how many open {@link Store}s use it. */
    private static final class Shared {
        final StoreConnection connection;
        int users;

        Shared(StoreConnection connection) {
            this.connection = connection;
        }
    }

    private final Path key;
    private final Shared shared;
    private final SqliteRunStore runs;
    private final Notes notes;
    private boolean closed;

    private Store(Path key, Shared shared, Duration retention, Clock clock) {
        this.key = key;
        this.shared = shared;
        this.runs = SqliteRunStore.over(shared.connection, retention, clock);
        this.notes = new Notes(shared.connection);
    }

    /**
     * Opens (creating it, mode 0600, and its parent directories if needed) the store at {@code path}, or joins
     * this process's open connection to it (a read-only one while a verb that only reads holds it: see
     * {@link #openExisting}).
     *
     * @param retention how long detail is kept before it is folded into hourly rollups (null: 400 days)
     * @throws StoreException naming the file and the reason if it is foreign, corrupt, newer than this code,
     *                        or cannot be written
     */
    public static Store open(Path path, Duration retention, Clock clock) {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(clock, "clock");
        PostgresDialect server = serverAt(path);
        if (server != null) {
            return open(server, retention, clock);
        }
        Duration keep = retention == null ? DEFAULT_RETENTION : retention;
        if (keep.isNegative() || keep.isZero()) {
            throw new IllegalArgumentException("retention must be positive, found " + keep);
        }
        Path file = path.toAbsolutePath().normalize();
        synchronized (OPEN) {
            Path key = prepareFile(file);
            Shared s = OPEN.get(key);
            if (s == null || s.connection.isClosed()) {
                s = new Shared(connect(file, SqliteDialect.INSTANCE, clock));
                OPEN.put(key, s);
            }
            s.users++;
            try {
                return new Store(key, s, keep, clock);
            } catch (RuntimeException e) {
                release(key, s);
                throw e;
            }
        }
    }

    /**
     * Opens (creating and migrating its tables on first use) the store on a PostgreSQL server (runbook-format
     * §10), or joins this process's open connection to the same server and database.
     *
     * @param retention how long detail is kept before it is folded into hourly rollups (null: 400 days)
     * @throws StoreException naming the server and the reason if it cannot be reached, refuses the login, holds
     *                        another application's tables or a schema newer than this code
     */
    public static Store open(PostgresDialect server, Duration retention, Clock clock) {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(clock, "clock");
        Duration keep = retention == null ? DEFAULT_RETENTION : retention;
        if (keep.isNegative() || keep.isZero()) {
            throw new IllegalArgumentException("retention must be positive, found " + keep);
        }
        Path key = Path.of(server.display() + (server.username() == null ? "" : "#" + server.username()));
        synchronized (OPEN) {
            Shared s = OPEN.get(key);
            if (s == null || s.connection.isClosed()) {
                s = new Shared(connect(key, server, clock));
                OPEN.put(key, s);
            }
            s.users++;
            try {
                return new Store(key, s, keep, clock);
            } catch (RuntimeException e) {
                release(key, s);
                throw e;
            }
        }
    }

    /**
     * The schema version the store had when this process first opened it (0: it was new and has been created);
     * opening migrates, so {@code runbook store migrate} is an open that reports this and {@link #schemaVersion()}.
     */
    public int schemaVersionAtOpen() {
        return shared.connection.versionAtOpen();
    }

    /** The store's schema version now ({@link Migrations#CURRENT} once open). */
    public int schemaVersion() {
        return shared.connection.read("could not read the schema version",
                () -> Migrations.version(shared.connection.jdbc(), shared.connection.dialect()));
    }

    /**
     * The path that stands for a PostgreSQL store wherever a store is named by a {@link Path} ({@link #open(Path,
     * Duration, Clock)}, the incident service's and the reports' openers): {@code postgresql:/host:port/database},
     * without credentials. The server's credentials are remembered for this process, so every later open of
     * that path logs in with them; nothing prints them.
     */
    public static Path server(PostgresDialect server) {
        Objects.requireNonNull(server, "server");
        Path key = Path.of(server.display());
        synchronized (SERVERS) {
            SERVERS.put(key.toString(), server);
        }
        return key;
    }

    /** True if {@code path} names a PostgreSQL store ({@link #server}), not a file. */
    public static boolean isServer(Path path) {
        String p = path.toString();
        return p.startsWith("postgresql:/") || p.startsWith("postgres:/");
    }

    private static PostgresDialect serverAt(Path path) {
        if (!isServer(path)) {
            return null;
        }
        synchronized (SERVERS) {
            PostgresDialect known = SERVERS.get(path.toString());
            if (known != null) {
                return known;
            }
        }
        String p = path.toString();
        return PostgresDialect.of("postgresql://" + p.substring(p.indexOf(":/") + 2), null, null);
    }

    /**
     * Opens an existing, current store for a verb that only reads ({@code report}, {@code history},
     * {@code incidents list}), or joins this process's open connection to it. Unlike {@link #open}, it never
     * creates the file or its directory and never migrates: a missing or empty file, or one of an older schema, is
     * a {@link StoreException} that says so, and the file is left exactly as it was.
     *
     * <p>This is the one read-only opener ({@code report}, {@code history}, {@code incidents list}, {@code docs
     * --with-results}). When this process has no connection to the file yet, the connection it opens is SQLite's
     * read-only one: nothing is written through it, not even a pragma or a checkpoint ({@link #readOnly()}), and
     * any write through this store or a store that joins it (an {@link #open} of the same file while this one is
     * open) is refused with a {@link StoreException}. When the process already has the file open (the daemon), it
     * joins that connection, as every opener does: one connection per file per process.
     *
     * @param retention as for {@link #open} (null: 400 days)
     * @throws StoreException naming the file: missing, empty, older or newer than this code, foreign, corrupt
     */
    public static Store openExisting(Path path, Duration retention, Clock clock) {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(clock, "clock");
        PostgresDialect server = serverAt(path);
        if (server != null) {
            // a server has no file to leave uncreated: its tables are made on first use by any verb (§10)
            return open(server, retention, clock);
        }
        Duration keep = retention == null ? DEFAULT_RETENTION : retention;
        Path file = path.toAbsolutePath().normalize();
        synchronized (OPEN) {
            if (!Files.exists(file)) {
                throw new StoreException("there is no store at " + file + " yet: nothing has been recorded"
                        + " (`runbook run` or the daemon creates it); a verb that only reads does not");
            }
            if (Files.isDirectory(file)) {
                throw new StoreException("the store " + file + " is a directory; expected an SQLite file");
            }
            Path key;
            try {
                key = file.toRealPath();
            } catch (IOException e) {
                key = file;
            }
            Shared s = OPEN.get(key);
            if (s == null || s.connection.isClosed()) {
                // nobody in this process has the file open: a connection that cannot write
                s = new Shared(connectExisting(file, SqliteDialect.INSTANCE));
                OPEN.put(key, s);
            }
            s.users++;
            try {
                return new Store(key, s, keep, clock);
            } catch (RuntimeException e) {
                release(key, s);
                throw e;
            }
        }
    }

    /**
     * Opens the read-only connection of {@link #openExisting}: refuses a foreign, empty, old or newer file; sets no
     * pragma that writes (the file is already in WAL mode: only {@link #open} creates files).
     */
    private static StoreConnection connectExisting(Path file, Dialect dialect) {
        CONNECTIONS_MADE.incrementAndGet();
        Connection c;
        try {
            c = dialect.connectReadOnly(file);
        } catch (SQLException e) {
            throw new StoreException(dialect.describe(file, e), e);
        }
        try {
            refuseForeign(dialect.describeLocation(file), dialect.name(), dialect.ownership(c));
            int found = Migrations.version(c, dialect);
            if (found == 0) {
                throw new StoreException("the store " + file + " is empty: nothing has been recorded yet"
                        + " (`runbook run` or the daemon fills it)");
            }
            if (found < Migrations.CURRENT) {
                throw new StoreException("the store " + file + " has schema version " + found + ", older than this"
                        + " runbook's " + Migrations.CURRENT + "; a verb that writes (`runbook run`, the daemon)"
                        + " migrates it — this one only reads and has left it as it is");
            }
            if (found > Migrations.CURRENT) {
                throw new StoreException("the store " + file + " has schema version " + found
                        + ", newer than this runbook understands (" + Migrations.CURRENT + "); upgrade runbook");
            }
            StoreConnection opened = new StoreConnection(file, dialect, c, true);
            opened.versionAtOpen(found);
            return opened;
        } catch (SQLException e) {
            closeQuietly(c);
            throw new StoreException(dialect.describe(file, e), e);
        } catch (RuntimeException e) {
            closeQuietly(c);
            throw e;
        }
    }

    /** Opens with the default retention and the system clock. */
    public static Store open(Path path) {
        return open(path, DEFAULT_RETENTION, Clock.systemUTC());
    }

    /** Creates the directory and an empty 0600 file if missing; refuses a directory; returns the registry key. */
    private static Path prepareFile(Path file) {
        Path dir = file.getParent();
        try {
            Files.createDirectories(dir);
        } catch (FileAlreadyExistsException e) {
            throw new StoreException("cannot create the store " + file + ": " + e.getFile() + " exists and is not a directory", e);
        } catch (IOException e) {
            throw new StoreException("cannot create the directory of the store " + file + ": " + e, e);
        }
        if (Files.isDirectory(file)) {
            throw new StoreException("the store " + file + " is a directory; expected an SQLite file");
        }
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            if (!Files.isWritable(dir)) {
                throw new StoreException("the directory " + dir + " of the store is not writable (SQLite creates "
                        + file.getFileName() + ", -wal and -shm there)");
            }
            try {
                boolean posix = Files.getFileStore(dir).supportsFileAttributeView("posix");
                if (posix) {
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
                    // the umask may have removed bits, never added: make it exactly 0600
                    Files.setPosixFilePermissions(file, OWNER_ONLY);
                }
            } catch (FileAlreadyExistsException raced) {
                // another process created it first: it is checked like any existing file
            } catch (IOException e) {
                throw new StoreException("cannot create the store " + file + ": " + e, e);
            }
        } else if (!Files.isWritable(file)) {
            throw new StoreException("the store " + file + " is not writable (check its permissions)");
        } else if (!Files.isWritable(dir)) {
            throw new StoreException("the directory " + dir + " of the store is not writable (SQLite creates "
                    + file.getFileName() + "-wal and -shm beside it)");
        }
        try {
            return file.toRealPath();
        } catch (IOException e) {
            return file;
        }
    }

    /** Opens the connection, refuses a foreign database before anything writes, then prepares and migrates. */
    private static StoreConnection connect(Path file, Dialect dialect, Clock clock) {
        CONNECTIONS_MADE.incrementAndGet();
        Connection c;
        try {
            c = dialect.connect(file);
        } catch (SQLException e) {
            throw new StoreException(dialect.describe(file, e), e);
        }
        try {
            refuseForeign(dialect.describeLocation(file), dialect.name(), dialect.ownership(c));
            dialect.prepare(c, file);
            int found = Migrations.version(c, dialect);
            // the usual case: already current, so no write lock is taken just to open the file
            if (found != Migrations.CURRENT) {
                found = migrateLocked(c, dialect, clock);
            }
            if (found > Migrations.CURRENT) {
                throw new StoreException("the store " + dialect.describeLocation(file) + " has schema version " + found
                        + ", newer than this runbook understands (" + Migrations.CURRENT + "); upgrade runbook");
            }
            if (found > 0 && found < Migrations.CURRENT) {
                LOG.info("migrated the store {} from schema version {} to {}", dialect.describeLocation(file), found,
                        Migrations.CURRENT);
            }
            StoreConnection opened = new StoreConnection(file, dialect, c);
            opened.versionAtOpen(found);
            return opened;
        } catch (SQLException e) {
            closeQuietly(c);
            throw new StoreException(dialect.describe(file, e), e);
        } catch (RuntimeException e) {
            closeQuietly(c);
            throw e;
        }
    }

    /** Migrates inside a write transaction (two processes opening a new file at once migrate it once). */
    private static int migrateLocked(Connection c, Dialect dialect, Clock clock) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(dialect.beginWrite());
            try {
                if (dialect.lockFold() != null) {
                    s.execute(dialect.lockFold()); // no fold runs on tables being migrated
                }
                int found = Migrations.migrate(c, dialect, Math.floorDiv(clock.millis(), Migrations.HOUR_MS), clock.millis());
                s.execute(found > Migrations.CURRENT ? "ROLLBACK" : "COMMIT");
                return found;
            } catch (SQLException | RuntimeException e) {
                s.execute("ROLLBACK");
                throw e;
            }
        }
    }

    /**
     * Ours: runbook's application id; or application id 0 and no table at all (a new or empty database).
     * Anything else belongs to someone else.
     */
    private static void refuseForeign(String file, String engine, Dialect.Ownership o) {
        String kind = "sqlite".equals(engine) ? "an SQLite database" : "a PostgreSQL database";
        if (o.applicationId() == Migrations.APPLICATION_ID) {
            return;
        }
        if (o.applicationId() != 0) {
            throw new StoreException(String.format("the store %s is " + kind + " of another application"
                    + " (application_id 0x%08X, expected 0x%08X for runbook); refusing to touch it — choose another"
                    + " store path", file, o.applicationId(), Migrations.APPLICATION_ID));
        }
        if (o.tables().isEmpty()) {
            return;
        }
        throw new StoreException("the store " + file + " is " + kind + " of another application (tables: "
                + String.join(", ", o.tables().subList(0, Math.min(5, o.tables().size())))
                + (o.tables().size() > 5 ? ", …" : "") + "); refusing to touch it — choose another store path");
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            LOG.debug("closing the connection", e);
        }
    }

    /** Where the file is. */
    public Path path() {
        return shared.connection.path();
    }

    /** True if this store's connection only reads ({@link #openExisting} opened it): every write is refused. */
    public boolean readOnly() {
        return shared.connection.readOnly();
    }

    /** History, runs and per-check state (the engine's {@code RunStore}); closing it does not close this store. */
    public SqliteRunStore runs() {
        return runs;
    }

    /** The read side of the history. */
    public SqliteHistory history() {
        return runs.history();
    }

    /**
     * The incident tables, escalation steps and outbox of one runbook.
     *
     * @param scrub applied to every text written (timeline, outbox, errors), to keep secret values out
     */
    public IncidentTables incidents(String runbook, UnaryOperator<String> scrub) {
        return new IncidentTables(shared.connection, runbook, scrub, this::host);
    }

    /**
     * Names the host this process writes as (runbook-format §10 {@code host:}, {@code --host}); the machine's
     * host name by default. Runs and notes written later carry it.
     */
    public Store host(String name) {
        runs.host(name);
        notes.host(name);
        return this;
    }

    /** The host this store writes as. */
    public String host() {
        return runs.host();
    }

    /** The fleet's hosts and what each recorded. */
    public dev.runbook.store.Hosts hosts() {
        return new dev.runbook.store.Hosts(shared.connection);
    }

    /** Leases on fleet-wide work (runbook-format §10), timed by {@code clock}. */
    public dev.runbook.store.Leases leases(Clock clock) {
        return new dev.runbook.store.Leases(shared.connection, clock);
    }

    /** Operator notes. */
    public Notes notes() {
        return notes;
    }

    /** The shared connection, for the store's own table classes. */
    public StoreConnection connection() {
        return shared.connection;
    }

    /** Runs {@code PRAGMA integrity_check}; returns {@code ok} or the problems found. Reads the whole file. */
    public String integrityCheck() {
        return runs.integrityCheck();
    }

    /** How many database connections this process has made so far, over all files: for tests and diagnostics. */
    public static long connectionsMade() {
        return CONNECTIONS_MADE.get();
    }

    /** How many connections this process holds to {@code path} (0 or 1): for tests and diagnostics. */
    public static int openConnections(Path path) {
        Path file = path.toAbsolutePath().normalize();
        try {
            file = file.toRealPath();
        } catch (IOException e) {
            // not there: nothing open
        }
        synchronized (OPEN) {
            Shared s = OPEN.get(file);
            return s == null || s.connection.isClosed() ? 0 : 1;
        }
    }

    /** Leaves the file; the last {@code Store} of the file in this process closes the connection. Idempotent. */
    @Override
    public void close() {
        synchronized (OPEN) {
            if (closed) {
                return;
            }
            closed = true;
            release(key, shared);
        }
    }

    private static void release(Path key, Shared s) {
        if (--s.users <= 0) {
            s.connection.close();
            OPEN.remove(key, s);
        }
    }
}
