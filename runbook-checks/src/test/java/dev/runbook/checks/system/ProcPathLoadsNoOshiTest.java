package dev.runbook.checks.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.core.CheckResult;
import dev.runbook.core.Status;
import dev.runbook.core.spi.TypeContext;
import dev.runbook.core.testing.TestCheckContext;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The start-up budget: on Linux the cpu, memory and disk checks read /proc and statvfs, and OSHI (whose first use
 * costs ~165 ms) is never loaded. Checked in a fresh JVM that logs every class it loads.
 */
class ProcPathLoadsNoOshiTest {

    /** Runs the three checks the way the launcher would on Linux, in this JVM. */
    public static void main(String[] args) throws Exception {
        TypeContext tc = TypeContext.defaults("probe");
        CheckResult cpu = new CpuCheckType().create(new CpuCheckType.Params(Duration.ofMillis(20)), tc).run(new TestCheckContext());
        CheckResult mem = new MemoryCheckType().create(new MemoryCheckType.Params(null), tc).run(new TestCheckContext());
        CheckResult disk = new DiskCheckType().create(new DiskCheckType.Params("/", null), tc).run(new TestCheckContext());
        System.out.println("statuses " + cpu.status() + " " + mem.status() + " " + disk.status());
    }

    @Test
    void theProcPathNeverLoadsOshi() throws Exception {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        Process p = new ProcessBuilder(java, "-Xlog:class+load=info", "-cp", System.getProperty("java.class.path"),
                ProcPathLoadsNoOshiTest.class.getName()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("child JVM ended").isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("statuses " + Status.OK + " " + Status.OK + " " + Status.OK);
        assertThat(out).contains("dev.runbook.checks.system.CpuCheckType"); // the log does list our classes
        List<String> oshi = out.lines().filter(l -> l.contains(" oshi.")).collect(Collectors.toList());
        assertThat(oshi).as("OSHI classes loaded on the /proc path").isEmpty();
    }
}
