package dev.runbook.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.core.CheckResult;
import dev.runbook.core.ManualClock;
import dev.runbook.core.Status;
import dev.runbook.core.engine.Engine;
import dev.runbook.core.engine.RunRequest;
import dev.runbook.core.model.Runbook;
import dev.runbook.core.quantity.Unit;
import dev.runbook.dsl.RunbookBuilder;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Check results reach a Micrometer registry through the engine's listener, under the series names of the
 * daemon's {@code /metrics}, and follow the latest run.
 */
class RunbookMetersTest {
    final AtomicReference<Double> used = new AtomicReference<>(72.5);
    final Runbook runbook = RunbookBuilder.runbook("host").zone("UTC")
            .check("disk", c -> c.of(ctx -> {
                double u = used.get();
                return CheckResult.builder().status(u >= 90 ? Status.CRITICAL : Status.OK)
                        .message("used " + u + " %").value(u, Unit.PERCENT).metric("used", u).build();
            }))
            .check("health", c -> c.of(ctx -> CheckResult.critical("connection refused")))
            .build();

    @Test
    void aPrometheusRegistryShowsTheSameSeriesAsTheDaemon() {
        ManualClock clock = new ManualClock(Instant.parse("2026-12-07T00:00:00Z"), ZoneId.of("UTC"));
        RunbookMeters meters = new RunbookMeters(runbook);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        meters.bindTo(registry);
        try (Engine engine = Engine.builder().clock(clock).listener(meters).build()) {
            engine.run(runbook, RunRequest.builder().build());
            String first = registry.scrape();
            assertThat(first).contains("runbook_check_status{check=\"disk\",runbook=\"host\"} 0.0")
                    .contains("runbook_check_status{check=\"health\",runbook=\"host\"} 2.0")
                    .contains("runbook_check_value{check=\"disk\",metric=\"used\",runbook=\"host\",unit=\"%\"} 72.5")
                    .contains("runbook_check_duration_seconds{check=\"disk\",runbook=\"host\"}")
                    .contains("runbook_check_last_run_timestamp_seconds{check=\"disk\",runbook=\"host\"} 1.7966016E9");

            used.set(95.0);
            engine.run(runbook, RunRequest.builder().checks(java.util.List.of("disk")).build());
            String second = registry.scrape();
            assertThat(second).contains("runbook_check_status{check=\"disk\",runbook=\"host\"} 2.0")
                    .contains("runbook_check_value{check=\"disk\",metric=\"used\",runbook=\"host\",unit=\"%\"} 95.0")
                    .contains("runbook_check_status{check=\"health\",runbook=\"host\"} 2.0");
        }
    }

    @Test
    void aRegistryBoundAfterTheFirstRunGetsWhatWasSeen() {
        RunbookMeters meters = new RunbookMeters(runbook);
        try (Engine engine = Engine.builder().listener(meters).build()) {
            engine.run(runbook, RunRequest.builder().build());
        }
        PrometheusMeterRegistry late = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        meters.bindTo(late);
        assertThat(late.scrape()).contains("runbook_check_status{check=\"health\",runbook=\"host\"} 2.0")
                .contains("runbook_check_value{check=\"disk\",metric=\"used\",runbook=\"host\",unit=\"%\"} 72.5");
    }
}
