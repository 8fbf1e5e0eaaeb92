package dev.runbook.store;

import dev.runbook.core.Status;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The hosts of a fleet sharing one store (runbook-format §10): which hosts have recorded runs, and results with
 * the host whose run produced them, for the whole fleet or one host. Every run carries its host; results and
 * remediation steps carry it through their run. Thread-safe; every call blocks on I/O.
 */
public final class Hosts {
    private static final int MAX_NAME = 253;
    private final StoreConnection db;

    /** Over the store's shared connection; use {@code Store.hosts()}. */
    public Hosts(StoreConnection db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    /** A result as one host recorded it. */
    public record HostResult(String host, String check, Instant at, Status status, Double value, String unit,
                             String message, String procedure) {
    }

    /** This machine's host name ({@code $HOSTNAME}, else the resolver's), the default {@code host:}. */
    public static String local() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env.strip();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    /** A host name as given by {@code host:} or {@code --host}: 1–253 printable characters without spaces. */
    public static String check(String name) {
        if (name == null || name.isBlank() || name.length() > MAX_NAME || !name.strip().equals(name)
                || name.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
            throw new IllegalArgumentException("a host name is 1 to " + MAX_NAME
                    + " characters without spaces, found '" + name + "'");
        }
        return name;
    }

    /** The hosts that recorded runs, by name. */
    public List<String> hosts() {
        return db.read("could not read the hosts", () -> {
            List<String> out = new ArrayList<>();
            PreparedStatement ps = db.statement("SELECT DISTINCT host FROM runs ORDER BY host");
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        });
    }

    /**
     * Results recorded from {@code since} on, oldest first, of every host ({@code host} null) or one, of every
     * check ({@code check} null) or one.
     */
    public List<HostResult> results(String host, String check, Instant since) {
        return db.read("could not read the fleet's results", () -> {
            List<HostResult> out = new ArrayList<>();
            PreparedStatement ps = db.statement("SELECT runs.host, c.name, r.at, r.status, r.value, r.unit, r.message,"
                    + " runs.procedure FROM results r JOIN runs ON runs.id = r.run_id JOIN check_names c"
                    + " ON c.id = r.check_id WHERE r.at >= ? AND (? = '' OR runs.host = ?) AND (? = '' OR c.name = ?)"
                    + " ORDER BY r.at, runs.host, c.name");
            ps.setLong(1, since.toEpochMilli());
            ps.setString(2, host == null ? "" : host);
            ps.setString(3, host == null ? "" : host);
            ps.setString(4, check == null ? "" : check);
            ps.setString(5, check == null ? "" : check);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    double v = rs.getDouble(5);
                    Double value = rs.wasNull() ? null : v;
                    out.add(new HostResult(rs.getString(1), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3)),
                            Status.fromExitCode(rs.getInt(4)), value, rs.getString(6), rs.getString(7),
                            rs.getString(8)));
                }
            }
            return out;
        });
    }
}
