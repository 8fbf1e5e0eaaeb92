package dev.runbook.checks.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.runbook.core.CheckResult;
import dev.runbook.core.Status;
import dev.runbook.core.engine.CheckRun;
import dev.runbook.core.engine.Engine;
import dev.runbook.core.engine.RunRequest;
import dev.runbook.core.engine.RunResult;
import dev.runbook.core.model.Runbook;
import dev.runbook.core.spi.TypeContext;
import dev.runbook.core.testing.TestCheckContext;
import dev.runbook.dsl.RunbookBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OSHI path of cpu, memory and disk (what macOS and Windows embedders get), forced on Linux and compared with
 * the /proc readings of the same moment.
 */
class OshiHostTest {

    @TempDir
    Path dir;

    @Test
    void oshiCpuTicksSplitIdleAndBusyAsProcStatDoes() throws Exception {
        CpuTicks proc = CpuTicks.parse(Files.readString(Path.of("/proc/stat")));
        CpuTicks oshi = OshiHost.cpuTicks();
        assertThat(oshi.total()).isPositive();
        // Both count since boot, so the idle share agrees whatever unit OSHI reports ticks in.
        double procIdle = 100.0 * proc.idle() / proc.total();
        double oshiIdle = 100.0 * oshi.idle() / oshi.total();
        assertThat(oshiIdle).isCloseTo(procIdle, within(2.0));
    }

    @Test
    void oshiMemoryAgreesWithProcMeminfo() throws Exception {
        MemInfo proc = MemInfo.parse(Files.readString(Path.of("/proc/meminfo")));
        MemInfo oshi = OshiHost.memInfo();
        assertThat((double) oshi.total()).isCloseTo(proc.total(), within(proc.total() * 0.01));
        // Available memory moves while the test runs: a tenth of the total is a sane bound.
        assertThat((double) oshi.available()).isCloseTo(proc.availableEstimate(), within(proc.total() * 0.10));
        assertThat(oshi.swapTotal()).isEqualTo(proc.swapTotal());
    }

    @Test
    void oshiDiskAgreesWithStatvfs() throws Exception {
        Path real = dir.toRealPath();
        FileSystemUsage statvfs = FileSystemUsage.of(real);
        OshiHost.Store store = OshiHost.fileStore(real);
        FileSystemUsage oshi = store.usage();
        assertThat(real.startsWith(Path.of(store.mountPoint()))).as(store.mountPoint()).isTrue();
        assertThat((double) oshi.totalBytes()).isCloseTo(statvfs.totalBytes(), within(statvfs.totalBytes() * 0.01));
        assertThat(oshi.usedPercent()).isCloseTo(statvfs.usedPercent(), within(2.0));
    }

    @Test
    void forcedOshiChecksRunThroughTheEngineAndAgreeWithTheProcPath() {
        Runbook rb = RunbookBuilder.runbook("oshi")
                .check("cpu", c -> c.of(new CpuCheckType(HostSource.OSHI), new CpuCheckType.Params(Duration.ofMillis(50))))
                .check("memory", c -> c.of(new MemoryCheckType(HostSource.OSHI), new MemoryCheckType.Params(null)))
                .check("disk", c -> c.of(new DiskCheckType(HostSource.OSHI), new DiskCheckType.Params(dir.toString(), null)))
                .check("disk-proc", c -> c.of(new DiskCheckType(HostSource.PROC), new DiskCheckType.Params(dir.toString(), null)))
                .check("memory-proc", c -> c.of(new MemoryCheckType(HostSource.PROC), new MemoryCheckType.Params(null)))
                .build();
        RunResult r;
        try (Engine engine = Engine.builder().build()) {
            r = engine.run(rb, RunRequest.allChecks());
        }
        for (CheckRun c : r.results()) {
            assertThat(c.status()).as(c.check() + ": " + c.message()).isEqualTo(Status.OK);
            assertThat(c.value()).as(c.check()).isNotNull().isBetween(0.0, 100.0);
        }
        assertThat(find(r, "disk").value()).isCloseTo(find(r, "disk-proc").value(), within(2.0));
        assertThat(find(r, "memory").value()).isCloseTo(find(r, "memory-proc").value(), within(10.0));
    }

    @Test
    void theSystemPropertyForcesTheSource() {
        String before = System.getProperty(HostSource.PROPERTY);
        try {
            System.setProperty(HostSource.PROPERTY, "oshi");
            assertThat(HostSource.detect()).isEqualTo(HostSource.OSHI);
            System.setProperty(HostSource.PROPERTY, "proc");
            assertThat(HostSource.detect()).isEqualTo(HostSource.PROC);
            System.setProperty(HostSource.PROPERTY, "auto");
            assertThat(HostSource.detect()).as("this Linux host has /proc").isEqualTo(HostSource.PROC);
            System.setProperty(HostSource.PROPERTY, "wmi");
            assertThatThrownBy(HostSource::detect).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(HostSource.PROPERTY).hasMessageContaining("'wmi'");
            System.setProperty(HostSource.PROPERTY, "oshi");
            CheckResult m = new MemoryCheckType().create(new MemoryCheckType.Params(null), TypeContext.defaults("m"))
                    .run(new TestCheckContext());
            assertThat(m.status()).as(m.message()).isEqualTo(Status.OK);
        } catch (Exception e) {
            throw new AssertionError(e);
        } finally {
            if (before == null) {
                System.clearProperty(HostSource.PROPERTY);
            } else {
                System.setProperty(HostSource.PROPERTY, before);
            }
        }
    }

    private static CheckRun find(RunResult r, String id) {
        return r.results().stream().filter(c -> c.check().equals(id)).findFirst().orElseThrow();
    }
}
