package dev.runbook.store;

import dev.runbook.core.Status;
import dev.runbook.core.engine.CheckRun;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A child process for the multi-process tests: writes {@code runs} runs of 20 results (forever when negative)
 * to the store at {@code path}, printing {@code committed N} after each commit.
 * Usage: {@code StoreWriterMain PATH WRITER RUNS}.
 */
public final class StoreWriterMain {
    private StoreWriterMain() {
    }

    public static void main(String[] args) {
        Path path = Path.of(args[0]);
        int writer = Integer.parseInt(args[1]);
        int runs = Integer.parseInt(args[2]);
        Instant base = Instant.parse("2026-11-28T00:00:00Z");
        try (SqliteRunStore store = SqliteRunStore.open(path, null, Clock.systemUTC())) {
            for (int n = 1; runs < 0 || n <= runs; n++) {
                Instant at = base.plus(Duration.ofSeconds(n)).plusMillis(writer);
                List<CheckRun> results = new ArrayList<>();
                for (int c = 0; c < 20; c++) {
                    results.add(Runs.result("check-" + c, at, Status.OK, Map.of("value", (double) n, "writer",
                            (double) writer)));
                }
                store.record(Runs.run("rb", "w" + writer, at, results));
                store.put("writer-" + writer, "last", Integer.toString(n));
                System.out.println("committed " + n);
                System.out.flush();
            }
        }
    }
}
