package dev.runbook.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code state} table of {@link SqliteRunStore}: values by scope and key (log offsets, remediation attempts,
 * recorded keys), read and written under the store's lock on its one connection. Thread-safe as the store is.
 */
final class StateRows {
    private final SqliteRunStore store;

    StateRows(SqliteRunStore store) {
        this.store = store;
    }

    /** The value under {@code scope}/{@code key}, as any process last wrote it. Blocks on I/O. */
    Optional<String> get(String scope, String key) {
        store.lock.lock();
        try {
            store.connection();
            PreparedStatement ps = store.stmt("SELECT value FROM state WHERE scope = ? AND key = ?");
            ps.setString(1, scope);
            ps.setString(2, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new dev.runbook.store.StoreException("could not read state " + scope + "/" + key + ": " + store.describe(store.path, e), e);
        } finally {
            store.lock.unlock();
        }
    }

    /** Stores (or, for null, removes) a value, committed at once. Blocks on I/O. */
    void put(String scope, String key, String value) {
        store.db.refuseIfReadOnly("could not store " + scope + "/" + key);
        store.lock.lock();
        try {
            store.connection();
            PreparedStatement ps;
            if (value == null) {
                ps = store.stmt("DELETE FROM state WHERE scope = ? AND key = ?");
            } else {
                ps = store.stmt("INSERT INTO state(scope, key, value) VALUES(?, ?, ?)"
                        + " ON CONFLICT(scope, key) DO UPDATE SET value = excluded.value");
                ps.setString(3, value);
            }
            ps.setString(1, scope);
            ps.setString(2, key);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new dev.runbook.store.StoreException("could not write state " + scope + "/" + key + ": " + store.describe(store.path, e), e);
        } finally {
            store.lock.unlock();
        }
    }

    /**
     * Replaces the value only if it is still {@code expected} (null: absent), in one statement, so of two
     * processes (or threads) claiming the same log lines exactly one wins. Blocks on I/O, waiting up to
     * {@link SqliteRunStore#BUSY_TIMEOUT} for another process's transaction.
     */
    boolean compareAndSet(String scope, String key, String expected, String value) {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(key, "key");
        return store.db.read("could not claim state " + scope + "/" + key, () -> {
            PreparedStatement ps;
            if (expected == null && value == null) {
                ps = store.stmt("SELECT CASE WHEN EXISTS(SELECT 1 FROM state WHERE scope = ? AND key = ?) THEN 0 ELSE 1 END");
                ps.setString(1, scope);
                ps.setString(2, key);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() && rs.getInt(1) == 1;
                }
            }
            if (expected == null) {
                ps = store.stmt("INSERT INTO state(scope, key, value) VALUES(?, ?, ?) ON CONFLICT(scope, key) DO NOTHING");
                ps.setString(1, scope);
                ps.setString(2, key);
                ps.setString(3, value);
            } else if (value == null) {
                ps = store.stmt("DELETE FROM state WHERE scope = ? AND key = ? AND value = ?");
                ps.setString(1, scope);
                ps.setString(2, key);
                ps.setString(3, expected);
            } else {
                ps = store.stmt("UPDATE state SET value = ? WHERE scope = ? AND key = ? AND value = ?");
                ps.setString(1, value);
                ps.setString(2, scope);
                ps.setString(3, key);
                ps.setString(4, expected);
            }
            return ps.executeUpdate() == 1;
        });
    }
}
