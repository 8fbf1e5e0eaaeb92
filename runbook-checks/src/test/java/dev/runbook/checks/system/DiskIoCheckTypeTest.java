package dev.runbook.checks.system;

import dev.runbook.core.testing.TestCheckContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.runbook.core.CheckResult;
import dev.runbook.core.Status;
import dev.runbook.core.spi.TypeContext;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DiskIoCheckTypeTest {

    @Test
    void parsesSectorsAndBusyTimePerDevice() throws Exception {
        Map<String, DiskStats.Counters> c = DiskStats.parse(Files.readString(Fixtures.path("diskstats-a.txt")));
        assertThat(c.get("vda")).isEqualTo(new DiskStats.Counters(4_000_000, 6_000_000, 20_000));
        assertThat(DiskStats.parse(Files.readString(Fixtures.path("diskstats.txt")))).isNotEmpty();
    }

    @Test
    void computesRatesSincePreviousRunsCounters() throws Exception {
        TestCheckContext ctx = new TestCheckContext();
        Map<String, DiskStats.Counters> a = DiskStats.parse(Files.readString(Fixtures.path("diskstats-a.txt")));
        ctx.state.put(DiskIoCheckType.STATE_KEY, DiskStats.encode(ctx.clock().millis(), Map.of("vda", a.get("vda"))));
        ctx.advance(Duration.ofSeconds(1));
        CheckResult r = DiskIoCheckType.probe(Fixtures.path("diskstats-b.txt"), "vda", Duration.ofSeconds(5), ctx);
        assertThat(r.status()).isEqualTo(Status.OK);
        assertThat(r.metrics().get("utilization")).isCloseTo(50.0, within(1e-9));
        assertThat(r.metrics().get("read_bytes_per_s")).isCloseTo(1024 * 1024, within(1e-6));
        assertThat(r.metrics().get("write_bytes_per_s")).isCloseTo(2 * 1024 * 1024, within(1e-6));
        assertThat(r.details()).containsEntry("basis", "since previous run");
    }

    @Test
    void unknownDeviceIsUnknown() throws Exception {
        CheckResult r = DiskIoCheckType.probe(Fixtures.path("diskstats-a.txt"), "sdz", Duration.ofMillis(1),
                new TestCheckContext());
        assertThat(r.status()).isEqualTo(Status.UNKNOWN);
        assertThat(r.message()).contains("sdz not found");
    }

    @Test
    void firstRunOnThisMachineSamplesAllDisks() throws Exception {
        TestCheckContext ctx = new TestCheckContext();
        CheckResult r = new DiskIoCheckType().create(new DiskIoCheckType.Params(null, Duration.ofMillis(100)),
                TypeContext.defaults("io")).run(ctx);
        if (r.status() == Status.UNKNOWN) {
            assertThat(r.message()).contains("no disks");
            return;
        }
        assertThat(r.metrics().get("utilization")).isBetween(0.0, 100.0);
        assertThat(r.details()).containsEntry("basis", "over 100 ms");
        assertThat(ctx.state).containsKey(DiskIoCheckType.STATE_KEY);
    }
}
