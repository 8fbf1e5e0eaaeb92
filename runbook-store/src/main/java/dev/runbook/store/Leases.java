package dev.runbook.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Leases on fleet-wide work (runbook-format §10): a row per piece of work ({@code escalation}, {@code outbox},
 * {@code reports}, {@code procedure:<id>}) naming the daemon that holds it until a time. A holder renews its
 * lease (every third of the TTL is the rule); anyone may take a lease whose time has passed. Taking and renewing
 * is one conditional upsert, so of several daemons asking at once exactly one holds the lease — on SQLite and,
 * through the same statement, on PostgreSQL, where every write transaction also queues on the store's write
 * lock. Times come from {@code clock}: hosts' clocks must agree to well within the TTL (NTP does). Thread-safe;
 * every call blocks on I/O.
 */
public final class Leases {
    /** The TTL when none is configured. */
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(30);
    private final StoreConnection db;
    private final Clock clock;

    /** Over the store's shared connection; use {@code Store.leases(clock)}. */
    public Leases(StoreConnection db, Clock clock) {
        this.db = Objects.requireNonNull(db, "db");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Who holds a lease, since when and until when. */
    public record Holder(String name, String holder, Instant since, Instant until) {
    }

    /**
     * Takes the lease {@code name} for {@code holder} until now + {@code ttl}, or renews it if {@code holder}
     * already has it. Returns true if {@code holder} holds it now; false if another holder's lease still runs.
     */
    public boolean acquire(String name, String holder, Duration ttl) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(holder, "holder");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("a lease's ttl must be positive, found " + ttl);
        }
        long now = clock.millis();
        return db.write("could not take the lease " + name, () -> {
            PreparedStatement ps = db.statement("INSERT INTO leases(name, holder, until_ms, since_ms) VALUES(?, ?, ?, ?)"
                    + " ON CONFLICT(name) DO UPDATE SET holder = excluded.holder, until_ms = excluded.until_ms,"
                    + " since_ms = CASE WHEN leases.holder = excluded.holder THEN leases.since_ms"
                    + " ELSE excluded.since_ms END"
                    + " WHERE leases.holder = excluded.holder OR leases.until_ms <= ?");
            ps.setString(1, name);
            ps.setString(2, holder);
            ps.setLong(3, now + ttl.toMillis());
            ps.setLong(4, now);
            ps.setLong(5, now);
            return ps.executeUpdate() == 1;
        });
    }

    /** Gives the lease up at once, if {@code holder} has it, so another daemon need not wait for the TTL. */
    public void release(String name, String holder) {
        db.write("could not release the lease " + name, () -> {
            PreparedStatement ps = db.statement("DELETE FROM leases WHERE name = ? AND holder = ?");
            ps.setString(1, name);
            ps.setString(2, holder);
            return ps.executeUpdate();
        });
    }

    /**
     * Deletes the leases named {@code prefix…} whose time has passed: the one-off claims of fire times
     * ({@code fire:…}) once no daemon can still be deciding them. Returns how many went.
     */
    public int prune(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        long now = clock.millis();
        return db.write("could not prune the leases " + prefix + "…", () -> {
            PreparedStatement ps = db.statement("DELETE FROM leases WHERE until_ms <= ? AND substr(name, 1, ?) = ?");
            ps.setLong(1, now);
            ps.setInt(2, prefix.length());
            ps.setString(3, prefix);
            return ps.executeUpdate();
        });
    }

    /** Who holds the lease now, if its time has not passed. */
    public Optional<Holder> holder(String name) {
        long now = clock.millis();
        return db.read("could not read the lease " + name, () -> {
            PreparedStatement ps = db.statement("SELECT holder, since_ms, until_ms FROM leases WHERE name = ?"
                    + " AND until_ms > ?");
            ps.setString(1, name);
            ps.setLong(2, now);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Holder(name, rs.getString(1), Instant.ofEpochMilli(rs.getLong(2)),
                        Instant.ofEpochMilli(rs.getLong(3))));
            }
        });
    }
}
