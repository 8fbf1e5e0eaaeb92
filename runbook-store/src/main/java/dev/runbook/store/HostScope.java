package dev.runbook.store;

/**
 * Which host's results a {@link SqliteHistory} reads (runbook-format §10): the whole fleet, or the results of one
 * host's runs. A narrowed read adds "whose run was recorded by this host" to each detail query and reads detail
 * only, because hourly rollups are kept per check for the fleet. Immutable; thread-safe.
 */
final class HostScope {
    /** The whole fleet: queries are left as they are and rollups are used. */
    static final HostScope FLEET = new HostScope(null);

    private final String host;
    private final String clause;

    private HostScope(String host) {
        this.host = host;
        this.clause = host == null ? ""
                : " AND EXISTS (SELECT 1 FROM runs WHERE runs.id = run_id AND runs.host = '"
                        + host.replace("'", "''") + "')";
    }

    /** One host's results; the name as {@link Hosts#check} accepts it. */
    static HostScope of(String host) {
        return host == null ? FLEET : new HostScope(Hosts.check(host));
    }

    /** The host, or null for the fleet. */
    String host() {
        return host;
    }

    /** True when reads cover the whole fleet (and may use the fleet's rollups). */
    boolean fleet() {
        return host == null;
    }

    /**
     * A detail query over {@code results} narrowed to this host: every {@code check_id = ?} gains the host's runs
     * (the host is a literal, quoted; parameter positions are unchanged).
     */
    String narrow(String sql) {
        return host == null ? sql : sql.replace("check_id = ?", "check_id = ?" + clause);
    }
}
