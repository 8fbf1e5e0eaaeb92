package dev.runbook.dsl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.core.Check;
import dev.runbook.core.CheckResult;
import dev.runbook.core.ManualClock;
import dev.runbook.core.MetricSpec;
import dev.runbook.core.action.Action;
import dev.runbook.core.action.ActionResult;
import dev.runbook.core.engine.Engine;
import dev.runbook.core.engine.RunRequest;
import dev.runbook.core.model.Runbook;
import dev.runbook.core.spi.ActionType;
import dev.runbook.core.spi.CheckType;
import dev.runbook.core.spi.TypeContext;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Types used through the DSL see the engine's clock and the runbook's zone (the repro program DslContext). */
class DslEngineClockTest {

    /** Reports the clock and zone its TypeContext gave it. */
    static final class Probe implements CheckType<Probe.P> {
        record P() {
        }

        public String name() {
            return "probe";
        }

        public Class<P> parameterType() {
            return P.class;
        }

        public List<MetricSpec> metrics(P p) {
            return List.of();
        }

        public Check create(P p, TypeContext tc) {
            return ctx -> CheckResult.ok(tc.zone() + " " + tc.clock().instant());
        }
    }

    /** Says in dry-run which clock and zone it was built with. */
    static final class Stamp implements ActionType<Stamp.P> {
        record P() {
        }

        public String name() {
            return "stamp";
        }

        public Class<P> parameterType() {
            return P.class;
        }

        public Action create(P p, TypeContext tc) {
            return new Action() {
                @Override
                public ActionResult execute(dev.runbook.core.action.ActionContext ctx) {
                    return ActionResult.done(tc.zone() + " " + tc.clock().instant());
                }

                @Override
                public String describe(dev.runbook.core.action.ActionContext ctx) {
                    return "would stamp " + tc.zone() + " " + tc.clock().instant();
                }
            };
        }
    }

    @Test
    void aTypeDeclaredBeforeTheZoneSeesTheRunbooksZoneAndTheEnginesClock() {
        Runbook rb = RunbookBuilder.runbook("ctx")
                .check("a", c -> c.of(new Probe(), new Probe.P()))
                .zone("Asia/Tokyo")
                .build();
        ManualClock clock = new ManualClock(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC);
        try (Engine e = Engine.builder().clock(clock).build()) {
            assertThat(e.run(rb, RunRequest.allChecks()).results().get(0).message())
                    .isEqualTo("Asia/Tokyo 2030-01-01T00:00:00Z");
            clock.advance(java.time.Duration.ofHours(1));
            assertThat(e.run(rb, RunRequest.allChecks()).results().get(0).message())
                    .isEqualTo("Asia/Tokyo 2030-01-01T01:00:00Z");
        }
    }

    @Test
    void anActionTypeSeesTheEnginesClockToo() {
        Runbook rb = RunbookBuilder.runbook("ctx")
                .action("stamp", new Stamp(), new Stamp.P())
                .check("down", c -> c.of(ctx -> CheckResult.critical("down")).onCritical("stamp"))
                .zone("Europe/Paris")
                .build();
        ManualClock clock = new ManualClock(Instant.parse("2031-06-01T12:00:00Z"), ZoneOffset.UTC);
        try (Engine e = Engine.builder().clock(clock).build()) {
            var actions = e.run(rb, RunRequest.builder().dryRun(true).build()).results().get(0).actions();
            assertThat(actions.get(0).message()).isEqualTo("would stamp Europe/Paris 2031-06-01T12:00:00Z");
        }
    }
}
