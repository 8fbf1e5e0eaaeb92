package dev.runbook.store;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * The store on a PostgreSQL server (runbook-format §10), through the PostgreSQL JDBC driver: one connection per
 * server and database per process, like SQLite's one connection per file. A write transaction takes one
 * transaction-scoped advisory lock ({@link #WRITE_LOCK}) at its start, so writers on every host queue exactly
 * as SQLite's {@code BEGIN IMMEDIATE} makes them queue on one file: "read, then write" keeps its meaning across
 * the fleet. Two exceptions keep the fleet's commits short: runs of the current hour take that lock shared
 * ({@link #beginRecord}) with their hours' locks ({@link #lockHours}), and the hourly fold takes neither but its
 * own lock ({@link #FOLD_LOCK}) and the exclusive locks of the hours it folds, so it stops no current run.
 * Waits are bounded by {@code lock_timeout} ({@link Store#BUSY_TIMEOUT}); connecting by {@link #CONNECT_TIMEOUT_S}. Immutable and thread-safe; it holds the address and credentials of one server.
 */
public final class PostgresDialect implements Dialect {
    /** The advisory lock key every write transaction takes: "RUNB", runbook's application id. */
    public static final long WRITE_LOCK = Migrations.APPLICATION_ID;
    /**
     * The advisory lock the hourly fold, the purge and a late result's merge take exclusively: "RUNF". Taken after
     * {@link #WRITE_LOCK} when both are held, never before it.
     */
    public static final long FOLD_LOCK = 0x52554E46L;
    /** The first key of the per-hour advisory locks ({@link #lockHours}); the second is the hour since the epoch. */
    public static final int HOUR_LOCK_CLASS = (int) Migrations.APPLICATION_ID;
    /** Seconds to wait for the server when connecting. */
    public static final int CONNECT_TIMEOUT_S = 10;
    /** Seconds a statement may wait for the server's answer: the lock wait ({@link Store#BUSY_TIMEOUT}) and 30 s. */
    public static final long SOCKET_TIMEOUT_S = Store.BUSY_TIMEOUT.toSeconds() + 30;
    /** The tables whose presence marks a database as runbook's (PostgreSQL has no application id). */
    static final List<String> OWN_TABLES = List.of("meta", "runs", "results", "schema_version", "state");
    private static final Pattern ID_KEY = Pattern.compile("\\bid INTEGER PRIMARY KEY(?! AUTOINCREMENT)");
    private static final Pattern INTEGER = Pattern.compile("\\bINTEGER\\b");
    private static final Pattern REAL = Pattern.compile("\\bREAL\\b");
    private static final Pattern BLOB = Pattern.compile("\\bBLOB\\b");
    private static final String SQLITE_ISO_TIME = "strftime('%Y-%m-%dT%H:%M:%fZ', r.at / 1000.0, 'unixepoch')";
    private static final String PG_ISO_TIME =
            "to_char(to_timestamp(r.at / 1000.0) AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')";

    private final String jdbcUrl;
    private final String display;
    private final String username;
    private final String password;

    private PostgresDialect(String jdbcUrl, String display, String username, String password) {
        this.jdbcUrl = jdbcUrl;
        this.display = display;
        this.username = username;
        this.password = password;
    }

    /**
     * The dialect for one server and database.
     *
     * @param url      {@code postgresql://host[:port]/database[?options]} (also {@code postgres://} or
     *                 {@code jdbc:postgresql://}); credentials in the URL are accepted but better given apart
     * @param username the user, or null for the URL's or the driver's default
     * @param password the password, or null
     * @throws StoreException if the URL is not a PostgreSQL URL, saying what was wrong
     */
    public static PostgresDialect of(String url, String username, String password) {
        Objects.requireNonNull(url, "url");
        String u = url.strip();
        if (u.startsWith("jdbc:")) {
            u = u.substring(5);
        }
        if (u.startsWith("postgres://")) {
            u = "postgresql://" + u.substring("postgres://".length());
        }
        if (!u.startsWith("postgresql://")) {
            throw new StoreException("store url '" + redact(url) + "' is not a PostgreSQL URL; expected"
                    + " postgresql://host[:port]/database");
        }
        URI uri;
        try {
            uri = new URI(u);
        } catch (URISyntaxException e) {
            throw new StoreException("store url '" + redact(url) + "' is not a valid URL: " + e.getReason());
        }
        if (uri.getHost() == null || uri.getPath() == null || uri.getPath().length() < 2) {
            throw new StoreException("store url '" + redact(url) + "' needs a host and a database:"
                    + " postgresql://host[:port]/database");
        }
        String user = username;
        String pass = password;
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            if (user == null) {
                user = URLDecoder.decode(parts[0], StandardCharsets.UTF_8);
            }
            if (pass == null && parts.length > 1) {
                pass = URLDecoder.decode(parts[1], StandardCharsets.UTF_8);
            }
        }
        String hostPort = uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        String display = "postgresql://" + hostPort + uri.getRawPath();
        return new PostgresDialect("jdbc:postgresql://" + hostPort + uri.getRawPath() + query, display, user, pass);
    }

    private static String redact(String url) {
        return url.replaceAll("//[^/@]*@", "//…@");
    }

    /** The server and database, without credentials: how the store is named in messages. */
    public String display() {
        return display;
    }

    /** The user the store logs in as, or null. */
    public String username() {
        return username;
    }

    @Override
    public String name() {
        return "postgresql";
    }

    @Override
    public Connection connect(Path file) throws SQLException {
        Properties p = new Properties();
        if (username != null) {
            p.setProperty("user", username);
        }
        if (password != null) {
            p.setProperty("password", password);
        }
        p.setProperty("connectTimeout", Integer.toString(CONNECT_TIMEOUT_S));
        p.setProperty("loginTimeout", Integer.toString(CONNECT_TIMEOUT_S));
        p.setProperty("tcpKeepAlive", "true");
        // a server that stops answering mid-statement cannot hang a run: longer than any lock wait
        p.setProperty("socketTimeout", Long.toString(SOCKET_TIMEOUT_S));
        p.setProperty("ApplicationName", "runbook");
        return DriverManager.getConnection(jdbcUrl, p);
    }

    @Override
    public Ownership ownership(Connection c) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT table_name FROM"
                + " information_schema.tables WHERE table_schema = current_schema() ORDER BY table_name")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        return new Ownership(tables.containsAll(OWN_TABLES) ? Migrations.APPLICATION_ID : 0, tables);
    }

    @Override
    public void prepare(Connection c, Path file) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("SET lock_timeout = '" + Store.BUSY_TIMEOUT.toMillis() + "ms'");
            s.execute("SET TIME ZONE 'UTC'");
        }
    }

    @Override
    public String beginWrite() {
        return "BEGIN; SELECT pg_advisory_xact_lock(" + WRITE_LOCK + ")";
    }

    /** The write lock in shared mode: the fleet's hosts record their runs side by side (issue #18's p99). */
    @Override
    public String beginRecord() {
        return "BEGIN; SELECT pg_advisory_xact_lock_shared(" + WRITE_LOCK + ")";
    }

    /** One advisory lock per hour (keys {@link #HOUR_LOCK_CLASS}, hour): shared by runs, exclusive by the fold. */
    @Override
    public String lockHours(boolean shared) {
        return "SELECT count(pg_advisory_xact_lock" + (shared ? "_shared" : "") + "(" + HOUR_LOCK_CLASS
                + ", h::int)) FROM generate_series(?::bigint, ?::bigint) AS h";
    }

    /** The driver sends statements joined by {@code ;} in one message and numbers their parameters across them. */
    @Override
    public boolean joinsStatements() {
        return true;
    }

    /** A plain transaction: the fold takes its own lock ({@link #tryFoldLock}), not {@link #WRITE_LOCK}. */
    @Override
    public String beginFold() {
        return "BEGIN";
    }

    @Override
    public String tryFoldLock() {
        return "SELECT pg_try_advisory_xact_lock(" + FOLD_LOCK + ")";
    }

    @Override
    public String lockFold() {
        return "SELECT pg_advisory_xact_lock(" + FOLD_LOCK + ")";
    }

    @Override
    public boolean hasTable(Connection c, String name) throws SQLException {
        try (var ps = c.prepareStatement("SELECT 1 FROM information_schema.tables"
                + " WHERE table_schema = current_schema() AND table_name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /**
     * The server keeps its own pages consistent (checksums, WAL); what can go wrong is the store's own rows:
     * remediation steps without their result, timeline entries without their incident.
     */
    @Override
    public String integrityCheck() {
        return "SELECT CASE WHEN a + t = 0 THEN 'ok' ELSE a || ' remediation steps without their result, ' || t"
                + " || ' timeline entries without their incident' END FROM (SELECT"
                + " (SELECT count(*) FROM actions x WHERE NOT EXISTS (SELECT 1 FROM results r WHERE r.check_id ="
                + " x.check_id AND r.at = x.at AND r.run_id = x.run_id)) AS a,"
                + " (SELECT count(*) FROM incident_timeline y WHERE NOT EXISTS (SELECT 1 FROM incidents i"
                + " WHERE i.id = y.incident_id)) AS t) AS counts";
    }

    @Override
    public String ddl(String sqlite) {
        String s = sqlite.strip();
        if (s.startsWith("PRAGMA")) {
            return null;
        }
        s = s.replace("INTEGER PRIMARY KEY AUTOINCREMENT", "BIGSERIAL PRIMARY KEY");
        s = ID_KEY.matcher(s).replaceAll("id BIGSERIAL PRIMARY KEY");
        s = INTEGER.matcher(s).replaceAll("BIGINT");
        s = REAL.matcher(s).replaceAll("DOUBLE PRECISION");
        s = BLOB.matcher(s).replaceAll("BYTEA");
        s = s.replace(" WITHOUT ROWID", "");
        s = s.replace(SQLITE_ISO_TIME, PG_ISO_TIME);
        return s;
    }

    @Override
    public String describeLocation(Path file) {
        return display;
    }

    @Override
    public String describe(Path file, SQLException e) {
        String m = String.valueOf(e.getMessage());
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if (state.startsWith("08")) {
            return "cannot reach the PostgreSQL store " + display + " (is the server running and reachable?): " + m;
        }
        if (state.startsWith("28")) {
            return "the PostgreSQL store " + display + " refused the login"
                    + (username == null ? "" : " of user " + username) + " (check username and password): " + m;
        }
        if ("3D000".equals(state)) {
            return "the PostgreSQL store " + display + " has no such database (create it first): " + m;
        }
        if ("42501".equals(state)) {
            return "the PostgreSQL store " + display + " denied access"
                    + (username == null ? "" : " to user " + username) + ": " + m;
        }
        if ("55P03".equals(state)) {
            return "the PostgreSQL store " + display + " stayed locked by another runbook process for more than "
                    + Store.BUSY_TIMEOUT.toSeconds() + " s: " + m;
        }
        return "the PostgreSQL store " + display + " failed: " + m;
    }
}
