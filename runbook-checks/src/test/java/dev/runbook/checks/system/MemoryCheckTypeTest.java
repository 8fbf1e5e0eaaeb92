package dev.runbook.checks.system;

import dev.runbook.core.testing.TestCheckContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.runbook.core.CheckResult;
import dev.runbook.core.Status;
import dev.runbook.core.quantity.Unit;
import dev.runbook.core.spi.TypeContext;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

class MemoryCheckTypeTest {

    @Test
    void usedIsTotalMinusAvailableFromARealMeminfo() {
        CheckResult r = MemoryCheckType.probe(Fixtures.path("meminfo.txt"), false);
        long total = 24_731_708L * 1024;
        long avail = 24_026_672L * 1024;
        assertThat(r.status()).isEqualTo(Status.OK);
        assertThat(r.metrics().get("used")).isCloseTo(100.0 * (total - avail) / total, within(1e-9));
        assertThat(r.metrics().get("used_bytes")).isEqualTo((double) (total - avail));
        assertThat(r.metrics().get("available_bytes")).isEqualTo((double) avail);
        assertThat(r.unit()).isEqualTo(Unit.PERCENT);
        assertThat(r.message()).isEqualTo("memory 2.9% used (688.5 MiB of 23.6 GiB)");
    }

    @Test
    void estimatesAvailableOnKernelsWithoutMemAvailable() {
        CheckResult r = MemoryCheckType.probe(Fixtures.path("meminfo-old-kernel.txt"), false);
        assertThat(r.metrics().get("used")).isCloseTo(50.0, within(1e-9));
    }

    @Test
    void swapUsesSwapTotalAndFree() {
        CheckResult r = MemoryCheckType.probe(Fixtures.path("meminfo-old-kernel.txt"), true);
        assertThat(r.metrics().get("used")).isCloseTo(25.0, within(1e-9));
        assertThat(r.metrics().get("available_bytes")).isEqualTo(768_000.0 * 1024);
        assertThat(r.message()).startsWith("swap 25.0% used");
    }

    @Test
    void swapWithoutSwapSpaceIsUnknownNotOk() {
        CheckResult r = MemoryCheckType.probe(Fixtures.path("meminfo.txt"), true);
        assertThat(r.status()).isEqualTo(Status.UNKNOWN);
        assertThat(r.metrics()).isEmpty();
    }

    @Test
    void readsThisMachinesMemory() throws Exception {
        CheckResult r = new MemoryCheckType().create(new MemoryCheckType.Params(null), TypeContext.defaults("m"))
                .run(new TestCheckContext());
        assertThat(r.status()).isEqualTo(Status.OK);
        assertThat(r.metrics().get("used")).isStrictlyBetween(0.0, 100.0);
        assertThat(MemInfo.parse(Files.readString(java.nio.file.Path.of("/proc/meminfo"))).total()).isPositive();
    }
}
