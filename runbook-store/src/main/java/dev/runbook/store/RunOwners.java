package dev.runbook.store;

import dev.runbook.core.Status;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who runs each running run, so a run whose process died ends instead of staying {@code running} forever
 * (runbook-format §6, §9 {@code runs}: state {@code expired}). A run stored as it starts, or claimed by
 * {@code confirm}, gets a {@code state} row (scope {@value #SCOPE}, key its id) naming its {@link RunOwner}, in the
 * same transaction; the run's end (or pause) deletes it in the transaction that records the end. While the run goes
 * on, its process renews the row's heartbeat every {@link #HEARTBEAT}.
 *
 * <p>A reader of the runs ({@link #abandoned}) judges every running run: one whose owner is a process of this
 * machine's current boot has ended when that process is gone (or its pid now belongs to a younger process); one
 * owned elsewhere (a fleet on PostgreSQL, or this machine before a restart) has ended when its heartbeat is older
 * than {@link #SILENCE}. Such a run is ended as expired, status UNKNOWN (or worse, if a step was), at its last sign
 * of life, with a message saying why; the message stays as a row of scope {@value #ENDED}. A running run without an
 * owner row (stored before owners were kept) has ended once nothing of it was recorded for
 * {@link #UNOWNED_SILENCE}. Thread-safe.
 */
final class RunOwners {
    /** The {@code state} scope of the owner rows. */
    static final String SCOPE = "run-owner";
    /** The {@code state} scope of why an abandoned run ended. */
    static final String ENDED = "run-ended";
    /** How often a running run's process renews its heartbeat. */
    static final Duration HEARTBEAT = Duration.ofSeconds(10);
    /** A run owned elsewhere whose heartbeat is older than this has ended: six missed beats, clock skew included. */
    static final Duration SILENCE = Duration.ofSeconds(60);
    /**
     * A running run without an owner row (stored before owners were kept) has ended when nothing of it was recorded
     * for this long: its start or its last step (a procedure's longest wait is far shorter).
     */
    static final Duration UNOWNED_SILENCE = Duration.ofHours(24);
    private static final Logger LOG = LoggerFactory.getLogger(RunOwners.class);
    private final SqliteRunStore store;
    private final Set<Long> mine = ConcurrentHashMap.newKeySet();
    private ScheduledExecutorService beats;

    RunOwners(SqliteRunStore store) {
        this.store = store;
    }

    /** A running run that can no longer finish: why, and when it was last known alive. */
    record Abandoned(long id, String owner, Instant endedAt, Status status, String message) {
    }

    private record Running(long id, String ownerRow, Instant startedAt) {
    }

    /** Names this process as the owner of run {@code id}, and keeps its heartbeat. Inside the caller's transaction. */
    void own(long id) throws SQLException {
        PreparedStatement ps = store.stmt("INSERT INTO state(scope, key, value) VALUES(?, ?, ?)"
                + " ON CONFLICT(scope, key) DO UPDATE SET value = excluded.value");
        ps.setString(1, SCOPE);
        ps.setString(2, Long.toString(id));
        ps.setString(3, RunOwner.current(store.clock.millis()).encode());
        ps.executeUpdate();
        mine.add(id);
        startBeats();
    }

    /** The run {@code id} has ended or paused: no owner any more. Inside the caller's transaction. */
    void release(long id) throws SQLException {
        PreparedStatement ps = store.stmt("DELETE FROM state WHERE scope = ? AND key = ?");
        ps.setString(1, SCOPE);
        ps.setString(2, Long.toString(id));
        ps.executeUpdate();
        mine.remove(id);
    }

    /** True while this process's heartbeat timer runs (it has running runs). */
    synchronized boolean beating() {
        return beats != null;
    }

    /** Drops why run {@code id} was judged abandoned: its own end was recorded after all. In the caller's transaction. */
    void forgetEnd(long id) throws SQLException {
        PreparedStatement ps = store.stmt("DELETE FROM state WHERE scope = ? AND key = ?");
        ps.setString(1, ENDED);
        ps.setString(2, Long.toString(id));
        ps.executeUpdate();
    }

    private synchronized void startBeats() {
        if (beats == null) {
            beats = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "runbook-run-heartbeat");
                t.setDaemon(true);
                return t;
            });
            long every = HEARTBEAT.toMillis();
            beats.scheduleWithFixedDelay(this::beat, every, every, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Renews the heartbeat of this process's running runs; stops the timer when there are none (or the store was
     * closed).
     */
    void beat() {
        synchronized (this) {
            if (store.db.isClosed()) {
                mine.clear(); // the store closed under a run that never ended: its process no longer answers for it
            }
            if (mine.isEmpty()) {
                if (beats != null) {
                    beats.shutdown();
                    beats = null;
                }
                return;
            }
        }
        String value = RunOwner.current(store.clock.millis()).encode();
        for (Long id : List.copyOf(mine)) {
            try {
                store.db.write("could not renew the heartbeat of run " + id, () -> {
                    // an UPDATE: a run whose end was recorded meanwhile gets no owner row back
                    PreparedStatement ps = store.stmt("UPDATE state SET value = ? WHERE scope = ? AND key = ?");
                    ps.setString(1, value);
                    ps.setString(2, SCOPE);
                    ps.setString(3, Long.toString(id));
                    return ps.executeUpdate();
                });
            } catch (RuntimeException e) {
                LOG.debug("heartbeat of run {} not renewed (will retry): {}", id, e.toString());
            }
        }
    }

    /**
     * The running runs of {@code runbook} whose process is known to have ended, judged at {@code now}. When the store
     * is writable each is stored as expired here (only if its owner row is still the one judged, so a run that just
     * renewed its heartbeat or ended by itself is left alone); a read-only reader only sees them. Blocks on I/O.
     */
    Map<Long, Abandoned> abandoned(String runbook, Instant now) {
        List<Running> running = store.db.read("could not read the running runs", () -> {
            PreparedStatement ps = store.stmt("SELECT r.id, s.value, r.started_at FROM runs r LEFT JOIN state s"
                    + " ON s.scope = ? AND s.key = CAST(r.id AS TEXT) WHERE r.runbook = ? AND r.state = 'running'");
            ps.setString(1, SCOPE);
            ps.setString(2, runbook);
            List<Running> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Running(rs.getLong(1), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3))));
                }
            }
            return out;
        });
        Map<Long, Abandoned> out = new LinkedHashMap<>();
        for (Running r : running) {
            if (r.ownerRow() == null) { // stored before owners were kept: only a long silence tells
                Abandoned a = lastStep(r, r.startedAt().toEpochMilli(), "the process that ran it is not known (the run"
                        + " was stored before run owners were kept) and nothing of it was recorded for more than "
                        + UNOWNED_SILENCE.toHours() + "h");
                if (now.isAfter(a.endedAt().plus(UNOWNED_SILENCE))) {
                    out.put(r.id(), a);
                }
                continue;
            }
            RunOwner o = RunOwner.decode(r.ownerRow()).orElse(null);
            if (o == null) {
                continue; // written by a newer version: it judges its own runs
            }
            String why;
            if (o.local()) {
                if (!o.ended()) {
                    continue;
                }
                why = "the process that ran it (" + o.describe() + ") ended without finishing it";
            } else if (now.toEpochMilli() - o.beatMs() > SILENCE.toMillis()) {
                why = "the process that ran it (" + o.describe() + ") has not been heard from for more than "
                        + SILENCE.toSeconds() + " s (last heartbeat " + Instant.ofEpochMilli(o.beatMs()) + ")";
            } else {
                continue;
            }
            out.put(r.id(), lastStep(r, o.beatMs(), why));
        }
        if (!out.isEmpty() && !store.db.readOnly()) {
            for (Abandoned a : out.values()) {
                end(a);
            }
        }
        return out;
    }

    /** The abandoned run with its last step named in the message, its worst counted status and last sign of life. */
    private Abandoned lastStep(Running r, long beatMs, String why) {
        return store.db.read("could not read the steps of run " + r.id(), () -> {
            PreparedStatement ps = store.stmt("SELECT step_index, title, status, counted, finished_at FROM run_steps"
                    + " WHERE run_id = ? ORDER BY step_index");
            ps.setLong(1, r.id());
            Status worst = Status.UNKNOWN;
            long last = Math.max(beatMs, r.startedAt().toEpochMilli());
            String step = "no step had finished";
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int status = rs.getInt(3);
                    boolean known = !rs.wasNull();
                    if (known && rs.getInt(4) != 0) {
                        worst = Status.worst(worst, Status.fromExitCode(status));
                    }
                    long finished = rs.getLong(5);
                    if (!rs.wasNull()) {
                        last = Math.max(last, finished);
                    }
                    step = "last step: " + rs.getInt(1) + " \"" + rs.getString(2) + "\""
                            + (known ? " (" + Status.fromExitCode(status).name() + ")" : "");
                }
            }
            return new Abandoned(r.id(), r.ownerRow(), Instant.ofEpochMilli(last), worst, why + "; " + step);
        });
    }

    /** Stores one abandoned run as expired, if its owner row is still the one judged. */
    private void end(Abandoned a) {
        store.db.write("could not end the abandoned run " + a.id(), () -> {
            // only if the owner row is still the one judged (none, for a run stored before owners were kept)
            PreparedStatement ps = store.stmt(a.owner() == null
                    ? "UPDATE runs SET state = 'expired', status = ?, finished_at = ?, duration_ms = ? - started_at"
                    + " WHERE id = ? AND state = 'running' AND NOT EXISTS(SELECT 1 FROM state WHERE scope = ?"
                    + " AND key = ?)"
                    : "UPDATE runs SET state = 'expired', status = ?, finished_at = ?, duration_ms = ? - started_at"
                    + " WHERE id = ? AND state = 'running' AND EXISTS(SELECT 1 FROM state WHERE scope = ? AND key = ?"
                    + " AND value = ?)");
            ps.setInt(1, a.status().exitCode());
            ps.setLong(2, a.endedAt().toEpochMilli());
            ps.setLong(3, a.endedAt().toEpochMilli());
            ps.setLong(4, a.id());
            ps.setString(5, SCOPE);
            ps.setString(6, Long.toString(a.id()));
            if (a.owner() != null) {
                ps.setString(7, a.owner());
            }
            if (ps.executeUpdate() == 1) {
                release(a.id());
                PreparedStatement why = store.stmt("INSERT INTO state(scope, key, value) VALUES(?, ?, ?)"
                        + " ON CONFLICT(scope, key) DO UPDATE SET value = excluded.value");
                why.setString(1, ENDED);
                why.setString(2, Long.toString(a.id()));
                why.setString(3, a.message());
                why.executeUpdate();
                LOG.warn("run {} expired: {}", a.id(), a.message());
            }
            return null;
        });
    }
}
