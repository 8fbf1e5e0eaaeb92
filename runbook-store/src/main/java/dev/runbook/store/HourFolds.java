package dev.runbook.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The hourly fold and the purge of a {@link SqliteRunStore}: every finished hour not yet rolled up is folded into
 * rollups ({@link Rollups}), then detail past the retention is deleted. Neither stops the runs of the current
 * hour: a fold holds the fold lock ({@link Dialect#beginFold}, {@link Dialect#tryFoldLock}) and the exclusive
 * locks of the hours it folds ({@link Dialect#lockHours}), so it waits only for runs still adding results to those
 * hours, and only late results and other folds wait for it. While another process holds the fold lock this one
 * leaves the work to it. Keeps the last fold and purge marks it saw, so it reads the store only when one may be
 * due. Used under the store's lock.
 */
final class HourFolds {
    /** Hours folded per transaction when catching up. */
    private static final long FOLD_CHUNK_HOURS = 24;

    private final SqliteRunStore store;
    private long rolledUntilHour;
    private long purgedBeforeMs = Long.MIN_VALUE;
    /** True once no kept detail lacks per-host rollups (hours folded before version 7; see {@link Rollups#foldHostsBack}). */
    private boolean hostsFoldedBack;

    HourFolds(SqliteRunStore store, long rolledUntilHour) {
        this.store = store;
        this.rolledUntilHour = rolledUntilHour;
    }

    /** A fold mark read elsewhere (inside a run's transaction). */
    void sawMark(long rolled) {
        rolledUntilHour = Math.max(rolledUntilHour, rolled);
    }

    /** See {@link SqliteRunStore#maintain()}. */
    void maintain() {
        store.db.refuseIfReadOnly("could not maintain the store");
        long nowMs = store.clock.millis();
        long nowHour = Math.floorDiv(nowMs, SqliteRunStore.HOUR_MS);
        store.lock.lock();
        try {
            store.connection();
            if (nowHour > rolledUntilHour) {
                // another host or process may have folded already: look before beginning a fold
                sawMark(Long.parseLong(store.metaValue(Migrations.ROLLED_UNTIL_KEY)));
            }
            if (nowHour > rolledUntilHour) {
                // the fold stops no run of the current hour: it holds the fold lock (if another process holds it,
                // that one is folding these hours: leave them to it) and the locks of the hours it folds, waiting
                // only for runs still adding results to them
                while (true) {
                    if (!beginFold()) {
                        return;
                    }
                    try {
                        long from = Long.parseLong(store.metaValue(Migrations.ROLLED_UNTIL_KEY));
                        if (from >= nowHour) {
                            rolledUntilHour = from;
                            store.exec("COMMIT");
                            break;
                        }
                        long to = Math.min(nowHour, from + FOLD_CHUNK_HOURS);
                        String hours = store.db.dialect().lockHours(false);
                        if (hours != null) {
                            PreparedStatement ps = store.stmt(hours);
                            ps.setLong(1, from);
                            ps.setLong(2, to - 1);
                            ps.executeQuery().close();
                        }
                        store.rollups.fold(from, to);
                        Migrations.setMeta(store.db.jdbc(), Migrations.ROLLED_UNTIL_KEY, Long.toString(to));
                        store.exec("COMMIT");
                        rolledUntilHour = to;
                    } catch (SQLException | RuntimeException e) {
                        store.rollbackQuietly();
                        throw e;
                    }
                }
            }
            // before any detail is purged, hours folded before version 7 get their per-host rows from it
            hostsFoldedBack = hostsFoldedBack || store.rollups.foldHostsBack(FOLD_CHUNK_HOURS);
            long hourMs = SqliteRunStore.HOUR_MS;
            long cutoff = Math.floorDiv(Math.min(nowMs - store.retention.toMillis(), rolledUntilHour * hourMs), hourMs)
                    * hourMs;
            if (cutoff <= purgedBeforeMs) {
                return;
            }
            purgedBeforeMs = Math.max(purgedBeforeMs, Long.parseLong(store.metaValue(Migrations.PURGED_BEFORE_KEY)));
            if (cutoff <= purgedBeforeMs) {
                return;
            }
            if (!beginFold()) {
                return;
            }
            try {
                long purged = Long.parseLong(store.metaValue(Migrations.PURGED_BEFORE_KEY));
                if (cutoff > purged) {
                    store.rollups.purge(cutoff);
                    Migrations.setMeta(store.db.jdbc(), Migrations.PURGED_BEFORE_KEY, Long.toString(cutoff));
                    purged = cutoff;
                }
                store.exec("COMMIT");
                purgedBeforeMs = purged;
            } catch (SQLException | RuntimeException e) {
                store.rollbackQuietly();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("could not maintain the store: " + store.describe(store.path, e), e);
        } finally {
            store.lock.unlock();
        }
    }

    /**
     * Begins a fold or purge transaction holding the fold lock; false (nothing begun) if another process holds
     * it, folding or purging the same hours.
     */
    private boolean beginFold() throws SQLException {
        store.exec(store.db.dialect().beginFold());
        String tryLock = store.db.dialect().tryFoldLock();
        if (tryLock == null) {
            return true;
        }
        boolean held;
        try (ResultSet rs = store.stmt(tryLock).executeQuery()) {
            held = rs.next() && rs.getBoolean(1);
        } catch (SQLException | RuntimeException e) {
            store.rollbackQuietly();
            throw e;
        }
        if (!held) {
            store.exec("ROLLBACK");
        }
        return held;
    }
}
