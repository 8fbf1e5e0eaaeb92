package dev.runbook.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one connection of this process to one store file, shared by every component that uses the file (history,
 * state, incidents, outbox, notes). All use of the JDBC connection happens under {@link #lock()}: a component
 * either calls {@link #read}/{@link #write}, or holds the lock itself around {@link #statement} calls. Write
 * transactions nest: an inner {@link #write} joins the outer one.
 *
 * <p>Only the store's table classes use this type; applications use {@link Store}. Thread-safe; every call
 * blocks on I/O (and a write on another process's transaction, up to {@link Store#BUSY_TIMEOUT}).
 */
public final class StoreConnection {
    private static final Logger LOG = LoggerFactory.getLogger(StoreConnection.class);

    /** Work on the connection. */
    @FunctionalInterface
    public interface Work<T> {
        T run() throws SQLException;
    }

    private final Path path;
    private final Dialect dialect;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, PreparedStatement> statements = new HashMap<>();
    private final AtomicInteger transactionDepth = new AtomicInteger();
    private final boolean readOnly;
    private Connection conn;
    /** Set when a statement failed because the connection was lost; {@link #reviveIfLost} then reconnects. */
    private volatile boolean lost;
    private volatile int versionAtOpen;

    StoreConnection(Path path, Dialect dialect, Connection conn) {
        this(path, dialect, conn, false);
    }

    StoreConnection(Path path, Dialect dialect, Connection conn, boolean readOnly) {
        this.path = path;
        this.dialect = dialect;
        this.conn = conn;
        this.readOnly = readOnly;
    }

    /** True if opened for a verb that only reads ({@link Store#openExisting}): every {@link #write} is refused. */
    public boolean readOnly() {
        return readOnly;
    }

    /** The file. */
    public Path path() {
        return path;
    }

    /** The schema version found when the connection was opened (0: new). */
    public int versionAtOpen() {
        return versionAtOpen;
    }

    void versionAtOpen(int version) {
        this.versionAtOpen = version;
    }

    /** The database engine's dialect. */
    public Dialect dialect() {
        return dialect;
    }

    /** The lock every use of the connection holds. Reentrant. */
    public ReentrantLock lock() {
        return lock;
    }

    /** The JDBC connection; only under {@link #lock()}. */
    public Connection jdbc() {
        if (!lock.isHeldByCurrentThread()) {
            throw new IllegalStateException("the store connection is used without its lock");
        }
        if (conn == null) {
            throw new StoreException("the store " + path + " is closed");
        }
        return conn;
    }

    /** A prepared statement cached for the connection's life; only under {@link #lock()}. */
    public PreparedStatement statement(String sql) throws SQLException {
        PreparedStatement ps = statements.get(sql);
        if (ps == null) {
            ps = jdbc().prepareStatement(sql);
            statements.put(sql, ps);
        }
        return ps;
    }

    /**
     * Outside a transaction, replaces a connection the server dropped (a PostgreSQL server restarted or a network
     * reset, runbook-format §10) with a new one, so a long-lived process (the daemon) writes again once the
     * server is back; its statement cache is emptied. An SQLite connection is never replaced. Only under
     * {@link #lock()}. A failed reconnect leaves the old, closed connection: the caller's statement then fails
     * as before, saying the store cannot be reached.
     */
    public void reviveIfLost() {
        if (!lock.isHeldByCurrentThread() || transactionDepth.get() > 0 || conn == null
                || "sqlite".equals(dialect.name())) {
            return;
        }
        boolean dropped = lost;
        if (!dropped) {
            try {
                dropped = conn.isClosed();
            } catch (SQLException e) {
                dropped = true;
            }
        }
        if (!dropped) {
            return;
        }
        Connection fresh;
        try {
            fresh = dialect.connect(path);
            dialect.prepare(fresh, path);
        } catch (SQLException e) {
            LOG.debug("the store {} is still unreachable: {}", dialect.describeLocation(path), e.toString());
            return;
        }
        for (PreparedStatement ps : statements.values()) {
            try {
                ps.close();
            } catch (SQLException e) {
                LOG.debug("closing a statement of the lost connection", e);
            }
        }
        statements.clear();
        try {
            conn.close();
        } catch (SQLException e) {
            LOG.debug("closing the lost connection", e);
        }
        conn = fresh;
        lost = false;
        LOG.info("reconnected to the store {}", dialect.describeLocation(path));
    }

    /** Runs reads (or single autocommitted statements) under the lock; {@code what} names it in errors. */
    public <T> T read(String what, Work<T> work) {
        lock.lock();
        try {
            reviveIfLost();
            jdbc();
            return work.run();
        } catch (SQLException e) {
            throw failure(what, e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs {@code work} in one write transaction (all or nothing), taking the database's write lock at its start,
     * so "read, then write" cannot race with another process. Inside another {@link #write}, joins it.
     */
    public <T> T write(String what, Work<T> work) {
        refuseIfReadOnly(what);
        lock.lock();
        try {
            if (transactionDepth.get() > 0) {
                transactionDepth.incrementAndGet();
                try {
                    return work.run();
                } finally {
                    transactionDepth.decrementAndGet();
                }
            }
            reviveIfLost();
            statement(dialect.beginWrite()).execute();
            transactionDepth.incrementAndGet();
            try {
                T t = work.run();
                statement("COMMIT").execute();
                return t;
            } catch (SQLException | RuntimeException | Error e) {
                rollbackQuietly();
                throw e;
            } finally {
                transactionDepth.decrementAndGet();
            }
        } catch (SQLException e) {
            throw failure(what, e);
        } finally {
            lock.unlock();
        }
    }

    /** Throws if this connection only reads; {@code what} names the refused write. */
    void refuseIfReadOnly(String what) {
        if (readOnly) {
            throw new StoreException((what == null ? "a write" : what) + ": the store " + path + " was opened read-only"
                    + " by a verb that only reads, which never writes the file");
        }
    }

    /** True while this thread is inside {@link #write}. */
    public boolean inTransaction() {
        return lock.isHeldByCurrentThread() && transactionDepth.get() > 0;
    }

    private void rollbackQuietly() {
        try {
            statement("ROLLBACK").execute();
        } catch (SQLException e) {
            LOG.debug("rollback failed", e);
        }
    }

    /** A driver error as a {@link StoreException} naming the file and what was being done. */
    public StoreException failure(String what, SQLException e) {
        if (isConnectionLost(e)) {
            lost = true;
        }
        return new StoreException((what == null ? "" : what + ": ") + dialect.describe(path, e), e);
    }

    /** Closes the connection; later calls fail with "closed". Idempotent. */
    void close() {
        lock.lock();
        try {
            if (conn == null) {
                return;
            }
            for (PreparedStatement ps : statements.values()) {
                try {
                    ps.close();
                } catch (SQLException e) {
                    LOG.debug("closing a statement", e);
                }
            }
            statements.clear();
            // PRAGMA optimize may write statistics: not from a connection that only reads
            String last = readOnly ? null : dialect.beforeClose();
            if (last != null) {
                try (var s = conn.createStatement()) {
                    s.execute(last);
                } catch (SQLException e) {
                    LOG.debug("{} failed", last, e);
                }
            }
            try {
                conn.close();
            } catch (SQLException e) {
                LOG.debug("closing the connection", e);
            }
            conn = null;
        } finally {
            lock.unlock();
        }
    }

    /**
     * True if {@code e} (or a cause) says the connection to the server is gone or unusable — SQLState class 08
     * (connection exception) or 57P (the server shut down) — rather than that a statement was wrong.
     */
    public static boolean isConnectionLost(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && s.getSQLState() != null
                    && (s.getSQLState().startsWith("08") || s.getSQLState().startsWith("57P"))) {
                return true;
            }
            if (t instanceof java.io.IOException) {
                return true;
            }
        }
        return false;
    }

    boolean isClosed() {
        return conn == null;
    }
}
