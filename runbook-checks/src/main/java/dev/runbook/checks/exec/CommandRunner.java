package dev.runbook.checks.exec;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one program in its own session and process group, captures its output up to a size cap and, past a
 * timeout, kills the <em>whole</em> group: children, grandchildren and backgrounded processes that ignore
 * {@code SIGTERM}.
 *
 * <p>On Linux the program is started through {@code setsid}: a child of the JVM is not a group leader, so
 * {@code setsid} execs the program in place and its pid is the group id. A timeout sends {@code SIGTERM} to the
 * group, waits briefly, then {@code SIGKILL}s the group. Without {@code setsid} the process and its current
 * descendants are killed instead (processes already re-parented escape; a warning is logged once).
 *
 * <p>Output is read on the calling thread, only as far as the pipes hold data, so no thread and no descriptor
 * outlives a run: a program that exits while a backgrounded child still holds its stdout or stderr costs nothing
 * beyond its own run (what arrived is kept, our ends of the pipes are closed, the child is left alone).
 *
 * <p>Stateless and thread-safe. {@link #run} blocks until the program exits or its timeout passes; it never
 * runs a shell unless the caller's argv names one.
 */
public final class CommandRunner {
    private static final Logger LOG = LoggerFactory.getLogger(CommandRunner.class);

    /** Default cap of captured bytes per stream. */
    public static final int DEFAULT_CAPTURE_LIMIT = 64 * 1024;

    private static final String SETSID = firstExecutable("/usr/bin/setsid", "/bin/setsid");
    private static final String KILL = firstExecutable("/bin/kill", "/usr/bin/kill");
    private static final Duration TERM_GRACE = Duration.ofMillis(300);
    /** Shortest and longest pause between two looks at a quiet program's pipes. */
    private static final Duration MIN_POLL = Duration.ofMillis(1);
    private static final Duration MAX_POLL = Duration.ofMillis(20);
    private static volatile boolean warnedNoSetsid;

    private CommandRunner() {
    }

    /** How a run ended. Immutable. */
    public record Result(int exitCode, boolean timedOut, String stdout, String stderr, boolean truncated,
            Duration elapsed, long pid) {

        /** The first non-blank line of stdout, else of stderr, else "". */
        public String firstLine() {
            String l = firstLineOf(stdout);
            return l.isEmpty() ? firstLineOf(stderr) : l;
        }

        static String firstLineOf(String s) {
            for (String line : s.split("\n", -1)) {
                if (!line.isBlank()) {
                    return line.strip();
                }
            }
            return "";
        }
    }

    /** The program named by argv[0] was not found or is not executable. */
    public static final class CommandNotFoundException extends IOException {
        private static final long serialVersionUID = 1L;

        public CommandNotFoundException(String message) {
            super(message);
        }
    }

    /**
     * Runs {@code argv} (no shell) with extra environment variables and a working directory.
     *
     * @param argv         the program and its arguments
     * @param env          variables added to this process's environment (may be empty)
     * @param cwd          working directory, or null for the current one
     * @param timeout      after this the whole process group is killed and {@link Result#timedOut()} is true
     * @param captureLimit bytes kept per stream; the rest is read and discarded
     * @throws CommandNotFoundException if argv[0] cannot be found or executed
     * @throws IOException              if the process cannot be started
     * @throws InterruptedException     if the calling thread is interrupted (the process group is killed first)
     */
    public static Result run(List<String> argv, Map<String, String> env, Path cwd, Duration timeout, int captureLimit)
            throws IOException, InterruptedException {
        Objects.requireNonNull(argv, "argv");
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("argv must not be empty");
        }
        String program = locate(argv.get(0), env, cwd);
        List<String> full = new ArrayList<>(argv.size() + 1);
        if (SETSID != null) {
            full.add(SETSID);
        } else if (!warnedNoSetsid) {
            warnedNoSetsid = true;
            LOG.warn("setsid not found: commands run without their own process group, so a timeout can only kill "
                    + "the process and its current descendants");
        }
        full.add(program);
        full.addAll(argv.subList(1, argv.size()));
        ProcessBuilder pb = new ProcessBuilder(full);
        if (env != null && !env.isEmpty()) {
            pb.environment().putAll(env);
        }
        if (cwd != null) {
            pb.directory(cwd.toFile());
        }
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        long start = System.nanoTime();
        Process process = pb.start();
        long pid = process.pid();
        Capture out = new Capture(process.getInputStream(), captureLimit);
        Capture err = new Capture(process.getErrorStream(), captureLimit);
        boolean timedOut = false;
        try {
            timedOut = !drainUntilExit(process, out, err, start + timeout.toNanos());
            if (timedOut) {
                killGroup(process);
            }
            // What the program (and, after a kill, its group) wrote before it ended is in the pipes now.
            out.drainAvailable();
            err.drainAvailable();
        } catch (InterruptedException e) {
            killGroup(process);
            Thread.interrupted(); // the exception carries the interrupt
            throw e;
        } finally {
            // A backgrounded child may still hold the pipes' write ends: close our read ends so that neither a
            // descriptor nor a reader outlives this run (later writes of that child get EPIPE, as on a closed tty).
            out.close();
            err.close();
        }
        int code = process.isAlive() ? -1 : process.exitValue();
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        return new Result(code, timedOut, out.text(), err.text(), out.truncated() || err.truncated(), elapsed, pid);
    }

    /**
     * Reads both pipes on the calling thread, never blocking in a read, until the program exits or the deadline
     * passes. While output flows it reads without pausing; while the program is quiet it waits on the process
     * (which wakes at once when it exits) for at most {@link #MAX_POLL}.
     *
     * @return true if the program exited, false if the deadline passed first
     */
    private static boolean drainUntilExit(Process process, Capture out, Capture err, long deadlineNanos)
            throws InterruptedException {
        long pause = MIN_POLL.toNanos();
        while (true) {
            boolean read = out.drainAvailable() | err.drainAvailable();
            if (!process.isAlive()) {
                return true;
            }
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            if (read) {
                pause = MIN_POLL.toNanos();
                continue;
            }
            if (process.waitFor(Math.min(pause, left), TimeUnit.NANOSECONDS)) {
                return true;
            }
            pause = Math.min(pause * 2, MAX_POLL.toNanos());
        }
    }

    /**
     * Kills the process's group (TERM, a short grace, then KILL), or its descendants without setsid. Always reaches
     * the KILL, even when the calling thread is interrupted meanwhile (the interrupt is kept for the caller).
     */
    static void killGroup(Process process) {
        boolean interrupted = Thread.interrupted();
        long pgid = process.pid();
        if (SETSID != null && KILL != null && pgid != ownProcessGroup()) {
            interrupted |= signalGroup("-TERM", pgid);
            interrupted |= waitQuietly(process, TERM_GRACE);
            // Unconditionally: group members may ignore TERM or outlive the leader.
            interrupted |= signalGroup("-KILL", pgid);
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        interrupted |= waitQuietly(process, Duration.ofSeconds(1));
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits up to {@code d} for the process; returns true if an interrupt arrived (and was swallowed). */
    private static boolean waitQuietly(Process process, Duration d) {
        try {
            process.waitFor(d.toMillis(), TimeUnit.MILLISECONDS);
            return false;
        } catch (InterruptedException e) {
            return true;
        }
    }

    /** Sends a signal to a process group; returns true if an interrupt arrived meanwhile (and was swallowed). */
    private static boolean signalGroup(String signal, long pgid) {
        boolean interrupted = false;
        try {
            Process k = new ProcessBuilder(KILL, signal, "--", "-" + pgid)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            interrupted = waitQuietly(k, Duration.ofSeconds(2));
            if (k.isAlive()) {
                k.destroyForcibly();
            }
        } catch (IOException e) {
            LOG.warn("could not signal process group {}: {}", pgid, e.getMessage());
        }
        return interrupted;
    }

    private static long ownProcessGroup() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[2]);
        } catch (IOException | RuntimeException e) {
            return -2;
        }
    }

    /** Resolves argv[0] like execvp: a name with '/' as a path (against cwd), else through PATH. */
    static String locate(String name, Map<String, String> env, Path cwd) throws CommandNotFoundException {
        if (name == null || name.isEmpty()) {
            throw new CommandNotFoundException("command not found: empty program name");
        }
        if (name.contains("/")) {
            Path p = Path.of(name);
            if (!p.isAbsolute() && cwd != null) {
                p = cwd.resolve(p);
            }
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return p.toString();
            }
            throw new CommandNotFoundException((Files.exists(p) ? "not executable: " : "command not found: ") + name);
        }
        String path = env != null && env.containsKey("PATH") ? env.get("PATH") : System.getenv("PATH");
        if (path == null || path.isEmpty()) {
            path = "/usr/local/bin:/usr/bin:/bin";
        }
        for (String dir : path.split(":")) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return p.toString();
            }
        }
        throw new CommandNotFoundException("command not found: " + name);
    }

    private static String firstExecutable(String... candidates) {
        for (String c : candidates) {
            if (Files.isExecutable(Path.of(c))) {
                return c;
            }
        }
        return null;
    }

    /**
     * Keeps up to a limit of what one pipe delivers, reading only what is already there so that the caller never
     * blocks in a read (and never holds the stream's lock while the JDK drains it after the process exits).
     */
    private static final class Capture {
        private final InputStream in;
        private final int limit;
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private final byte[] buf = new byte[8192];
        private boolean truncated;
        private boolean closed;

        Capture(InputStream in, int limit) {
            this.in = in;
            this.limit = limit;
        }

        /** Reads what is available now; returns true if anything was read. */
        boolean drainAvailable() {
            if (closed) {
                return false;
            }
            boolean any = false;
            try {
                int avail;
                while ((avail = in.available()) > 0) {
                    int n = in.read(buf, 0, Math.min(avail, buf.length));
                    if (n <= 0) {
                        break;
                    }
                    any = true;
                    int room = limit - kept.size();
                    if (room > 0) {
                        kept.write(buf, 0, Math.min(room, n));
                    }
                    if (n > room) {
                        truncated = true;
                    }
                }
            } catch (IOException e) {
                // the pipe went away; keep what was read
            }
            return any;
        }

        void close() {
            closed = true;
            try {
                in.close();
            } catch (IOException e) {
                // nothing left to release
            }
        }

        String text() {
            return kept.toString(StandardCharsets.UTF_8);
        }

        boolean truncated() {
            return truncated;
        }
    }
}
