package dev.runbook.checks.system;

import dev.runbook.core.testing.TestCheckContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.runbook.core.CheckResult;
import dev.runbook.core.Status;
import dev.runbook.core.spi.TypeContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CpuCheckTypeTest {

    @Test
    void parsesTheAggregateLineCountingIowaitAsIdle() throws Exception {
        CpuTicks t = CpuTicks.parse(Files.readString(Fixtures.path("proc-stat-a.txt")));
        assertThat(t).isEqualTo(new CpuTicks(94_700, 81_000));
        assertThat(CpuTicks.parse(Files.readString(Fixtures.path("proc-stat.txt")))).isNotNull();
    }

    @Test
    void measuresSincePreviousRunsStoredTicksWithoutWaiting() throws Exception {
        TestCheckContext ctx = new TestCheckContext();
        ctx.state.put(CpuCheckType.STATE_KEY, CpuTicks.parse(Files.readString(Fixtures.path("proc-stat-a.txt"))).encode());
        long start = System.nanoTime();
        CheckResult r = CpuCheckType.probe(Fixtures.path("proc-stat-b.txt"), Duration.ofSeconds(5), ctx);
        assertThat((System.nanoTime() - start) / 1e9).isLessThan(1);
        assertThat(r.status()).isEqualTo(Status.OK);
        assertThat(r.metrics().get("usage")).isCloseTo(50.0, within(1e-9)); // 900 busy of 1800 ticks
        assertThat(r.value()).isCloseTo(50.0, within(1e-9));
        assertThat(r.message()).isEqualTo("cpu 50.0% used");
        assertThat(ctx.state).containsEntry(CpuCheckType.STATE_KEY, "96500,81900");
    }

    @Test
    void firstRunSamplesOverSampleAndStoresTicks() throws Exception {
        TestCheckContext ctx = new TestCheckContext();
        long start = System.nanoTime();
        CheckResult r = new CpuCheckType().create(new CpuCheckType.Params(Duration.ofMillis(120)), TypeContext.defaults("cpu"))
                .run(ctx);
        assertThat((System.nanoTime() - start) / 1e6).isGreaterThanOrEqualTo(120);
        assertThat(r.status()).isIn(Status.OK, Status.UNKNOWN); // UNKNOWN only if no tick elapsed in 120 ms
        if (r.status() == Status.OK) {
            assertThat(r.metrics().get("usage")).isBetween(0.0, 100.0);
        }
        assertThat(ctx.state.get(CpuCheckType.STATE_KEY)).matches("\\d+,\\d+");
    }

    @Test
    void reportsUnknownWhenCountersWentBackAndResampleGivesNoTicks() throws Exception {
        TestCheckContext ctx = new TestCheckContext();
        ctx.state.put(CpuCheckType.STATE_KEY, "99999999,1"); // a reboot: counters went back
        // the same file twice: no tick elapsed during the sample, so there is no data
        CheckResult r = CpuCheckType.probe(Fixtures.path("proc-stat-a.txt"), Duration.ofMillis(1), ctx);
        assertThat(r.status()).isEqualTo(Status.UNKNOWN);
        assertThat(r.message()).contains("no data");
    }

    @Test
    void unreadableProcStatIsUnknown() throws Exception {
        CheckResult r = CpuCheckType.probe(Path.of("/nonexistent/stat"), Duration.ofMillis(1), new TestCheckContext());
        assertThat(r.status()).isEqualTo(Status.UNKNOWN);
    }

    @Test
    void refusesAZeroSample() {
        assertThatThrownBy(() -> new CpuCheckType().create(new CpuCheckType.Params(Duration.ZERO), TypeContext.defaults("c")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("cpu: sample");
    }
}
