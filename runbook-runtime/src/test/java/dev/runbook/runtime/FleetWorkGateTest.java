package dev.runbook.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.core.CheckResult;
import dev.runbook.core.escalation.Incident;
import dev.runbook.core.escalation.IncidentRequest;
import dev.runbook.core.escalation.IncidentService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The escalation ticker does the fleet's shared work only while this process holds the fleet lease. */
class FleetWorkGateTest {

    @Test
    void escalationsRunOnlyWhileTheFleetLeaseIsHeld() throws Exception {
        AtomicInteger processed = new AtomicInteger();
        IncidentService incidents = new IncidentService() {
            @Override
            public String escalate(IncidentRequest request) {
                return null;
            }

            @Override
            public void recovered(String check, CheckResult result, Instant at) {
            }

            @Override
            public void processDue(Instant now) {
                processed.incrementAndGet();
            }

            @Override
            public List<Incident> open() {
                return List.of();
            }
        };
        AtomicBoolean held = new AtomicBoolean(false);
        try (EscalationTicker ticker = new EscalationTicker(incidents, null, Clock.systemUTC(), Duration.ofSeconds(5),
                Duration.ofMinutes(5), Duration.ofMinutes(30))) {
            ticker.fleetWork(held::get);
            ticker.kick();
            assertThat(awaitPasses(ticker, 1)).isTrue();
            assertThat(processed.get()).as("another host holds the lease").isZero();
            held.set(true);
            ticker.kick();
            assertThat(awaitPasses(ticker, 2)).isTrue();
            assertThat(processed.get()).isEqualTo(1);
        }
    }

    /** Waits (hang guard 30 s) until the ticker has finished {@code n} passes. */
    private static boolean awaitPasses(EscalationTicker ticker, long n) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (ticker.passes() < n && System.nanoTime() < until) {
            ticker.awaitIdle(Duration.ofSeconds(1));
            if (ticker.passes() < n) {
                Thread.sleep(20);
            }
        }
        return ticker.passes() >= n;
    }
}
