package dev.runbook.runtime;

import dev.runbook.core.model.Procedure;
import dev.runbook.core.model.Runbook;
import dev.runbook.runtime.schedule.FleetGate;
import dev.runbook.store.Leases;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Work a fleet sharing one PostgreSQL store does exactly once (runbook-format §10): the firings of {@code run_on:
 * one} procedures, the evaluation of {@code scope: fleet} checks and the sending of scheduled reports. Each has its
 * lease ({@code procedure:<id>}, {@code fleet-checks}, {@code reports}), renewed every third of the TTL by the daemon that holds it, so a survivor takes it within the
 * TTL of the holder's death. A firing runs only where the lease is held <em>and</em> its fire time is claimed —
 * a row {@code fire:procedure:<id>@<epoch ms>} (or {@code fire:report:…}) that no other daemon can take for
 * {@link #CLAIM_KEPT} — so even a holder that stalled past its lease and a successor firing the same time cannot
 * both run it. Claims past their time are pruned. A store error counts as "another host does it". Thread-safe.
 */
final class FleetClaims implements FleetGate, AutoCloseable {
    /** How long a fire time stays claimed: far longer than any daemon may lag behind the fleet's clocks. */
    static final Duration CLAIM_KEPT = Duration.ofHours(6);
    /** The lease scheduled reports are sent under. */
    static final String REPORTS = "reports";
    /** The lease {@code scope: fleet} checks are evaluated under. */
    static final String FLEET_CHECKS = "fleet-checks";
    private static final Logger LOG = LoggerFactory.getLogger(FleetClaims.class);
    private final Leases leases;
    private final String host;
    private final Map<String, FleetLease> held = new LinkedHashMap<>();

    /** Leases for the runbook's {@code run_on: one} procedures and its reports, taken as {@code host}. */
    FleetClaims(Leases leases, String host, Duration ttl, Runbook runbook) {
        this.leases = Objects.requireNonNull(leases, "leases");
        this.host = Objects.requireNonNull(host, "host");
        for (Procedure p : runbook.procedures().values()) {
            if (p.runOn() == Procedure.RunOn.ONE && !p.schedules().isEmpty()) {
                String name = procedureLease(p.id());
                held.put(name, new FleetLease(leases, name, host, ttl));
            }
        }
        if (runbook.checks().values().stream().anyMatch(dev.runbook.core.model.CheckDefinition::fleetScoped)) {
            held.put(FLEET_CHECKS, new FleetLease(leases, FLEET_CHECKS, host, ttl));
        }
        if (runbook.reports().values().stream().anyMatch(r -> !r.schedules().isEmpty())) {
            held.put(REPORTS, new FleetLease(leases, REPORTS, host, ttl));
        }
    }

    /** The lease a {@code run_on: one} procedure runs under. */
    static String procedureLease(String procedure) {
        return "procedure:" + procedure;
    }

    /** Starts renewing every lease (or trying to take it, so a survivor takes over within the TTL). */
    void startRenewing() {
        held.values().forEach(FleetLease::startRenewing);
    }

    @Override
    public boolean mayRun(Procedure procedure, ZonedDateTime due, boolean atStart) {
        // --run-now's firing has no fleet-wide fire time: the lease alone decides it
        return claim(procedureLease(procedure.id()), "procedure:" + procedure.id(), due, !atStart);
    }

    @Override
    public boolean evaluatesFleetChecks(Procedure procedure, ZonedDateTime due, boolean atStart) {
        return claim(FLEET_CHECKS, "checks:" + procedure.id(), due, !atStart);
    }

    /** True if this daemon sends the report {@code id} due at {@code due}: it holds the reports lease and the claim. */
    boolean maySendReport(String id, ZonedDateTime due) {
        return claim(REPORTS, "report:" + id, due, true);
    }

    private boolean claim(String leaseName, String what, ZonedDateTime due, boolean claimFireTime) {
        FleetLease lease = held.get(leaseName);
        if (lease == null || !lease.holds()) {
            return false;
        }
        if (!claimFireTime) {
            return true;
        }
        try {
            boolean mine = leases.acquire("fire:" + what + "@" + due.toInstant().toEpochMilli(), host, CLAIM_KEPT);
            leases.prune("fire:");
            return mine;
        } catch (RuntimeException e) {
            LOG.warn("could not claim {} due at {} ({}); leaving it to another host", what, due, e.getMessage());
            return false;
        }
    }

    /** Gives every lease up, so another daemon need not wait out the TTL. */
    @Override
    public void close() {
        List<FleetLease> all = new ArrayList<>(held.values());
        all.forEach(FleetLease::close);
    }
}
