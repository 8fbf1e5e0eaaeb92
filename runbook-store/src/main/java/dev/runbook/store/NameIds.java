package dev.runbook.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Check and metric names interned to small ids ({@code check_names}, {@code metric_names}), with caches. A name
 * is created inside the caller's write transaction; {@link #clear()} forgets the caches when it rolls back.
 * Used under the store connection's lock.
 */
final class NameIds {
    private final SqliteRunStore store;
    private final Map<String, Integer> checkIds = new ConcurrentHashMap<>();
    private final Map<Integer, String> checkNames = new ConcurrentHashMap<>();
    private final Map<String, Integer> metricIds = new ConcurrentHashMap<>();
    private final Map<Integer, String> metricNames = new ConcurrentHashMap<>();

    NameIds(SqliteRunStore store) {
        this.store = store;
    }

    /** Forgets the caches (a transaction that may have created names rolled back). */
    void clear() {
        checkIds.clear();
        checkNames.clear();
        metricIds.clear();
        metricNames.clear();
    }

    List<Integer> allCheckIds() throws SQLException {
        List<Integer> ids = new ArrayList<>();
        try (ResultSet rs = store.stmt("SELECT id, name FROM check_names").executeQuery()) {
            while (rs.next()) {
                ids.add(rs.getInt(1));
                checkNames.putIfAbsent(rs.getInt(1), rs.getString(2));
                checkIds.putIfAbsent(rs.getString(2), rs.getInt(1));
            }
        }
        return ids;
    }

    /** The id of a check name, created inside the current write transaction if new. */
    int checkId(String name) {
        return intern(name, checkIds, checkNames, "check_names");
    }

    int metricId(String name) {
        return intern(name, metricIds, metricNames, "metric_names");
    }

    private int intern(String name, Map<String, Integer> ids, Map<Integer, String> names, String table) {
        Integer id = ids.get(name);
        if (id != null) {
            return id;
        }
        try {
            PreparedStatement ins = store.stmt("INSERT INTO " + table + "(name) VALUES(?) ON CONFLICT(name) DO NOTHING");
            ins.setString(1, name);
            ins.executeUpdate();
            PreparedStatement sel = store.stmt("SELECT id FROM " + table + " WHERE name = ?");
            sel.setString(1, name);
            try (ResultSet rs = sel.executeQuery()) {
                rs.next();
                id = rs.getInt(1);
            }
        } catch (SQLException e) {
            throw new dev.runbook.store.StoreException("could not record the name " + name + ": " + e.getMessage(), e);
        }
        ids.put(name, id);
        names.put(id, name);
        return id;
    }

    /** The id of an existing check or metric name, or -1 (reads never create names). */
    int existingId(String name, boolean check) throws SQLException {
        Map<String, Integer> ids = check ? checkIds : metricIds;
        Integer id = ids.get(name);
        if (id != null) {
            return id;
        }
        PreparedStatement sel = store.stmt("SELECT id FROM " + (check ? "check_names" : "metric_names") + " WHERE name = ?");
        sel.setString(1, name);
        try (ResultSet rs = sel.executeQuery()) {
            if (!rs.next()) {
                return -1;
            }
            id = rs.getInt(1);
        }
        ids.put(name, id);
        (check ? checkNames : metricNames).put(id, name);
        return id;
    }

    String checkName(int id) throws SQLException {
        return name(id, checkNames, checkIds, "check_names");
    }

    String metricName(int id) {
        try {
            return name(id, metricNames, metricIds, "metric_names");
        } catch (SQLException e) {
            throw new dev.runbook.store.StoreException(store.db.dialect().describe(store.path, e), e);
        }
    }

    private String name(int id, Map<Integer, String> names, Map<String, Integer> ids, String table)
            throws SQLException {
        String n = names.get(id);
        if (n != null) {
            return n;
        }
        PreparedStatement sel = store.stmt("SELECT name FROM " + table + " WHERE id = ?");
        sel.setInt(1, id);
        try (ResultSet rs = sel.executeQuery()) {
            n = rs.next() ? rs.getString(1) : "#" + id;
        }
        names.put(id, n);
        ids.putIfAbsent(n, id);
        return n;
    }

}
