package dev.runbook.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.core.CheckResult;
import dev.runbook.core.ManualClock;
import dev.runbook.core.engine.RunState;
import dev.runbook.core.engine.RunTrail;
import dev.runbook.core.engine.StoredRun;
import dev.runbook.core.model.Runbook;
import dev.runbook.dsl.RunbookBuilder;
import dev.runbook.store.SqliteRunStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A daemon that starts ends the runs a dead process left {@code running} (runbook-format §6, §9): here a run whose
 * owner, on another machine, stopped renewing its heartbeat long ago. The daemon stores it as expired and says so.
 */
class DaemonEndsAbandonedRunsTest {
    static final Instant T0 = Instant.parse("2026-12-07T01:00:00Z");
    @TempDir
    Path dir;

    @Test
    void startingTheSchedulerExpiresARunWhoseOwnerFellSilent() {
        Path db = dir.resolve("shop.db");
        Runbook rb = RunbookBuilder.runbook("shop").zone("UTC").store(db.toString())
                .check("health", c -> c.of(ctx -> CheckResult.ok("fine")))
                .procedure("deploy", p -> p.checks("health"))
                .build();
        ManualClock clock = new ManualClock(T0, ZoneId.of("UTC"));
        long id;
        try (SqliteRunStore store = SqliteRunStore.open(db, null, clock)) {
            id = store.startRun("shop", "deploy", T0.minus(Duration.ofMinutes(10)), "cron", new RunTrail(null,
                    RunTrail.CLI, null, RunState.RUNNING, null, Map.of(), null, null));
            // the owner row as the store keeps it (version, machine, boot, pid, start, heartbeat): a process on
            // web-2 whose last heartbeat was 5 minutes ago
            store.state().put("run-owner", Long.toString(id), String.join("\t", "1", "web-2", "boot-of-web-2",
                    "4242", "-1", Long.toString(T0.minus(Duration.ofMinutes(5)).toEpochMilli())));
        }
        List<String> warnings = new CopyOnWriteArrayList<>();
        try (RunbookRuntime rt = RunbookRuntime.builder(rb).env(Map.of()).clock(clock).warnings(warnings::add)
                .build()) {
            assertThat(warnings).isEmpty();
            rt.schedule();
            assertThat(warnings).contains("1 run(s) left running by a process that ended are now expired"
                    + " (see `runbook runs`)");
            StoredRun r = rt.store().journal().run("shop", id).orElseThrow();
            assertThat(r.state()).isEqualTo(RunState.EXPIRED);
            assertThat(r.message()).startsWith("the process that ran it (pid 4242 on web-2) has not been heard from"
                    + " for more than 60 s");
        }
    }
}
