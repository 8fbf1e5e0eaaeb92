package dev.runbook.store;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * The process that runs a stored run: its machine, the machine's boot and pid namespace (Linux's boot id and
 * {@code /proc/self/ns/pid}, so a process of an earlier boot or of another container is never mistaken for a live
 * one here), its pid, its start time (so a reused pid is not mistaken either), and its last heartbeat. Kept as one {@code state} row (scope {@value RunOwners#SCOPE}) while the run is running. Immutable.
 *
 * @param machine the machine's host name
 * @param boot    the machine's boot id and the process's pid namespace, or empty when the system has none
 * @param pid     the process id
 * @param startMs when the process started (epoch millis), or -1 when not known
 * @param beatMs  the owner's last heartbeat (epoch millis)
 */
record RunOwner(String machine, String boot, long pid, long startMs, long beatMs) {
    private static final String VERSION = "1";
    /** Two readings of one process's start time may differ by rounding of the boot time; never by this much. */
    private static final long START_TOLERANCE_MS = 1_000;
    private static final RunOwner SELF = self();

    /** This process, with its heartbeat at {@code beatMs}. */
    static RunOwner current(long beatMs) {
        return new RunOwner(SELF.machine, SELF.boot, SELF.pid, SELF.startMs, beatMs);
    }

    private static RunOwner self() {
        ProcessHandle me = ProcessHandle.current();
        long start = me.info().startInstant().map(Instant::toEpochMilli).orElse(-1L);
        String boot = "";
        try {
            // the boot and the pid namespace: a pid means this process only within both (a container sharing the
            // machine's boot has pids of its own)
            String id = Files.readString(Path.of("/proc/sys/kernel/random/boot_id"), StandardCharsets.US_ASCII).strip();
            String ns = Files.readSymbolicLink(Path.of("/proc/self/ns/pid")).toString();
            boot = id.isEmpty() || ns.isEmpty() ? "" : id + " " + ns;
        } catch (java.io.IOException | RuntimeException e) {
            // no boot id or namespace to read on this system: only the heartbeat tells whether an owner lives
        }
        return new RunOwner(Hosts.local(), boot, me.pid(), start, 0);
    }

    /** The owner with a renewed heartbeat. */
    RunOwner beat(long atMs) {
        return new RunOwner(machine, boot, pid, startMs, atMs);
    }

    /** One line: version, machine, boot, pid, start, beat, tab-separated. */
    String encode() {
        return String.join("\t", VERSION, machine.replace('\t', ' '), boot, Long.toString(pid),
                Long.toString(startMs), Long.toString(beatMs));
    }

    /** The owner a {@link #encode()} line names, or empty for a line this version does not read. */
    static Optional<RunOwner> decode(String line) {
        String[] f = line == null ? new String[0] : line.split("\t", -1);
        if (f.length != 6 || !VERSION.equals(f[0])) {
            return Optional.empty();
        }
        try {
            return Optional.of(new RunOwner(f[1], f[2], Long.parseLong(f[3]), Long.parseLong(f[4]),
                    Long.parseLong(f[5])));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * True when this owner is a process of this machine in its current boot, so its life can be asked of the
     * operating system; otherwise only its heartbeat tells.
     */
    boolean local() {
        return machine.equals(SELF.machine) && !boot.isEmpty() && boot.equals(SELF.boot);
    }

    /**
     * For a {@link #local()} owner: true when its process has ended — no process has its pid, or the one that has
     * it started at another time (the pid was reused).
     */
    boolean ended() {
        Optional<ProcessHandle> p = ProcessHandle.of(pid);
        if (p.isEmpty() || !p.get().isAlive()) {
            return true;
        }
        if (startMs < 0) {
            return false; // the pid lives and nothing tells it apart: never end a run whose process may be alive
        }
        return p.get().info().startInstant().map(s -> Math.abs(s.toEpochMilli() - startMs) > START_TOLERANCE_MS)
                .orElse(false);
    }

    /** "pid N on HOST", as messages name the owner. */
    String describe() {
        return "pid " + pid + " on " + machine;
    }
}
