package dev.runbook.store;

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
 * The notification outbox of one runbook in the store ({@code incident_outbox}): entries written in the same
 * transaction as the incident change that caused them, claimed by a lease before delivery, then marked delivered,
 * retried later or failed. Texts are scrubbed of secrets before they are written. Thread-safe (every call holds
 * the store connection's lock); calls block on I/O.
 */
public final class OutboxTable {
    private final StoreConnection db;
    private final String runbook;
    private final UnaryOperator<String> scrub;
    private final java.util.function.Supplier<String> host;

    OutboxTable(StoreConnection db, String runbook, UnaryOperator<String> scrub,
                java.util.function.Supplier<String> host) {
        this.db = db;
        this.runbook = runbook;
        this.scrub = scrub;
        this.host = host;
    }

    private void update(String sql, IncidentTables.Binder binder) throws SQLException {
        try (PreparedStatement ps = db.jdbc().prepareStatement(sql)) {
            binder.bind(ps);
            ps.executeUpdate();
        }
    }

    private static void setInstant(PreparedStatement ps, int i, Instant t) throws SQLException {
        if (t == null) {
            ps.setNull(i, Types.INTEGER);
        } else {
            ps.setLong(i, t.toEpochMilli());
        }
    }


    /** One outbox entry, with the host that wrote it ('' for entries written before hosts were recorded). */
    public record Outgoing(long id, Long incidentId, String target, String notifier, String address, String kind,
                    String subject, String body, String fields, Instant createdAt, String state, int attempts,
                    Instant nextAttemptAt, String lastError, Instant doneAt, String host) {
        /** An entry whose host is not known. */
        public Outgoing(long id, Long incidentId, String target, String notifier, String address, String kind,
                        String subject, String body, String fields, Instant createdAt, String state, int attempts,
                        Instant nextAttemptAt, String lastError, Instant doneAt) {
            this(id, incidentId, target, notifier, address, kind, subject, body, fields, createdAt, state, attempts,
                    nextAttemptAt, lastError, doneAt, "");
        }
    }

    private static final String OUT_COLUMNS = "id, incident_id, target, notifier, address, kind, subject, body, fields,"
            + " created_at, state, attempts, next_attempt_at, last_error, done_at, host";

    private static Outgoing outgoing(ResultSet rs) throws SQLException {
        long inc = rs.getLong(2);
        Long incidentId = rs.wasNull() ? null : inc;
        return new Outgoing(rs.getLong(1), incidentId, rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), IncidentTables.instant(rs, 10), rs.getString(11),
                rs.getInt(12), IncidentTables.instant(rs, 13), rs.getString(14), IncidentTables.instant(rs, 15),
                rs.getString(16));
    }

    /** Writes an entry, claimed until {@code leaseUntil} (null: unclaimed, due now). Call inside {@link #tx}. */
    public long enqueue(Long incidentId, String target, String notifier, String address, String kind, String subject,
                 String body, String fields, Instant at, Instant leaseUntil) throws SQLException {
        try (PreparedStatement ps = db.jdbc().prepareStatement("INSERT INTO incident_outbox (runbook, incident_id, target,"
                + " notifier, address, kind, subject, body, fields, created_at, state, attempts, next_attempt_at,"
                + " lease_until, host) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?, ?)",
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
            ps.setString(13, host.get());
            ps.executeUpdate();
            try (ResultSet rs = ps.getGeneratedKeys()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    public Optional<Outgoing> outgoing(long id) {
        return outgoingWhere("id = ?", ps -> ps.setLong(2, id)).stream().findFirst();
    }

    /** Every entry of this runbook's outbox, oldest first. */
    public List<Outgoing> all() {
        return outgoingWhere("1 = 1 ORDER BY id", ps -> { });
    }

    public List<Outgoing> outgoingByState(String state) {
        return outgoingWhere("state = ? ORDER BY id", ps -> ps.setString(2, state));
    }

    /** Ids of pending entries due at {@code now} and not claimed by a live lease. */
    public List<Long> dueOutgoing(Instant now) {
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
    public List<String> targetsOf(long incidentId) {
        db.lock().lock();
        try (PreparedStatement ps = db.jdbc().prepareStatement("SELECT target FROM incident_outbox WHERE incident_id = ?"
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
            throw db.failure("outbox", e);
        } finally {
            db.lock().unlock();
        }
    }

    private List<Outgoing> outgoingWhere(String where, IncidentTables.Binder binder) {
        db.lock().lock();
        try (PreparedStatement ps = db.jdbc().prepareStatement("SELECT " + OUT_COLUMNS + " FROM incident_outbox WHERE runbook = ? AND "
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
            throw db.failure("outbox", e);
        } finally {
            db.lock().unlock();
        }
    }

    /**
     * Records that report {@code report} of {@code period} goes to {@code recipient} now: true the first time, false
     * if it already went (a report is sent once per period and recipient, however many schedules and steps fire).
     */
    public boolean firstReport(String report, String period, String recipient, Instant at) {
        db.lock().lock();
        try (PreparedStatement ps = db.jdbc().prepareStatement("INSERT INTO reports_sent (runbook, report, period,"
                + " notifier, sent_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            ps.setString(1, runbook);
            ps.setString(2, report);
            ps.setString(3, period);
            ps.setString(4, recipient);
            ps.setLong(5, at.toEpochMilli());
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw db.failure("outbox", e);
        } finally {
            db.lock().unlock();
        }
    }

    /**
     * Puts a failed entry back to pending, due at {@code now}, with a fresh series of attempts ({@code runbook
     * notifications FILE retry ID}); its last error is kept until the next attempt. False if it had not failed.
     */
    public boolean retry(long id, Instant now) {
        db.lock().lock();
        try (PreparedStatement ps = db.jdbc().prepareStatement("UPDATE incident_outbox SET state = 'pending',"
                + " attempts = 0, next_attempt_at = ?, lease_until = NULL, done_at = NULL WHERE runbook = ? AND id = ?"
                + " AND state = 'failed'")) {
            ps.setLong(1, now.toEpochMilli());
            ps.setString(2, runbook);
            ps.setLong(3, id);
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw db.failure("outbox", e);
        } finally {
            db.lock().unlock();
        }
    }

    /** Claims a pending entry until {@code leaseUntil}; false if it is delivered, failed or claimed elsewhere. */
    public boolean claim(long id, Instant now, Instant leaseUntil) {
        db.lock().lock();
        try (PreparedStatement ps = db.jdbc().prepareStatement("UPDATE incident_outbox SET lease_until = ? WHERE id = ?"
                + " AND state = 'pending' AND (lease_until IS NULL OR lease_until <= ?)")) {
            ps.setLong(1, leaseUntil.toEpochMilli());
            ps.setLong(2, id);
            ps.setLong(3, now.toEpochMilli());
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw db.failure("outbox", e);
        } finally {
            db.lock().unlock();
        }
    }

    public void delivered(long id, Instant at, int attempts) throws SQLException {
        update("UPDATE incident_outbox SET state = 'delivered', attempts = ?, done_at = ?, lease_until = NULL,"
                + " last_error = NULL WHERE id = ?", ps -> {
                    ps.setInt(1, attempts);
                    ps.setLong(2, at.toEpochMilli());
                    ps.setLong(3, id);
                });
    }

    public void retryLater(long id, int attempts, Instant next, String error) throws SQLException {
        update("UPDATE incident_outbox SET attempts = ?, next_attempt_at = ?, lease_until = NULL, last_error = ?"
                + " WHERE id = ?", ps -> {
                    ps.setInt(1, attempts);
                    ps.setLong(2, next.toEpochMilli());
                    ps.setString(3, error == null ? null : scrub.apply(error));
                    ps.setLong(4, id);
                });
    }

    public void failed(long id, int attempts, Instant at, String error) throws SQLException {
        update("UPDATE incident_outbox SET state = 'failed', attempts = ?, done_at = ?, lease_until = NULL,"
                + " last_error = ? WHERE id = ?", ps -> {
                    ps.setInt(1, attempts);
                    ps.setLong(2, at.toEpochMilli());
                    ps.setString(3, error == null ? null : scrub.apply(error));
                    ps.setLong(4, id);
                });
    }

}
