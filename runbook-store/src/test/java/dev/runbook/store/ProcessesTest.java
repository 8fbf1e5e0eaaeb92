package dev.runbook.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Real child JVMs writing the same file. */
class ProcessesTest {
    @TempDir
    Path dir;

    private static Process writer(Path file, int id, int runs) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                StoreWriterMain.class.getName(), file.toString(), Integer.toString(id), Integer.toString(runs))
                .redirectErrorStream(true).start();
    }

    @Test
    @Timeout(60)
    void twoProcessesWritingAtOnceLoseNothing() throws Exception {
        Path file = dir.resolve("shared.db");
        List<Process> ps = new ArrayList<>();
        for (int id = 1; id <= 2; id++) {
            ps.add(writer(file, id, 150));
        }
        for (Process p : ps) {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(50, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(out).isZero();
            assertThat(out).contains("committed 150");
        }
        try (SqliteRunStore store = SqliteRunStore.open(file)) {
            assertThat(store.integrityCheck()).isEqualTo("ok");
            assertThat(store.history().checks()).hasSize(20);
            assertThat(store.history().results("check-7", Instant.EPOCH, Instant.parse("2100-01-01T00:00:00Z")))
                    .hasSize(300);
            assertThat(store.get("writer-1", "last")).contains("150");
            assertThat(store.get("writer-2", "last")).contains("150");
        }
    }

    @Test
    @Timeout(60)
    void aWriterKilledWithSigkillLosesNoCommittedRunAndLeavesAnIntactFile() throws Exception {
        Path file = dir.resolve("killed.db");
        Process p = writer(file, 1, -1);
        int committed = 0;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("committed ")) {
                    committed = Integer.parseInt(line.substring(10).trim());
                    if (committed >= 200) {
                        break;
                    }
                }
            }
            assertThat(committed).as("the writer printed progress").isGreaterThanOrEqualTo(200);
            p.destroyForcibly(); // SIGKILL on Linux
            assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(p.exitValue()).isEqualTo(137);
        try (SqliteRunStore store = SqliteRunStore.open(file)) {
            assertThat(store.integrityCheck()).isEqualTo("ok");
            int stored = store.history().results("check-0", Instant.EPOCH, Instant.parse("2100-01-01T00:00:00Z")).size();
            assertThat(stored).isGreaterThanOrEqualTo(committed);
            // every run is whole: all 20 checks have the same number of results
            for (int c = 1; c < 20; c++) {
                assertThat(store.history().results("check-" + c, Instant.EPOCH,
                        Instant.parse("2100-01-01T00:00:00Z"))).hasSize(stored);
            }
        }
    }
}
