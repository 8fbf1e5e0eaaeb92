package dev.runbook.store;

import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Which host's results a {@link SqliteHistory} reads (runbook-format §10): the whole fleet, or the results of one
 * host's runs. A narrowed detail query gains "whose run was recorded by this host", the host bound as a parameter
 * right after the check; narrowed reads of finished hours use the per-host rollups ({@code host_rollups},
 * {@code host_status_rollups}) where the fleet's use {@code rollups} and {@code status_rollups}. Immutable;
 * thread-safe.
 */
final class HostScope {
    /** The whole fleet: queries are left as they are and the fleet's rollups are used. */
    static final HostScope FLEET = new HostScope(null);

    private static final String CHECK = "check_id = ?";
    private static final String NARROWED = CHECK + " AND EXISTS (SELECT 1 FROM runs WHERE runs.id = run_id"
            + " AND runs.host = ?)";

    private final String host;

    private HostScope(String host) {
        this.host = host;
    }

    /** One host's results; the name as {@link Hosts#check} accepts it. */
    static HostScope of(String host) {
        return host == null ? FLEET : new HostScope(Hosts.check(host));
    }

    /** The host, or null for the fleet. */
    String host() {
        return host;
    }

    /** True when reads cover the whole fleet. */
    boolean fleet() {
        return host == null;
    }

    /**
     * A detail query over {@code results} or {@code actions} narrowed to this host: its one {@code check_id = ?}
     * gains the host's runs, whose name is the next parameter. Bind it with {@link #bind(PreparedStatement, int)}.
     *
     * @throws IllegalArgumentException when the query does not select by one check
     */
    String narrow(String sql) {
        int at = sql.indexOf(CHECK);
        if (at < 0 || sql.indexOf(CHECK, at + 1) >= 0) {
            throw new IllegalArgumentException("a narrowed query selects by one check: " + sql);
        }
        return host == null ? sql : sql.replace(CHECK, NARROWED);
    }

    /** Binds the check (and, narrowed, the host) of a {@link #narrow}ed query; returns the next parameter's index. */
    int bind(PreparedStatement ps, int check) throws SQLException {
        ps.setInt(1, check);
        if (host == null) {
            return 2;
        }
        ps.setString(2, host);
        return 3;
    }

    /** Binds the check (and host) and the window {@code [from, to)} of a {@link #narrow}ed query. */
    void bind(PreparedStatement ps, int check, long from, long to) throws SQLException {
        int i = bind(ps, check);
        ps.setLong(i, from);
        ps.setLong(i + 1, to);
    }

    /**
     * Where this scope's rollups start, in epoch ms: the fleet's cover every folded hour; a host's those from
     * {@link Migrations#HOST_ROLLED_FROM_KEY} on (earlier hours are read from detail). Under the store's lock.
     */
    long rollupsFromMs(SqliteRunStore store) throws SQLException {
        return host == null ? Long.MIN_VALUE : Rollups.hostRolledFrom(store) * SqliteRunStore.HOUR_MS;
    }

    /** The per-host rollups' table for a fleet table ({@code rollups}, {@code status_rollups}). */
    String rollups(String fleetTable) {
        return host == null ? fleetTable : "host_" + fleetTable;
    }

    /** {@code " AND host = ?"} when narrowed (bind with {@link #bindHost}), else nothing. */
    String hostClause() {
        return host == null ? "" : " AND host = ?";
    }

    /** Binds the host of {@link #hostClause} at {@code index} when narrowed; returns the next parameter's index. */
    int bindHost(PreparedStatement ps, int index) throws SQLException {
        if (host == null) {
            return index;
        }
        ps.setString(index, host);
        return index + 1;
    }
}
