package dev.runbook.store;

import dev.runbook.core.escalation.Incident;
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

/**
 * The incident tables of one runbook in the store: {@code incidents}, {@code incident_timeline},
 * {@code incident_escalations} and, through {@link #outbox()}, {@code incident_outbox}. Created by
 * {@link dev.runbook.store.Store#incidents}, over the store's one connection; the tables themselves are made by
 * the store's one migration path. Incidents are per (check, host) (runbook-format §10): each is written with the
 * host that opened it, and a host finds, joins and escalates only its own open incidents (and those written before
 * hosts were recorded, host ''); a {@code scope: fleet} check's incidents are the fleet's, under
 * {@link #FLEET}. Thread-safe (every call holds the connection's lock); calls block on I/O.
 */
public final class IncidentTables {
    /** The host label of a {@code scope: fleet} check's results and incidents: one for the whole fleet. */
    public static final String FLEET = "fleet";
    private final StoreConnection db;
    private final String runbook;
    private final UnaryOperator<String> scrub;
    private final OutboxTable outbox;
    private final java.util.function.Supplier<String> host;
    private volatile java.util.Set<String> fleetSubjects = java.util.Set.of();

    /** Use {@link dev.runbook.store.Store#incidents}; incidents written as this machine's host. */
    public IncidentTables(StoreConnection db, String runbook, UnaryOperator<String> scrub) {
        this(db, runbook, scrub, Hosts::local);
    }

    /** Use {@link dev.runbook.store.Store#incidents}; incidents and notifications written as {@code host}. */
    public IncidentTables(StoreConnection db, String runbook, UnaryOperator<String> scrub,
                          java.util.function.Supplier<String> host) {
        this.db = db;
        this.runbook = runbook;
        this.scrub = scrub;
        this.host = java.util.Objects.requireNonNull(host, "host");
        this.outbox = new OutboxTable(db, runbook, scrub, host);
    }

    /** The host this process writes incidents as. */
    public String host() {
        return host.get();
    }

    /** The subjects (check ids) whose incidents are the fleet's ({@code scope: fleet}), not one host's. */
    public IncidentTables fleetSubjects(java.util.Set<String> subjects) {
        this.fleetSubjects = java.util.Set.copyOf(subjects);
        return this;
    }

    /** The host an incident of {@code subject} belongs to: {@link #FLEET} for a fleet-scoped check, else ours. */
    public String hostOf(String subject) {
        return fleetSubjects.contains(subject) ? FLEET : host.get();
    }

    /** The notification outbox of the same runbook. */
    public OutboxTable outbox() {
        return outbox;
    }

    // ------------------------------------------------------------------ transactions

    /** Work done in one transaction. */
    public interface Work<T> {
        T run() throws SQLException;
    }

    /** Runs {@code work} in one write transaction (all or nothing), nested calls joining it. */
    public <T> T tx(Work<T> work) {
        return db.write("incident store", work::run);
    }

    // ------------------------------------------------------------------ incidents

    /** An incident row with what the messages need beyond {@link Incident}. */
    public record Row(long id, String subject, String level, String category, Incident.State state, Instant openedAt,
               Instant levelSince, Instant acknowledgedAt, String acknowledgedBy, Instant resolvedAt,
               String resolvedBy, Boolean respondMet, String triggerStatus, String triggerMessage,
               String recoveryMessage, String operator, Instant nextUpdateAt, String host) {
    }

    private static final String ROW_COLUMNS = "id, subject, level, category, state, opened_at, level_since,"
            + " acknowledged_at, acknowledged_by, resolved_at, resolved_by, respond_met, trigger_status,"
            + " trigger_message, recovery_message, operator, next_update_at, host";

