package dev.runbook.incidents;

import dev.runbook.core.escalation.Incident;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.sqlite.SQLiteConfig;

/**
 * The incident tables in the runbook's SQLite file: {@code incidents_meta}, {@code incidents},
 * {@code incident_timeline}, {@code incident_escalations} and {@code incident_outbox}. Touches no other table.
 * One connection; every method is synchronized; calls block on I/O.
 */
final class IncidentStore implements AutoCloseable {
    static final int SCHEMA_VERSION = 1;
    /** 'RUNB', the application id the history store may also set. */
    static final int APPLICATION_ID = 0x52554E42;

    private final Connection db;
    private final String runbook;
    private final UnaryOperator<String> scrub;

    private IncidentStore(Connection db, String runbook, UnaryOperator<String> scrub) {
        this.db = db;
        this.runbook = runbook;
        this.scrub = scrub;
    }

    /**
     * Opens (creating if missing) the incident tables of {@code file} for one runbook.
     *
     * @param scrub applied to every text written (timeline, outbox, errors), to keep secret values out
     */
    static IncidentStore open(Path file, String runbook, UnaryOperator<String> scrub) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot create the directory of the store " + file + ": " + e, e);
        }
        try {
            SQLiteConfig config = new SQLiteConfig();
            config.setBusyTimeout(5000);
            config.setJournalMode(SQLiteConfig.JournalMode.WAL);
            config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
            config.enforceForeignKeys(true);
            // a write transaction takes the write lock at its start, so "find the open incident, else insert"
            // cannot race with another process doing the same
            config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
            Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), config.toProperties());
            try (Statement s = c.createStatement()) {
                try (ResultSet rs = s.executeQuery("PRAGMA application_id")) {
                    int id = rs.next() ? rs.getInt(1) : 0;
                    if (id == 0) {
                        s.execute("PRAGMA application_id = " + APPLICATION_ID);
                    } else if (id != APPLICATION_ID) {
                        c.close();
                        throw new IllegalStateException("the store " + file + " belongs to another application "
                                + "(application_id 0x" + Integer.toHexString(id) + ", expected 0x"
                                + Integer.toHexString(APPLICATION_ID) + ")");
                    }
                }
            }
            IncidentStore st = new IncidentStore(c, runbook, scrub);
            st.migrate(file);
            return st;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open the incident tables in " + file + ": " + e.getMessage(), e);
        }
    }

    private void migrate(Path file) throws SQLException {
        db.setAutoCommit(false);
        try (Statement s = db.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS incidents_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
            Integer version = null;
            try (ResultSet rs = s.executeQuery("SELECT value FROM incidents_meta WHERE key = 'schema_version'")) {
                if (rs.next()) {
                    version = Integer.valueOf(rs.getString(1));
                }
            }
            if (version != null && version > SCHEMA_VERSION) {
                db.rollback();
                throw new IllegalStateException("the incident tables in " + file + " are at schema version " + version
                        + ", newer than this runbook's " + SCHEMA_VERSION + ": upgrade runbook");
            }
            if (version == null) {
                s.execute("CREATE TABLE IF NOT EXISTS incidents ("
                        + " id INTEGER PRIMARY KEY AUTOINCREMENT, runbook TEXT NOT NULL, subject TEXT NOT NULL,"
                        + " level TEXT NOT NULL, category TEXT, state TEXT NOT NULL, opened_at INTEGER NOT NULL,"
                        + " level_since INTEGER NOT NULL, acknowledged_at INTEGER, acknowledged_by TEXT,"
                        + " resolved_at INTEGER, resolved_by TEXT, respond_met INTEGER,"
                        + " trigger_status TEXT, trigger_message TEXT, recovery_message TEXT, operator TEXT,"
                        + " next_update_at INTEGER)");
                s.execute("CREATE INDEX IF NOT EXISTS incidents_by_subject ON incidents (runbook, subject, state)");
                s.execute("CREATE TABLE IF NOT EXISTS incident_timeline ("
                        + " id INTEGER PRIMARY KEY AUTOINCREMENT,"
                        + " incident_id INTEGER NOT NULL REFERENCES incidents (id),"
                        + " at INTEGER NOT NULL, kind TEXT NOT NULL, text TEXT NOT NULL)");
                s.execute("CREATE INDEX IF NOT EXISTS incident_timeline_by_incident ON incident_timeline (incident_id, id)");
                s.execute("CREATE TABLE IF NOT EXISTS incident_escalations ("
                        + " incident_id INTEGER NOT NULL REFERENCES incidents (id), level TEXT NOT NULL,"
                        + " step INTEGER NOT NULL, due_at INTEGER NOT NULL, unless_acknowledged INTEGER NOT NULL,"
                        + " done_at INTEGER, outcome TEXT, PRIMARY KEY (incident_id, level, step))");
                s.execute("CREATE TABLE IF NOT EXISTS incident_outbox ("
                        + " id INTEGER PRIMARY KEY AUTOINCREMENT, runbook TEXT NOT NULL, incident_id INTEGER,"
                        + " target TEXT NOT NULL, notifier TEXT NOT NULL, address TEXT, kind TEXT NOT NULL,"
                        + " subject TEXT NOT NULL, body TEXT NOT NULL, fields TEXT NOT NULL,"
                        + " created_at INTEGER NOT NULL, state TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,"
                        + " next_attempt_at INTEGER NOT NULL, lease_until INTEGER, last_error TEXT, done_at INTEGER)");
                s.execute("CREATE INDEX IF NOT EXISTS incident_outbox_due ON incident_outbox (runbook, state, next_attempt_at)");
                s.execute("INSERT INTO incidents_meta (key, value) VALUES ('schema_version', '" + SCHEMA_VERSION + "')");
            }
            db.commit();
        } catch (SQLException | RuntimeException e) {
            db.rollback();
            throw e;
        } finally {
            db.setAutoCommit(true);
        }
    }

    // ------------------------------------------------------------------ transactions

    /** Work done in one transaction. */
    interface Work<T> {
        T run() throws SQLException;
    }

    synchronized <T> T tx(Work<T> work) {
        try {
            db.setAutoCommit(false);
            try {
                T t = work.run();
                db.commit();
                return t;
            } catch (SQLException | RuntimeException e) {
                db.rollback();
                throw e;
            } finally {
                db.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("incident store: " + e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------ incidents

    /** An incident row with what the messages need beyond {@link Incident}. */
    record Row(long id, String subject, String level, String category, Incident.State state, Instant openedAt,
               Instant levelSince, Instant acknowledgedAt, String acknowledgedBy, Instant resolvedAt,
               String resolvedBy, Boolean respondMet, String triggerStatus, String triggerMessage,
               String recoveryMessage, String operator, Instant nextUpdateAt) {
    }

    private static final String ROW_COLUMNS = "id, subject, level, category, state, opened_at, level_since,"
            + " acknowledged_at, acknowledged_by, resolved_at, resolved_by, respond_met, trigger_status,"
            + " trigger_message, recovery_message, operator, next_update_at";

    private static Row row(ResultSet rs) throws SQLException {
        Object met = rs.getObject(12);
        return new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                Incident.State.valueOf(rs.getString(5).toUpperCase(java.util.Locale.ROOT)),
                instant(rs, 6), instant(rs, 7), instant(rs, 8), rs.getString(9), instant(rs, 10), rs.getString(11),
                met == null ? null : ((Number) met).intValue() != 0, rs.getString(13), rs.getString(14),
                rs.getString(15), rs.getString(16), instant(rs, 17));
    }

    static Instant instant(ResultSet rs, int col) throws SQLException {
        long v = rs.getLong(col);
        return rs.wasNull() ? null : Instant.ofEpochMilli(v);
    }

    private static void setInstant(PreparedStatement ps, int i, Instant t) throws SQLException {
        if (t == null) {
            ps.setNull(i, Types.INTEGER);
        } else {
            ps.setLong(i, t.toEpochMilli());
        }
    }

    synchronized Optional<Row> findOpen(String subject) {
        return query("SELECT " + ROW_COLUMNS + " FROM incidents WHERE runbook = ? AND subject = ? AND state != 'resolved'"
                + " ORDER BY id DESC LIMIT 1", ps -> {
                    ps.setString(1, runbook);
                    ps.setString(2, subject);
                }).stream().findFirst();
    }

    synchronized Optional<Row> find(long id) {
        return query("SELECT " + ROW_COLUMNS + " FROM incidents WHERE runbook = ? AND id = ?", ps -> {
            ps.setString(1, runbook);
            ps.setLong(2, id);
        }).stream().findFirst();
    }

    /** Incidents, newest first; open ones only if {@code openOnly}. */
    synchronized List<Row> list(boolean openOnly) {
        return query("SELECT " + ROW_COLUMNS + " FROM incidents WHERE runbook = ?"
                + (openOnly ? " AND state != 'resolved'" : "") + " ORDER BY id DESC", ps -> ps.setString(1, runbook));
    }

    /** Open incidents whose update is due. */
    synchronized List<Row> updatesDue(Instant now) {
        return query("SELECT " + ROW_COLUMNS + " FROM incidents WHERE runbook = ? AND state != 'resolved'"
                + " AND next_update_at IS NOT NULL AND next_update_at <= ? ORDER BY id", ps -> {
                    ps.setString(1, runbook);
                    ps.setLong(2, now.toEpochMilli());
                });
    }

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private List<Row> query(String sql, Binder binder) {
        try (PreparedStatement ps = db.prepareStatement(sql)) {
            binder.bind(ps);
            List<Row> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(row(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("incident store: " + e.getMessage(), e);
        }
    }

    /** Inserts an open incident; call inside {@link #tx}. */
    long insert(String subject, String level, String category, Instant at, String triggerStatus,
                String triggerMessage, String operator, Instant nextUpdate) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("INSERT INTO incidents (runbook, subject, level, category, state,"
                + " opened_at, level_since, trigger_status, trigger_message, operator, next_update_at)"
                + " VALUES (?, ?, ?, ?, 'open', ?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, runbook);
            ps.setString(2, subject);
            ps.setString(3, level);
            ps.setString(4, category);
            ps.setLong(5, at.toEpochMilli());
            ps.setLong(6, at.toEpochMilli());
            ps.setString(7, triggerStatus);
            ps.setString(8, triggerMessage == null ? null : scrub.apply(triggerMessage));
            ps.setString(9, operator);
            setInstant(ps, 10, nextUpdate);
            ps.executeUpdate();
            try (ResultSet rs = ps.getGeneratedKeys()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    void raise(long id, String level, Instant at) throws SQLException {
        update("UPDATE incidents SET level = ?, level_since = ? WHERE id = ?", ps -> {
            ps.setString(1, level);
            ps.setLong(2, at.toEpochMilli());
            ps.setLong(3, id);
        });
    }

    void acknowledge(long id, Instant at, String by, Boolean respondMet) throws SQLException {
        update("UPDATE incidents SET state = 'acknowledged', acknowledged_at = ?, acknowledged_by = ?,"
                + " respond_met = COALESCE(respond_met, ?) WHERE id = ?", ps -> {
                    ps.setLong(1, at.toEpochMilli());
                    ps.setString(2, by);
                    setBool(ps, 3, respondMet);
                    ps.setLong(4, id);
                });
    }

    void resolve(long id, Instant at, String by, String message, Boolean respondMet) throws SQLException {
        update("UPDATE incidents SET state = 'resolved', resolved_at = ?, resolved_by = ?, recovery_message = ?,"
                + " respond_met = COALESCE(respond_met, ?), next_update_at = NULL WHERE id = ?", ps -> {
                    ps.setLong(1, at.toEpochMilli());
                    ps.setString(2, by);
                    ps.setString(3, message == null ? null : scrub.apply(message));
                    setBool(ps, 4, respondMet);
                    ps.setLong(5, id);
                });
        update("UPDATE incident_escalations SET done_at = ?, outcome = 'resolved before due' WHERE incident_id = ?"
                + " AND done_at IS NULL", ps -> {
                    ps.setLong(1, at.toEpochMilli());
                    ps.setLong(2, id);
                });
    }

    void nextUpdate(long id, Instant next) throws SQLException {
        update("UPDATE incidents SET next_update_at = ? WHERE id = ?", ps -> {
            setInstant(ps, 1, next);
            ps.setLong(2, id);
        });
    }

    private static void setBool(PreparedStatement ps, int i, Boolean b) throws SQLException {
        if (b == null) {
            ps.setNull(i, Types.INTEGER);
        } else {
            ps.setInt(i, b ? 1 : 0);
        }
    }

    void timeline(long id, Instant at, String kind, String text) throws SQLException {
        update("INSERT INTO incident_timeline (incident_id, at, kind, text) VALUES (?, ?, ?, ?)", ps -> {
            ps.setLong(1, id);
            ps.setLong(2, at.toEpochMilli());
            ps.setString(3, kind);
            ps.setString(4, text == null ? "" : scrub.apply(text));
        });
    }

    /** Adds a timeline entry in its own transaction. */
    void timelineNow(long id, Instant at, String kind, String text) {
        tx(() -> {
            timeline(id, at, kind, text);
            return null;
        });
    }

    synchronized List<Incident.TimelineEntry> timelineOf(long id) {
        try (PreparedStatement ps = db.prepareStatement(
                "SELECT at, kind, text FROM incident_timeline WHERE incident_id = ? ORDER BY at, id")) {
            ps.setLong(1, id);
            List<Incident.TimelineEntry> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Incident.TimelineEntry(Instant.ofEpochMilli(rs.getLong(1)), rs.getString(2), rs.getString(3)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("incident store: " + e.getMessage(), e);
        }
    }

    private void update(String sql, Binder binder) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement(sql)) {
            binder.bind(ps);
            ps.executeUpdate();
        }
    }

    // ------------------------------------------------------------------ escalation steps

    /** A pending {@code then} step. */
    record Step(long incidentId, String level, int step, Instant dueAt, boolean unlessAcknowledged) {
    }

    void schedule(long id, String level, int step, Instant due, boolean unlessAck) throws SQLException {
        update("INSERT OR IGNORE INTO incident_escalations (incident_id, level, step, due_at, unless_acknowledged)"
                + " VALUES (?, ?, ?, ?, ?)", ps -> {
                    ps.setLong(1, id);
                    ps.setString(2, level);
                    ps.setInt(3, step);
                    ps.setLong(4, due.toEpochMilli());
                    ps.setInt(5, unlessAck ? 1 : 0);
                });
    }

    /** Marks pending steps done with an outcome: all of them, or only {@code unless: acknowledged} ones. */
    void cancelSteps(long id, Instant at, String outcome, boolean onlyUnlessAcknowledged) throws SQLException {
        update("UPDATE incident_escalations SET done_at = ?, outcome = ? WHERE incident_id = ? AND done_at IS NULL"
                + (onlyUnlessAcknowledged ? " AND unless_acknowledged = 1" : ""), ps -> {
                    ps.setLong(1, at.toEpochMilli());
                    ps.setString(2, outcome);
                    ps.setLong(3, id);
                });
    }

    synchronized List<Step> stepsDue(Instant now) {
        return steps("SELECT e.incident_id, e.level, e.step, e.due_at, e.unless_acknowledged"
                + " FROM incident_escalations e JOIN incidents i ON i.id = e.incident_id"
                + " WHERE i.runbook = ? AND i.state != 'resolved' AND e.done_at IS NULL AND e.due_at <= ?"
                + " ORDER BY e.due_at, e.incident_id, e.step", ps -> {
                    ps.setString(1, runbook);
                    ps.setLong(2, now.toEpochMilli());
                });
    }

    private List<Step> steps(String sql, Binder binder) {
        try (PreparedStatement ps = db.prepareStatement(sql)) {
            binder.bind(ps);
            List<Step> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Step(rs.getLong(1), rs.getString(2), rs.getInt(3), Instant.ofEpochMilli(rs.getLong(4)),
                            rs.getInt(5) != 0));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("incident store: " + e.getMessage(), e);
        }
    }

    /** Claims a due step (marks it done); false if another process did already. */
    boolean claimStep(Step s, Instant at, String outcome) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("UPDATE incident_escalations SET done_at = ?, outcome = ?"
                + " WHERE incident_id = ? AND level = ? AND step = ? AND done_at IS NULL")) {
            ps.setLong(1, at.toEpochMilli());
            ps.setString(2, outcome);
            ps.setLong(3, s.incidentId());
            ps.setString(4, s.level());
            ps.setInt(5, s.step());
            return ps.executeUpdate() == 1;
        }
    }

    /** Pending steps of an incident, soonest first, for "next actions". */
    synchronized List<Step> pendingSteps(long id) {
        return steps("SELECT incident_id, level, step, due_at, unless_acknowledged FROM incident_escalations"
                + " WHERE incident_id = ? AND done_at IS NULL ORDER BY due_at, step", ps -> ps.setLong(1, id));
    }

    // ------------------------------------------------------------------ outbox

    /** One outbox entry. */
    record Outgoing(long id, Long incidentId, String target, String notifier, String address, String kind,
                    String subject, String body, String fields, Instant createdAt, String state, int attempts,
                    Instant nextAttemptAt, String lastError, Instant doneAt) {
    }

    private static final String OUT_COLUMNS = "id, incident_id, target, notifier, address, kind, subject, body, fields,"
            + " created_at, state, attempts, next_attempt_at, last_error, done_at";

    private static Outgoing outgoing(ResultSet rs) throws SQLException {
        long inc = rs.getLong(2);
        Long incidentId = rs.wasNull() ? null : inc;
        return new Outgoing(rs.getLong(1), incidentId, rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), instant(rs, 10), rs.getString(11),
                rs.getInt(12), instant(rs, 13), rs.getString(14), instant(rs, 15));
    }

    /** Writes an entry, claimed until {@code leaseUntil} (null: unclaimed, due now). Call inside {@link #tx}. */
    long enqueue(Long incidentId, String target, String notifier, String address, String kind, String subject,
                 String body, String fields, Instant at, Instant leaseUntil) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("INSERT INTO incident_outbox (runbook, incident_id, target,"
                + " notifier, address, kind, subject, body, fields, created_at, state, attempts, next_attempt_at,"
                + " lease_until) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, runbook);
            if (incidentId == null) {
                ps.setNull(2, Types.INTEGER);
            } else {
                ps.setLong(2, incidentId);
            }
            ps.setString(3, target);
            ps.setString(4, notifier);
            ps.setString(5, address);
            ps.setString(6, kind);
            ps.setString(7, scrub.apply(subject));
            ps.setString(8, scrub.apply(body));
            ps.setString(9, scrub.apply(fields));
            ps.setLong(10, at.toEpochMilli());
            ps.setLong(11, at.toEpochMilli());
            setInstant(ps, 12, leaseUntil);
            ps.executeUpdate();
            try (ResultSet rs = ps.getGeneratedKeys()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    synchronized Optional<Outgoing> outgoing(long id) {
        return outgoingWhere("id = ?", ps -> ps.setLong(2, id)).stream().findFirst();
    }

    synchronized List<Outgoing> outgoingByState(String state) {
        return outgoingWhere("state = ? ORDER BY id", ps -> ps.setString(2, state));
    }

    /** Ids of pending entries due at {@code now} and not claimed by a live lease. */
    synchronized List<Long> dueOutgoing(Instant now) {
        List<Long> ids = new ArrayList<>();
        for (Outgoing o : outgoingWhere("state = 'pending' AND next_attempt_at <= ? AND (lease_until IS NULL"
                + " OR lease_until <= ?) ORDER BY next_attempt_at, id", ps -> {
                    ps.setLong(2, now.toEpochMilli());
                    ps.setLong(3, now.toEpochMilli());
                })) {
            ids.add(o.id());
        }
        return ids;
    }

    /** Targets that received incident notifications for an incident, in first-sent order. */
    synchronized List<String> targetsOf(long incidentId) {
        try (PreparedStatement ps = db.prepareStatement("SELECT target FROM incident_outbox WHERE incident_id = ?"
                + " AND kind = 'incident' GROUP BY target ORDER BY MIN(id)")) {
            ps.setLong(1, incidentId);
            List<String> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("incident store: " + e.getMessage(), e);
        }
    }

    private List<Outgoing> outgoingWhere(String where, Binder binder) {
        try (PreparedStatement ps = db.prepareStatement("SELECT " + OUT_COLUMNS + " FROM incident_outbox WHERE runbook = ? AND "
                + where)) {
            ps.setString(1, runbook);
            binder.bind(ps);
            List<Outgoing> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(outgoing(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("incident store: " + e.getMessage(), e);
        }
    }

    /** Claims a pending entry until {@code leaseUntil}; false if it is delivered, failed or claimed elsewhere. */
    synchronized boolean claim(long id, Instant now, Instant leaseUntil) {
        try (PreparedStatement ps = db.prepareStatement("UPDATE incident_outbox SET lease_until = ? WHERE id = ?"
                + " AND state = 'pending' AND (lease_until IS NULL OR lease_until <= ?)")) {
            ps.setLong(1, leaseUntil.toEpochMilli());
            ps.setLong(2, id);
            ps.setLong(3, now.toEpochMilli());
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException("incident store: " + e.getMessage(), e);
        }
    }

    void delivered(long id, Instant at, int attempts) throws SQLException {
        update("UPDATE incident_outbox SET state = 'delivered', attempts = ?, done_at = ?, lease_until = NULL,"
                + " last_error = NULL WHERE id = ?", ps -> {
                    ps.setInt(1, attempts);
                    ps.setLong(2, at.toEpochMilli());
                    ps.setLong(3, id);
                });
    }

    void retryLater(long id, int attempts, Instant next, String error) throws SQLException {
        update("UPDATE incident_outbox SET attempts = ?, next_attempt_at = ?, lease_until = NULL, last_error = ?"
                + " WHERE id = ?", ps -> {
                    ps.setInt(1, attempts);
                    ps.setLong(2, next.toEpochMilli());
                    ps.setString(3, error == null ? null : scrub.apply(error));
                    ps.setLong(4, id);
                });
    }

    void failed(long id, int attempts, Instant at, String error) throws SQLException {
        update("UPDATE incident_outbox SET state = 'failed', attempts = ?, done_at = ?, lease_until = NULL,"
                + " last_error = ? WHERE id = ?", ps -> {
                    ps.setInt(1, attempts);
                    ps.setLong(2, at.toEpochMilli());
                    ps.setString(3, error == null ? null : scrub.apply(error));
                    ps.setLong(4, id);
                });
    }

    @Override
    public synchronized void close() {
        try {
            db.close();
        } catch (SQLException e) {
            throw new IllegalStateException("incident store: " + e.getMessage(), e);
        }
    }
}
