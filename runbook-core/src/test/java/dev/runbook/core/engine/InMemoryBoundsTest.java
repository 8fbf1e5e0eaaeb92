package dev.runbook.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.core.CheckResult;
import dev.runbook.core.ManualClock;
import dev.runbook.core.Status;
import dev.runbook.core.escalation.EscalationPolicy;
import dev.runbook.core.escalation.InMemoryIncidents;
import dev.runbook.core.escalation.Incident;
import dev.runbook.core.escalation.IncidentRequest;
import dev.runbook.core.escalation.Level;
import dev.runbook.core.StoredResult;
import dev.runbook.core.model.Runbook;
import dev.runbook.dsl.RunbookBuilder;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The in-memory store and incidents the engine defaults to are bounded: the oldest are dropped. */
class InMemoryBoundsTest {
    private final ManualClock clock = new ManualClock(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC);

    @Test
    void theStoreKeepsTheLatestRunsAndResultsPerCheck() {
        InMemoryRunStore store = new InMemoryRunStore(3, 5);
        Runbook rb = RunbookBuilder.runbook("bounded").check("a", c -> c.of(ctx -> CheckResult.ok("a"))).build();
        try (Engine e = Engine.builder().clock(clock).store(store).build()) {
            for (int i = 0; i < 10; i++) {
                e.run(rb, RunRequest.allChecks());
                clock.advance(Duration.ofMinutes(1));
            }
        }
        assertThat(store.runs()).hasSize(3);
        assertThat(store.runs().get(2).startedAt().toInstant()).isEqualTo(Instant.parse("2030-01-01T00:09:00Z"));
        for (int i = 0; i < 4; i++) {
            store.add(new StoredResult("a", clock.instant(), Status.OK, null, null, "", null, Map.of(), false));
        }
        List<StoredResult> kept = store.results("a", Instant.EPOCH, Instant.MAX);
        assertThat(kept).hasSize(5);
        assertThat(kept.get(0).at()).isEqualTo(Instant.parse("2030-01-01T00:09:00Z"));
        assertThat(InMemoryRunStore.DEFAULT_RUNS).isEqualTo(1_000);
    }

    @Test
    void incidentsKeepEveryOpenOneAndTheLatestResolved() {
        EscalationPolicy policy = new EscalationPolicy(List.of(new Level("P1", "Outage", Duration.ZERO, List.of(),
                List.of())), List.of(), null, List.of());
        InMemoryIncidents incidents = new InMemoryIncidents(policy, clock, 2);
        for (int i = 0; i < 5; i++) {
            incidents.escalate(new IncidentRequest("P1", "c" + i, null, null, null, false, null));
            incidents.recovered("c" + i, CheckResult.ok("back"), clock.instant());
        }
        incidents.escalate(new IncidentRequest("P1", "still-down", null, null, null, false, null));
        assertThat(incidents.all()).extracting(Incident::check).containsExactly("c3", "c4", "still-down");
        assertThat(incidents.all()).extracting(Incident::id).containsExactly(4L, 5L, 6L);
        assertThat(incidents.open()).extracting(Incident::check).containsExactly("still-down");
    }
}
