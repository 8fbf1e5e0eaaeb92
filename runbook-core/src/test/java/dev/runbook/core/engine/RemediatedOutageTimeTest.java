package dev.runbook.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.core.Availability;
import dev.runbook.core.CheckResult;
import dev.runbook.core.ManualClock;
import dev.runbook.core.Status;
import dev.runbook.core.StoredResult;
import dev.runbook.core.action.ActionResult;
import dev.runbook.core.model.ActionDefinition;
import dev.runbook.core.model.CheckDefinition;
import dev.runbook.core.model.Remediation;
import dev.runbook.core.model.Runbook;
import dev.runbook.core.model.Step;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A check's stored result stands from the moment its run first probed it (runbook-format §8: a CRITICAL result
 * means down until the next result). The seed's p1-recovery restarts, waits 30 s and rechecks: an outage it cannot
 * cure is down from the probe that saw it, not from the recheck half a minute later — else every such outage loses
 * the remediation's time from the report's downtime (issue 14's simulated month: 418 minutes printed for 420).
 */
class RemediatedOutageTimeTest {
    static final ZoneId ZONE = ZoneId.of("Asia/Tokyo");
    static final Instant T0 = Instant.parse("2026-10-07T00:00:00Z");
    final ManualClock clock = new ManualClock(T0, ZONE);
    final InMemoryRunStore store = new InMemoryRunStore();
    final Engine engine = Engine.builder().clock(clock).store(store).sleeper(clock::advance).build();
    final AtomicBoolean up = new AtomicBoolean(true);

    @AfterEach
    void close() {
        engine.close();
    }

    private Runbook seedLike(boolean restartCures) {
        ActionDefinition restart = ActionDefinition.of("restart-estimator", ctx -> {
            if (restartCures) {
                up.set(true);
                return ActionResult.done("restarted");
            }
            return ActionResult.failed("Job for estimator.service failed");
        });
        return Runbook.builder("estimator").zone(ZONE).action(restart)
                .check(CheckDefinition.builder("health", c -> up.get() ? CheckResult.ok("healthy")
                                : CheckResult.critical("connection refused"))
                        .on(Status.CRITICAL, Remediation.of("p1-recovery", List.of(new Step.Run(restart),
                                new Step.Wait(Duration.ofSeconds(30)), new Step.Recheck("health")))).build())
                .build();
    }

    private CheckRun probeAt(Runbook rb, Instant at) {
        clock.set(at);
        return engine.run(rb, RunRequest.builder().check("health").build()).results().get(0);
    }

    @Test
    void anOutageTheRemediationCannotCureIsDownFromTheProbeThatSawIt() {
        Runbook rb = seedLike(false);
        probeAt(rb, T0);
        up.set(false);
        CheckRun down = probeAt(rb, T0.plus(Duration.ofHours(1)));
        assertThat(down.status()).isEqualTo(Status.CRITICAL);
        assertThat(down.actions()).extracting(ActionRun::message).contains("waited 30s");
        up.set(true);
        probeAt(rb, T0.plus(Duration.ofHours(2)));

        List<StoredResult> rs = store.results("health", T0, T0.plus(Duration.ofHours(3)));
        assertThat(rs).extracting(StoredResult::at).containsExactly(T0, T0.plus(Duration.ofHours(1)),
                T0.plus(Duration.ofHours(2)));
        Availability a = Availability.of("health", rs, T0, T0.plus(Duration.ofHours(3)), Duration.ofHours(1));
        assertThat(a.down()).isEqualTo(Duration.ofHours(1));
        assertThat(a.outages()).singleElement().satisfies(o -> {
            assertThat(o.start()).isEqualTo(T0.plus(Duration.ofHours(1)));
            assertThat(o.end()).isEqualTo(T0.plus(Duration.ofHours(2)));
        });
    }

    @Test
    void aCuredOutageKeepsTheRechecksStatusAndValue() {
        Runbook rb = seedLike(true);
        up.set(false);
        CheckRun cured = probeAt(rb, T0);
        assertThat(cured.status()).isEqualTo(Status.OK);
        assertThat(cured.firstStatus()).isEqualTo(Status.CRITICAL);
        assertThat(cured.message()).isEqualTo("healthy");
        assertThat(cured.at()).isEqualTo(T0);
    }
}
