package dev.runbook.checks.logs;

import dev.runbook.core.testing.TestCheckContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runbook.core.CheckResult;
import dev.runbook.core.Status;
import dev.runbook.core.spi.TypeContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalCheckTypeTest {
    private final JournalCheckType type = new JournalCheckType();
    private final TestCheckContext ctx = TestCheckContext.at("2026-11-28T09:00:00Z");
    @TempDir
    Path dir;

    /** A stub journalctl that records its arguments and prints {@code out} (stdout) and {@code err} (stderr). */
    private String stub(String out, String err, int exit) throws Exception {
        Files.writeString(dir.resolve("out.txt"), out);
        Files.writeString(dir.resolve("err.txt"), err);
        Path script = dir.resolve("journalctl");
        Files.writeString(script, "#!/bin/sh\nprintf '%s\\n' \"$@\" > '" + dir.resolve("args.txt") + "'\n"
                + "cat '" + dir.resolve("out.txt") + "'\ncat '" + dir.resolve("err.txt") + "' >&2\nexit " + exit + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script.toString();
    }

    private static String entry(String message) {
        return "{\"__REALTIME_TIMESTAMP\":\"1795856400000000\",\"_SYSTEMD_UNIT\":\"estimator.service\",\"PRIORITY\":\"3\","
                + "\"MESSAGE\":\"" + message + "\"}\n";
    }

    private CheckResult run(JournalCheckType.Params p) throws Exception {
        return type.create(p, TypeContext.defaults("errors-24h")).run(ctx);
    }

    @Test
    void countsEntriesOfAUnitAndPriorityOverTheLast24Hours() throws Exception {
        String bin = stub(entry("Error: OpenAI timeout") + entry("Error: OpenAI timeout") + entry("Error: DB locked"), "", 0);
        CheckResult r = run(new JournalCheckType.Params("estimator", "err", "24h", null, null, "Error: (.*)", bin));
        assertThat(r.status()).isEqualTo(Status.OK);
        assertThat(r.metrics()).containsEntry("entries", 3.0);
        assertThat(r.details().get("groups")).isEqualTo(Map.of("OpenAI timeout", 2L, "DB locked", 1L));
        assertThat(Files.readAllLines(dir.resolve("args.txt"))).containsExactly("--no-pager", "-q", "-o", "json",
                "-u", "estimator", "-p", "err", "--since", "24 hours ago");
    }

    @Test
    void filtersByPatternAndExtractsNumbers() throws Exception {
        String bin = stub(entry("Task created in 120 ms") + entry("Task created in 480 ms") + entry("Other thing")
                + "{\"MESSAGE\":[84,97,115,107,32,99,114,101,97,116,101,100,32,105,110,32,50,48,48,32,109,115]}\n", "", 0);
        CheckResult r = run(new JournalCheckType.Params("estimator", null, "today", "Task created", "in (\\d+) ms", null, bin));
        assertThat(r.metrics()).containsEntry("entries", 3.0).containsEntry("max", 480.0).containsEntry("avg", 800.0 / 3);
        assertThat(Files.readAllLines(dir.resolve("args.txt"))).contains("--since", "today");
    }

    @Test
    void isUnknownWhenJournalctlFindsNoJournal() throws Exception {
        String bin = stub("", "No journal files were found.\n", 0);
        CheckResult r = run(new JournalCheckType.Params("estimator", null, null, null, null, null, bin));
        assertThat(r.status()).isEqualTo(Status.UNKNOWN);
        assertThat(r.message()).isEqualTo("journalctl: No journal files were found.");
    }

    @Test
    void isUnknownWhenSystemdIsNotRunningOrTheBinaryIsMissing() throws Exception {
        String bin = stub("", "System has not been booted with systemd as init system (PID 1). Can't operate.\n", 1);
        assertThat(run(new JournalCheckType.Params("estimator", null, null, null, null, null, bin)).status())
                .isEqualTo(Status.UNKNOWN);
        CheckResult missing = run(new JournalCheckType.Params(null, null, null, null, null, null,
                dir.resolve("no-such-journalctl").toString()));
        assertThat(missing.status()).isEqualTo(Status.UNKNOWN);
        assertThat(missing.message()).startsWith("cannot run");
    }

    @Test
    void isUnknownAndKillsJournalctlPastTheTimeout() throws Exception {
        Path script = dir.resolve("slow-journalctl");
        Files.writeString(script, "#!/bin/sh\nexec sleep 30\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        long t0 = System.nanoTime();
        CheckResult r = type.create(new JournalCheckType.Params(null, null, null, null, null, null, script.toString()),
                TypeContext.defaults("j")).run(ctx.timeout(Duration.ofMillis(300)));
        assertThat(r.status()).isEqualTo(Status.UNKNOWN);
        assertThat(r.message()).startsWith("journalctl timed out after 300ms");
        assertThat(System.nanoTime() - t0).isLessThan(Duration.ofSeconds(5).toNanos());
    }

    @Test
    void refusesAnUnknownPriorityOrSince() {
        assertThatThrownBy(() -> run(new JournalCheckType.Params(null, "loud", null, null, null, null, null)))
                .hasMessageStartingWith("priority").hasMessageContaining("loud");
        assertThatThrownBy(() -> run(new JournalCheckType.Params(null, null, "last week", null, null, null, null)))
                .hasMessageStartingWith("since");
    }
}
