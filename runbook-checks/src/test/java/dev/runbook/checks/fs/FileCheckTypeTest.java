package dev.runbook.checks.fs;

import dev.runbook.core.testing.TestCheckContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runbook.core.CheckResult;
import dev.runbook.core.Status;
import dev.runbook.core.quantity.Quantity;
import dev.runbook.core.spi.TypeContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileCheckTypeTest {
    static final Instant NOW = Instant.parse("2026-11-28T09:00:00Z");
    private final FileCheckType type = new FileCheckType();
    @TempDir
    Path dir;

    static Path file(Path p, int bytes, Duration age) throws Exception {
        Files.createDirectories(p.getParent());
        Files.write(p, new byte[bytes]);
        Files.setLastModifiedTime(p, FileTime.from(NOW.minus(age)));
        return p;
    }

    private CheckResult run(FileCheckType.Params p) throws Exception {
        return type.create(p, new TypeContext(dir, ZoneOffset.UTC, Clock.fixed(NOW, ZoneOffset.UTC), "f"))
                .run(new TestCheckContext(NOW));
    }

    private static FileCheckType.Params p(String path, FileCheckType.Match match, Duration maxAge, String min, String max) {
        return new FileCheckType.Params(path, null, match, maxAge, min == null ? null : Quantity.parse(min),
                max == null ? null : Quantity.parse(max));
    }

    @Test
    void reportsAgeSizeAndCountOfOneFile() throws Exception {
        file(dir.resolve("app.log"), 1234, Duration.ofMinutes(5));
        CheckResult r = run(p("app.log", null, Duration.ofHours(1), null, null));
        assertThat(r.status()).isEqualTo(Status.OK);
        assertThat(r.metrics()).containsEntry("age", 300.0).containsEntry("size_bytes", 1234.0).containsEntry("count", 1.0);
        assertThat(r.value()).isEqualTo(300.0);
    }

    @Test
    void isCriticalWhenOlderThanMaxAge() throws Exception {
        file(dir.resolve("heartbeat"), 1, Duration.ofHours(3));
        CheckResult r = run(p("heartbeat", null, Duration.ofHours(2), null, null));
        assertThat(r.status()).isEqualTo(Status.CRITICAL);
        assertThat(r.message()).contains("older than 2h 0m").contains("3h 0m old");
    }

    @Test
    void isCriticalWhenThePathOrGlobMatchesNothing() throws Exception {
        CheckResult missing = run(p("nope.txt", null, null, null, null));
        assertThat(missing.status()).isEqualTo(Status.CRITICAL);
        assertThat(missing.message()).startsWith("not found: ");
        CheckResult glob = run(p("logs/*.log", null, null, null, null));
        assertThat(glob.status()).isEqualTo(Status.CRITICAL);
        assertThat(glob.message()).startsWith("nothing matches ");
        assertThat(glob.metrics()).containsEntry("count", 0.0);
    }

    @Test
    void withExistsFalseIsOkWhenAbsentAndCriticalWhenPresent() throws Exception {
        FileCheckType.Params absent = new FileCheckType.Params("maintenance.flag", false, null, null, null, null);
        assertThat(run(absent).status()).isEqualTo(Status.OK);
        file(dir.resolve("maintenance.flag"), 0, Duration.ZERO);
        CheckResult r = run(absent);
        assertThat(r.status()).isEqualTo(Status.CRITICAL);
        assertThat(r.message()).contains("expected none");
    }

    @Test
    void matchAllJudgesTheWorstFileWhileAnyIsSatisfiedByOnePassingFile() throws Exception {
        // contract §4 [1.1] (issue 14): a 150 MB log among small ones came back "OK … smallest 1.4 MiB"
        file(dir.resolve("logs/a.log"), 100, Duration.ofMinutes(1));
        file(dir.resolve("logs/b.log"), 5000, Duration.ofMinutes(10));
        file(dir.resolve("logs/c.txt"), 99999, Duration.ofMinutes(10));
        CheckResult all = run(p("logs/*.log", null, null, null, "1KB"));
        assertThat(all.status()).isEqualTo(Status.CRITICAL);
        assertThat(all.message()).contains("b.log", "larger than", "1 of 2 files passed");
        assertThat(all.metrics()).containsEntry("size_bytes", 5000.0).containsEntry("age", 600.0).containsEntry("count", 2.0);
        assertThat(all.value()).as("only size limits: the headline is the size").isEqualTo(5000.0);
        CheckResult any = run(p("logs/*.log", FileCheckType.Match.ANY, null, null, "1KB"));
        assertThat(any.status()).isEqualTo(Status.OK);
        assertThat(any.message()).contains("a.log");
        assertThat(any.metrics()).containsEntry("size_bytes", 100.0).containsEntry("age", 60.0);
    }

    @Test
    void matchAllWithMaxAgeReportsTheOldestFile() throws Exception {
        file(dir.resolve("bk/a.tar"), 10, Duration.ofHours(1));
        file(dir.resolve("bk/b.tar"), 10, Duration.ofHours(30));
        CheckResult r = run(p("bk/*.tar", null, Duration.ofHours(26), null, null));
        assertThat(r.status()).isEqualTo(Status.CRITICAL);
        assertThat(r.value()).isEqualTo(30 * 3600.0);
        assertThat(r.message()).contains("b.tar", "older than", "1 of 2 files passed");
    }

    @Test
    void matchAllAlertsWhenAnyFileIsBelowMinSize() throws Exception {
        file(dir.resolve("out/a.csv"), 10, Duration.ofMinutes(1));
        file(dir.resolve("out/sub/b.csv"), 2000, Duration.ofMinutes(1));
        CheckResult r = run(p("out/**.csv", null, null, "1KiB", null));
        assertThat(r.status()).isEqualTo(Status.CRITICAL);
        assertThat(r.message()).contains("a.csv smaller than 1.0 KiB", "1 of 2 files passed");
        assertThat(r.metrics()).containsEntry("size_bytes", 10.0);
    }

    @Test
    void refusesASizeThatIsNotASize() {
        assertThatThrownBy(() -> run(p("x", null, null, "5s", null))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("min_size").hasMessageContaining("5s");
        assertThatThrownBy(() -> run(p(null, null, null, null, null))).hasMessageStartingWith("path");
    }
}
