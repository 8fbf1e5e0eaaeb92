package dev.runbook.checks.system;

import dev.runbook.core.testing.TestCheckContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.runbook.core.CheckResult;
import dev.runbook.core.Status;
import dev.runbook.core.spi.TypeContext;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class LoadCheckTypeTest {

    @Test
    void reportsTheChosenWindowRawWhenNotPerCpu() {
        CheckResult r = LoadCheckType.probe(Fixtures.path("loadavg.txt"), Path.of("/nonexistent"), LoadCheckType.Window.FIVE,
                false);
        assertThat(r.metrics()).containsEntry("load", 4.90).containsEntry("load1", 8.31).containsEntry("load5", 4.90)
                .containsEntry("load15", 2.17);
        assertThat(r.value()).isEqualTo(4.90);
    }

    @Test
    void dividesByOnlineCpusWhenPerCpu() {
        int cpus = LoadCheckType.onlineCpus(Path.of("/sys/devices/system/cpu/online"));
        CheckResult r = LoadCheckType.probe(Fixtures.path("loadavg.txt"), Path.of("/sys/devices/system/cpu/online"),
                LoadCheckType.Window.ONE, true);
        assertThat(r.metrics().get("load")).isCloseTo(8.31 / cpus, within(1e-9));
        assertThat(r.metrics().get("load1")).isEqualTo(8.31);
        assertThat(r.details()).containsEntry("cpus", cpus);
    }

    @Test
    void countsKernelCpuLists() {
        assertThat(LoadCheckType.parseCpuList("0-3,8-11\n")).isEqualTo(8);
        assertThat(LoadCheckType.parseCpuList("0")).isEqualTo(1);
        assertThat(LoadCheckType.parseCpuList("0-1,4")).isEqualTo(3);
    }

    @Test
    void garbledLoadavgIsUnknown() {
        assertThat(LoadCheckType.parseLoadavg("x y z")).isNull();
        assertThat(LoadCheckType.parseLoadavg("-1 0 0")).isNull();
    }

    @Test
    void refusesAnUnknownWindowAndDefaultsToOneMinutePerCpu() throws Exception {
        assertThatThrownBy(() -> new LoadCheckType().create(new LoadCheckType.Params("10m", null), TypeContext.defaults("l")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("load: window must be 1m, 5m or 15m, found '10m'");
        CheckResult r = new LoadCheckType().create(new LoadCheckType.Params(null, null), TypeContext.defaults("l"))
                .run(new TestCheckContext());
        assertThat(r.status()).isEqualTo(Status.OK);
        assertThat(r.message()).startsWith("load 1m").contains("per CPU");
    }
}