    private static Row row(ResultSet rs) throws SQLException {
        Object met = rs.getObject(12);
        return new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                Incident.State.valueOf(rs.getString(5).toUpperCase(java.util.Locale.ROOT)),
                instant(rs, 6), instant(rs, 7), instant(rs, 8), rs.getString(9), instant(rs, 10), rs.getString(11),
                met == null ? null : ((Number) met).intValue() != 0, rs.getString(13), rs.getString(14),
                rs.getString(15), rs.getString(16), instant(rs, 17), rs.getString(18));
    }

    public static Instant instant(ResultSet rs, int col) throws SQLException {
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

    /**
     * The open incident of a subject on this host (or, for a fleet-scoped check, the fleet's): the one it opened,
     * or the one it joined (one outage, one incident).
     */
    public Optional<Row> findOpen(String subject) {
        String h = hostOf(subject);
        return query("SELECT " + ROW_COLUMNS + " FROM incidents WHERE runbook = ? AND state != 'resolved'"
                + " AND (host = ? OR host = '') AND (subject = ?"
                + " OR id IN (SELECT incident_id FROM incident_checks WHERE check_id = ?)) ORDER BY id DESC LIMIT 1", ps -> {
                    ps.setString(1, runbook);
                    ps.setString(2, h);
                    ps.setString(3, subject);
                    ps.setString(4, subject);
                }).stream().findFirst();
    }

    /** A check an incident covers, and whether it is OK again. */
    public record Covered(String check, boolean ok) {
    }

    /**
     * Records that the incident covers {@code check} (again failing, if it was OK); the incident's own subject is
     * recorded too, so the incident knows every check it waits for. Call inside {@link #tx}.
     */
    public void cover(long id, String subject, String check, Instant at) throws SQLException {
        for (String c : new String[] {subject, check}) {
            update("INSERT INTO incident_checks (incident_id, check_id, ok, joined_at) VALUES (?, ?, 0, ?)"
                    + " ON CONFLICT (incident_id, check_id) DO UPDATE SET ok = 0", ps -> {
                        ps.setLong(1, id);
                        ps.setString(2, c);
                        ps.setLong(3, at.toEpochMilli());
                    });
        }
    }

    /** Marks a covered check failing again (no-op for one the incident does not list). Call inside {@link #tx}. */
    public void failing(long id, String check) throws SQLException {
        update("UPDATE incident_checks SET ok = 0 WHERE incident_id = ? AND check_id = ?", ps -> {
            ps.setLong(1, id);
            ps.setString(2, check);
        });
    }

    /** Marks a covered check OK again. Call inside {@link #tx}. */
    public void coveredOk(long id, String check) throws SQLException {
        update("UPDATE incident_checks SET ok = 1 WHERE incident_id = ? AND check_id = ?", ps -> {
            ps.setLong(1, id);
            ps.setString(2, check);
        });
    }

    /** The checks an incident covers beyond its own subject, in the order they joined; empty for a lone one. */
    public List<Covered> covered(long id) {
        db.lock().lock();
        try (PreparedStatement ps = db.jdbc().prepareStatement(
                // portable SQL (no SQLite rowid): at one time, the incident's own subject first, then by name
                "SELECT c.check_id, c.ok FROM incident_checks c JOIN incidents i ON i.id = c.incident_id"
                        + " WHERE c.incident_id = ? ORDER BY c.joined_at,"
                        + " CASE WHEN c.check_id = i.subject THEN 0 ELSE 1 END, c.check_id")) {
            ps.setLong(1, id);
            List<Covered> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Covered(rs.getString(1), rs.getInt(2) != 0));
                }
            }
            return out;
        } catch (SQLException e) {
            throw db.failure("incident store", e);
        } finally {
            db.lock().unlock();
        }
    }

    public Optional<Row> find(long id) {
        return query("SELECT " + ROW_COLUMNS + " FROM incidents WHERE runbook = ? AND id = ?", ps -> {
            ps.setString(1, runbook);
            ps.setLong(2, id);
        }).stream().findFirst();
    }

    /** Incidents of the whole fleet, newest first; open ones only if {@code openOnly}. */
    public List<Row> list(boolean openOnly) {
        return list(openOnly, null);
    }

    /** Incidents of one host ({@code host}; null: the whole fleet), newest first; open ones only if {@code openOnly}. */
    public List<Row> list(boolean openOnly, String host) {
        return query("SELECT " + ROW_COLUMNS + " FROM incidents WHERE runbook = ?"
                + (openOnly ? " AND state != 'resolved'" : "") + (host == null ? "" : " AND host = ?")
                + " ORDER BY id DESC", ps -> {
                    ps.setString(1, runbook);
                    if (host != null) {
                        ps.setString(2, host);
                    }
                });
    }

    /** Open incidents whose update is due. */
    public List<Row> updatesDue(Instant now) {
        return query("SELECT " + ROW_COLUMNS + " FROM incidents WHERE runbook = ? AND state != 'resolved'"
                + " AND next_update_at IS NOT NULL AND next_update_at <= ? ORDER BY id", ps -> {
                    ps.setString(1, runbook);
                    ps.setLong(2, now.toEpochMilli());
                });
    }

    interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private List<Row> query(String sql, Binder binder) {
        db.lock().lock();
        try (PreparedStatement ps = db.jdbc().prepareStatement(sql)) {
            binder.bind(ps);
            List<Row> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(row(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw db.failure("incident store", e);
        } finally {
            db.lock().unlock();
        }
    }

    /** Inserts an open incident; call inside {@link #tx}. */
    public long insert(String subject, String level, String category, Instant at, String triggerStatus,
                String triggerMessage, String operator, Instant nextUpdate) throws SQLException {
        try (PreparedStatement ps = db.jdbc().prepareStatement("INSERT INTO incidents (runbook, subject, level, category, state,"
                + " opened_at, level_since, trigger_status, trigger_message, operator, next_update_at, host)"
                + " VALUES (?, ?, ?, ?, 'open', ?, ?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
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
            ps.setString(11, hostOf(subject));
            ps.executeUpdate();
            try (ResultSet rs = ps.getGeneratedKeys()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    public void raise(long id, String level, Instant at) throws SQLException {
        update("UPDATE incidents SET level = ?, level_since = ? WHERE id = ?", ps -> {
            ps.setString(1, level);
            ps.setLong(2, at.toEpochMilli());
            ps.setLong(3, id);
        });
    }

    public void acknowledge(long id, Instant at, String by, Boolean respondMet) throws SQLException {
        update("UPDATE incidents SET state = 'acknowledged', acknowledged_at = ?, acknowledged_by = ?,"
                + " respond_met = COALESCE(respond_met, ?) WHERE id = ?", ps -> {
                    ps.setLong(1, at.toEpochMilli());
                    ps.setString(2, by);
                    setBool(ps, 3, respondMet);
                    ps.setLong(4, id);
                });
    }

    public void resolve(long id, Instant at, String by, String message, Boolean respondMet) throws SQLException {
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

    public void nextUpdate(long id, Instant next) throws SQLException {
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

    public void timeline(long id, Instant at, String kind, String text) throws SQLException {
        update("INSERT INTO incident_timeline (incident_id, at, kind, text) VALUES (?, ?, ?, ?)", ps -> {
            ps.setLong(1, id);
            ps.setLong(2, at.toEpochMilli());
            ps.setString(3, kind);
            ps.setString(4, text == null ? "" : scrub.apply(text));
        });
    }

    /** Adds a timeline entry in its own transaction. */
    public void timelineNow(long id, Instant at, String kind, String text) {
        tx(() -> {
            timeline(id, at, kind, text);
            return null;
        });
    }

    public List<Incident.TimelineEntry> timelineOf(long id) {
        db.lock().lock();
        try (PreparedStatement ps = db.jdbc().prepareStatement(
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
            throw db.failure("incident store", e);
        } finally {
            db.lock().unlock();
        }
    }

    void update(String sql, Binder binder) throws SQLException {
        try (PreparedStatement ps = db.jdbc().prepareStatement(sql)) {
            binder.bind(ps);
            ps.executeUpdate();
        }
    }

    // ------------------------------------------------------------------ escalation steps

    /** A pending {@code then} step. */
    public record Step(long incidentId, String level, int step, Instant dueAt, boolean unlessAcknowledged) {
    }

    public void schedule(long id, String level, int step, Instant due, boolean unlessAck) throws SQLException {
        update("INSERT INTO incident_escalations (incident_id, level, step, due_at, unless_acknowledged)"
                + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (incident_id, level, step) DO NOTHING", ps -> {
                    ps.setLong(1, id);
                    ps.setString(2, level);
                    ps.setInt(3, step);
                    ps.setLong(4, due.toEpochMilli());
                    ps.setInt(5, unlessAck ? 1 : 0);
                });
    }

    /** Marks pending steps done with an outcome: all of them, or only {@code unless: acknowledged} ones. */
    public void cancelSteps(long id, Instant at, String outcome, boolean onlyUnlessAcknowledged) throws SQLException {
        update("UPDATE incident_escalations SET done_at = ?, outcome = ? WHERE incident_id = ? AND done_at IS NULL"
                + (onlyUnlessAcknowledged ? " AND unless_acknowledged = 1" : ""), ps -> {
                    ps.setLong(1, at.toEpochMilli());
                    ps.setString(2, outcome);
                    ps.setLong(3, id);
                });
    }

    public List<Step> stepsDue(Instant now) {
        return steps("SELECT e.incident_id, e.level, e.step, e.due_at, e.unless_acknowledged"
                + " FROM incident_escalations e JOIN incidents i ON i.id = e.incident_id"
                + " WHERE i.runbook = ? AND i.state != 'resolved' AND e.done_at IS NULL AND e.due_at <= ?"
                + " ORDER BY e.due_at, e.incident_id, e.step", ps -> {
                    ps.setString(1, runbook);
                    ps.setLong(2, now.toEpochMilli());
                });
    }

    private List<Step> steps(String sql, Binder binder) {
        db.lock().lock();
        try (PreparedStatement ps = db.jdbc().prepareStatement(sql)) {
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
            throw db.failure("incident store", e);
        } finally {
            db.lock().unlock();
        }
    }

    /** Claims a due step (marks it done); false if another process did already. */
    public boolean claimStep(Step s, Instant at, String outcome) throws SQLException {
        try (PreparedStatement ps = db.jdbc().prepareStatement("UPDATE incident_escalations SET done_at = ?, outcome = ?"
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
    public List<Step> pendingSteps(long id) {
        return steps("SELECT incident_id, level, step, due_at, unless_acknowledged FROM incident_escalations"
                + " WHERE incident_id = ? AND done_at IS NULL ORDER BY due_at, step", ps -> ps.setLong(1, id));
    }

}
