package dev.runbook.checks.system;

import dev.runbook.core.testing.TestCheckContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.runbook.core.CheckResult;
import dev.runbook.core.MetricSpec;
import dev.runbook.core.Status;
import dev.runbook.core.spi.TypeContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskCheckTypeTest {

    @TempDir
    Path dir;

    @Test
    void computesUsedPercentAsDfDoes() {
        FileSystemUsage u = FileSystemUsage.fromStatvfs(4096, 1000, 300, 250, 100, 40, 30);
        assertThat(u.usedBytes()).isEqualTo(700 * 4096L);
        assertThat(u.availBytes()).isEqualTo(250 * 4096L);
        assertThat(u.usedPercent()).isCloseTo(100.0 * 700 / 950, within(1e-9)); // reserved blocks excluded
        assertThat(u.inodesUsedPercent()).isCloseTo(100.0 * 60 / 90, within(1e-9));
        assertThat(FileSystemUsage.fromStatvfs(4096, 1000, 300, 250, 0, 0, 0).inodesUsedPercent()).isNaN();
    }

    @Test
    void agreesWithDfOnARealFileSystem() throws Exception {
        CheckResult r = new DiskCheckType().create(new DiskCheckType.Params(dir.toString(), null), TypeContext.defaults("d"))
                .run(new TestCheckContext());
        Process df = new ProcessBuilder("df", "-P", "-B1", dir.toString()).start();
        String[] f = new String(df.getInputStream().readAllBytes(), StandardCharsets.UTF_8).split("\n")[1].trim()
                .split("\\s+");
        double dfUsed = Double.parseDouble(f[2]);
        double dfAvail = Double.parseDouble(f[3]);
        String mount = f[f.length - 1];
        assertThat(r.status()).isEqualTo(Status.OK);
        assertThat(r.metrics().get("used")).isCloseTo(100 * dfUsed / (dfUsed + dfAvail), within(0.5));
        assertThat(r.metrics().get("free_bytes")).isCloseTo(dfAvail, within(dfAvail * 0.01 + 1e7));
        assertThat(r.message()).startsWith(mount + " ").contains("% used");
        assertThat(r.details()).containsEntry("mount_point", mount);
    }

    @Test
    void metricChoosesThePrimary() throws Exception {
        DiskCheckType t = new DiskCheckType();
        assertThat(t.metrics(new DiskCheckType.Params("/", DiskCheckType.Metric.FREE))).extracting(MetricSpec::name)
                .containsExactly("free_bytes", "used", "inodes_used");
        assertThat(t.metrics(new DiskCheckType.Params("/", null))).extracting(MetricSpec::name)
                .containsExactly("used", "free_bytes", "inodes_used");
        CheckResult free = t.create(new DiskCheckType.Params("/", DiskCheckType.Metric.FREE), TypeContext.defaults("d"))
                .run(new TestCheckContext());
        assertThat(free.value()).isEqualTo(free.metrics().get("free_bytes"));
        assertThat(free.message()).contains(" free");
    }

    @Test
    void inodesWithoutInodeCountsIsUnknown() {
        CheckResult r = DiskCheckType.result("/btrfs", FileSystemUsage.fromStatvfs(4096, 1000, 300, 250, 0, 0, 0),
                DiskCheckType.Metric.INODES).build();
        assertThat(r.status()).isEqualTo(Status.UNKNOWN);
        assertThat(r.message()).contains("no inode counts");
    }

    @Test
    void refusesAPathThatDoesNotExist() {
        assertThatThrownBy(() -> new DiskCheckType().create(new DiskCheckType.Params("/nope", null), TypeContext.defaults("d")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("disk: path '/nope' does not exist");
    }

    @Test
    void findsTheMountHoldingAPathInACachedTable() throws Exception {
        List<MountTable.Mount> m = MountTable.parse(Files.readString(Fixtures.path("mounts-nested.txt")));
        assertThat(MountTable.holding(m, "/srv/data/my backups/2026").mountPoint()).isEqualTo("/srv/data/my backups");
        assertThat(MountTable.holding(m, "/srv/data/logs").mountPoint()).isEqualTo("/srv/data");
        assertThat(MountTable.holding(m, "/srv/datax/a").mountPoint()).isEqualTo("/srv/datax");
        assertThat(MountTable.holding(m, "/srv/data2").mountPoint()).isEqualTo("/");
        assertThat(MountTable.parse(Files.readString(Fixtures.path("mounts.txt")))).isNotEmpty();
    }
}
