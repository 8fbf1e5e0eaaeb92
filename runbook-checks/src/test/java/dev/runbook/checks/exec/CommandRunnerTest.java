package dev.runbook.checks.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandRunnerTest {

    @TempDir
    Path dir;

    @Test
    void runsTheProgramAsLeaderOfItsOwnProcessGroup() throws Exception {
        CommandRunner.Result r = CommandRunner.run(List.of("sh", "-c", "cut -d' ' -f5 /proc/$$/stat; echo $$"), Map.of(),
                null, Duration.ofSeconds(5), 1024);
        String[] lines = r.stdout().trim().split("\n");
        assertThat(lines[0]).as("pgid").isEqualTo(lines[1]).isEqualTo(Long.toString(r.pid()));
    }

    @Test
    void timeoutKillsChildrenAndBackgroundedGrandchildrenThatIgnoreTerm() throws Exception {
        Path script = dir.resolve("tree.sh");
        Path pids = dir.resolve("pids");
        Files.writeString(script, "#!/bin/sh\n"
                + "sleep 300 &\n"
                + "echo $! >> " + pids + "\n"
                + "sh -c 'trap \"\" TERM; while true; do sleep 1; done' &\n"
                + "echo $! >> " + pids + "\n"
                + "echo $$ >> " + pids + "\n"
                + "trap '' TERM\n"
                + "while true; do sleep 1; done\n");
        script.toFile().setExecutable(true);
        long start = System.nanoTime();
        CommandRunner.Result r = CommandRunner.run(List.of(script.toString()), Map.of(), null, Duration.ofMillis(700),
                1024);
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertThat(r.timedOut()).isTrue();
        assertThat(tookMs).isLessThan(5000);
        // the group had members (the leader at least); none may survive
        List<Long> alive = List.of();
        for (int i = 0; i < 50; i++) {
            alive = liveMembersOfGroup(r.pid());
            if (alive.isEmpty()) {
                break;
            }
            Thread.sleep(20);
        }
        assertThat(alive).as("live processes of group " + r.pid()).isEmpty();
        List<String> started = Files.readAllLines(pids);
        assertThat(started).as("grandchild, child and leader pids").hasSize(3).contains(Long.toString(r.pid()));
        for (String pid : started) {
            assertThat(isAlive(Long.parseLong(pid))).as("process " + pid).isFalse();
        }
    }

    @Test
    void interruptingTheCallerKillsTheWholeGroupToo() throws Exception {
        Path pids = dir.resolve("pids");
        java.util.concurrent.atomic.AtomicReference<Throwable> thrown = new java.util.concurrent.atomic.AtomicReference<>();
        Thread caller = new Thread(() -> {
            try {
                CommandRunner.run(List.of("sh", "-c", "trap '' TERM; sleep 300 & echo $! >> " + pids
                        + "; echo $$ >> " + pids + "; while true; do sleep 1; done"), Map.of(), null, Duration.ofMinutes(5), 1024);
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        caller.start();
        for (int i = 0; i < 100 && (!Files.exists(pids) || Files.readAllLines(pids).size() < 2); i++) {
            Thread.sleep(20);
        }
        caller.interrupt(); // as the engine does at a check's timeout
        caller.join(5000);
        assertThat(caller.isAlive()).isFalse();
        assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
        List<String> started = Files.readAllLines(pids);
        assertThat(started).hasSize(2);
        for (int i = 0; i < 50 && started.stream().anyMatch(p -> isAlive(Long.parseLong(p))); i++) {
            Thread.sleep(20);
        }
        for (String pid : started) {
            assertThat(isAlive(Long.parseLong(pid))).as("process " + pid).isFalse();
        }
    }

    @Test
    void capturesOutputUpToTheCapAndKeepsDraining() throws Exception {
        CommandRunner.Result r = CommandRunner.run(List.of("sh", "-c", "head -c 200000 /dev/zero | tr '\\0' x; echo done >&2"),
                Map.of(), null, Duration.ofSeconds(10), 1000);
        assertThat(r.stdout()).hasSize(1000);
        assertThat(r.truncated()).isTrue();
        assertThat(r.stderr()).isEqualTo("done\n");
        assertThat(r.exitCode()).isZero();
    }

    @Test
    void passesEnvironmentAndWorkingDirectoryWithoutAShell() throws Exception {
        CommandRunner.Result r = CommandRunner.run(List.of("sh", "-c", "echo \"$GREETING\"; pwd"), Map.of("GREETING", "a b;c"),
                dir, Duration.ofSeconds(5), 1024);
        assertThat(r.stdout()).isEqualTo("a b;c\n" + dir.toRealPath() + "\n");
        CommandRunner.Result literal = CommandRunner.run(List.of("echo", "$HOME;", "`id`"), Map.of(), null,
                Duration.ofSeconds(5), 1024);
        assertThat(literal.stdout()).isEqualTo("$HOME; `id`\n");
    }

    @Test
    void refusesAMissingProgramBeforeStartingAnything() {
        assertThatThrownBy(() -> CommandRunner.run(List.of("no-such-program-xyz"), Map.of(), null, Duration.ofSeconds(1), 10))
                .isInstanceOf(CommandRunner.CommandNotFoundException.class).hasMessageContaining("no-such-program-xyz");
    }

    static boolean isAlive(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return !stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (IOException e) {
            return false;
        }
    }

    /** Processes whose process group is {@code pgid}, zombies excluded (they are dead, awaiting their reaper). */
    static List<Long> liveMembersOfGroup(long pgid) throws IOException {
        List<Long> out = new ArrayList<>();
        String[] names = Path.of("/proc").toFile().list();
        for (String n : names == null ? new String[0] : names) {
            if (!n.matches("\\d+")) {
                continue;
            }
            String stat;
            try {
                stat = Files.readString(Path.of("/proc", n, "stat"));
            } catch (IOException e) {
                continue;
            }
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            if (Long.parseLong(f[2]) == pgid && !f[0].equals("Z")) {
                out.add(Long.parseLong(n));
            }
        }
        return out;
    }
}
