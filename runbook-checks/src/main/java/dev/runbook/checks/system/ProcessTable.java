package dev.runbook.checks.system;

import java.io.BufferedReader;
import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * A cheap scan of {@code /proc}: one read of {@code /proc/PID/stat} per process, and of {@code cmdline} only when a
 * command-line regex or a long name needs it. Parsers are pure functions. Thread-safe (no shared mutable state
 * apart from a lazily computed page size).
 */
final class ProcessTable {
    private static volatile long pageSize;

    /** What the scan keeps of one process. */
    record Proc(long pid, String name, long cpuTicks, long startTicks, long rssPages) {
    }

    /** The fields of /proc/PID/stat this class uses. */
    record Stat(String comm, char state, long pgrp, long utime, long stime, long startTime, long rssPages) {
    }

    private ProcessTable() {
    }

    /** Parses /proc/PID/stat; the name is between the first '(' and the last ')', and may hold spaces. */
    static Stat parseStat(String s) {
        int open = s.indexOf('(');
        int close = s.lastIndexOf(')');
        if (open < 0 || close < open || close + 2 >= s.length()) {
            return null;
        }
        return parseStat(s.substring(open + 1, close), s, close + 2);
    }

    /**
     * Parses the fields after ") ": state(3) ppid(4) pgrp(5) session(6) tty(7) tpgid(8) flags(9) minflt(10)
     * cminflt(11) majflt(12) cmajflt(13) utime(14) stime(15) cutime(16) cstime(17) priority(18) nice(19)
     * threads(20) itrealvalue(21) starttime(22) vsize(23) rss(24).
     */
    private static Stat parseStat(String comm, String s, int from) {
        long[] f = new long[25];
        int field = 3;
        int i = from;
        int len = s.length();
        char state = s.charAt(i);
        while (i < len && s.charAt(i) != ' ') {
            i++;
        }
        while (field < 24) {
            i++; // the space
            field++;
            if (i >= len) {
                return null;
            }
            long v = 0;
            boolean neg = false;
            if (s.charAt(i) == '-') {
                neg = true;
                i++;
            }
            int start = i;
            while (i < len) {
                char c = s.charAt(i);
                if (c < '0' || c > '9') {
                    break;
                }
                v = v * 10 + (c - '0');
                i++;
            }
            if (i == start || (i < len && s.charAt(i) != ' ' && s.charAt(i) != '\n')) {
                return null;
            }
            f[field] = neg ? -v : v;
        }
        return new Stat(comm, state, f[5], f[14], f[15], f[22], f[24]);
    }

    /** A command line from /proc/PID/cmdline bytes: NULs become spaces, the trailing NUL is dropped. */
    static String cmdline(byte[] raw, int len) {
        int n = len;
        while (n > 0 && raw[n - 1] == 0) {
            n--;
        }
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = raw[i] == 0 ? (byte) ' ' : raw[i];
        }
        return new String(b, StandardCharsets.UTF_8);
    }

    /** Matches by exact process name (comm, or argv[0]'s base name for names the kernel truncated to 15 chars). */
    static Predicate<Candidate> byName(String name) {
        boolean longName = name.length() > 15;
        String prefix = longName ? name.substring(0, 15) : name;
        return c -> {
            if (!c.comm().equals(prefix)) {
                return false;
            }
            if (!longName) {
                return true;
            }
            String cl = c.cmdline();
            String argv0 = cl.indexOf(' ') < 0 ? cl : cl.substring(0, cl.indexOf(' '));
            return argv0.substring(argv0.lastIndexOf('/') + 1).equals(name);
        };
    }

    /** Matches processes whose full command line contains a match of the regex. */
    static Predicate<Candidate> byCommand(Pattern regex) {
        return c -> {
            String cl = c.cmdline();
            return !cl.isEmpty() && regex.matcher(cl).find();
        };
    }

    /** A process being looked at during a scan; reads its command line on demand. */
    static final class Candidate {
        private final String dir;
        private final String comm;
        private final byte[] buf;
        private String cmdline;

        Candidate(String dir, String comm, byte[] buf) {
            this.dir = dir;
            this.comm = comm;
            this.buf = buf;
        }

        String comm() {
            return comm;
        }

        String cmdline() {
            if (cmdline == null) {
                try {
                    int n = read(dir + "cmdline", buf);
                    cmdline = ProcessTable.cmdline(buf, n);
                } catch (IOException e) {
                    cmdline = "";
                }
            }
            return cmdline;
        }
    }

    /** Scans {@code proc} for processes matching {@code filter}, skipping this JVM and zombies. */
    static List<Proc> scan(Path proc, Predicate<Candidate> filter) {
        List<Proc> out = new ArrayList<>();
        String base = proc.toString() + "/";
        String[] names = proc.toFile().list();
        if (names == null) {
            return out;
        }
        long self = ProcessHandle.current().pid();
        byte[] buf = new byte[8192];
        for (String n : names) {
            if (n.isEmpty() || n.charAt(0) < '0' || n.charAt(0) > '9') {
                continue;
            }
            long pid;
            try {
                pid = Long.parseLong(n);
            } catch (NumberFormatException e) {
                continue;
            }
            if (pid == self) {
                continue;
            }
            String dir = base + n + "/";
            Stat st;
            try {
                int len = read(dir + "stat", buf);
                st = parseStat(new String(buf, 0, len, StandardCharsets.ISO_8859_1));
            } catch (IOException e) {
                continue; // the process ended during the scan
            }
            if (st == null || st.state() == 'Z' || st.state() == 'X') {
                continue;
            }
            if (filter.test(new Candidate(dir, st.comm(), buf))) {
                out.add(new Proc(pid, st.comm(), st.utime() + st.stime(), st.startTime(), st.rssPages()));
            }
        }
        return out;
    }

    private static int read(String file, byte[] buf) throws IOException {
        try (FileInputStream in = new FileInputStream(file)) {
            int len = 0;
            int n;
            while (len < buf.length && (n = in.read(buf, len, buf.length - len)) > 0) {
                len += n;
            }
            return len;
        }
    }

    /** The kernel's page size (for rss pages), read once from /proc/self/smaps; 4096 if unknown. */
    static long pageSize() {
        long p = pageSize;
        if (p > 0) {
            return p;
        }
        p = 4096;
        File smaps = new File("/proc/self/smaps");
        try (BufferedReader r = Files.newBufferedReader(smaps.toPath(), StandardCharsets.ISO_8859_1)) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("KernelPageSize:")) {
                    p = Long.parseLong(line.substring(15).replace("kB", "").trim()) * 1024;
                    break;
                }
            }
        } catch (IOException | RuntimeException e) {
            // keep 4096
        }
        pageSize = p;
        return p;
    }
}
