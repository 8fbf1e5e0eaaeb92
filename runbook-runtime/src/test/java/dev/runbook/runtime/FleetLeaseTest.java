package dev.runbook.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.core.ManualClock;
import dev.runbook.store.PostgresDialect;
import dev.runbook.store.PostgresServer;
import dev.runbook.store.Store;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The fleet lease between two hosts of one real PostgreSQL store, on a fake clock. */
class FleetLeaseTest {
    static final Instant T0 = Instant.parse("2026-12-07T09:00:00Z");

    @Test
    void oneHostHoldsTheFleetWorkUntilItClosesOrItsTtlRunsOut() {
        PostgresDialect server = PostgresServer.shared().newStore();
        ManualClock clock = new ManualClock(T0, ZoneOffset.UTC);
        Duration ttl = Duration.ofSeconds(3);
        try (Store store = Store.open(server, null, clock)) {
            FleetLease a = new FleetLease(store.leases(clock), "web-1", ttl);
            FleetLease b = new FleetLease(store.leases(clock), "web-2", ttl);
            FleetLease c = new FleetLease(store.leases(clock), "web-3", ttl);
            assertThat(a.holds()).isTrue();
            assertThat(b.holds()).isFalse();
            clock.advance(Duration.ofSeconds(2));
            assertThat(a.holds()).as("renewed by its holder").isTrue();
            clock.advance(Duration.ofSeconds(2));
            assertThat(b.holds()).as("still within the renewed ttl").isFalse();
            // web-1 dies without closing: after one ttl without renewal another host takes the work
            clock.advance(Duration.ofSeconds(1));
            assertThat(b.holds()).isTrue();
            assertThat(c.holds()).isFalse();
            b.close();
            assertThat(b.holds()).as("closed: never again").isFalse();
            assertThat(c.holds()).as("released at close: no wait").isTrue();
            c.close();
        }
    }
}
