package dev.runbook.checks.system;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Where the {@code cpu}, {@code memory} and {@code disk} checks read their figures: Linux's {@code /proc} (and
 * {@code statvfs}), a few microseconds per read, or OSHI, which works on macOS, Windows and the BSDs too.
 *
 * <p>{@link #detect()} picks {@link #PROC} where {@code /proc/stat} and {@code /proc/meminfo} are readable, else
 * {@link #OSHI}. The system property {@value #PROPERTY} ({@code auto}, {@code proc} or {@code oshi}) overrides the
 * choice, for example to try the OSHI path on Linux. OSHI is loaded only when this says {@link #OSHI}: its first
 * use costs about 165 ms, which the {@code /proc} path never pays. Immutable and thread-safe.
 */
public enum HostSource {
    /** {@code /proc/stat}, {@code /proc/meminfo}, {@code statvfs} and {@code /proc/self/mounts}. */
    PROC,
    /** OSHI's {@code SystemInfo}, loaded on first use. */
    OSHI;

    /** The system property that overrides {@link #detect()}: {@code auto}, {@code proc} or {@code oshi}. */
    public static final String PROPERTY = "runbook.host.source";

    /**
     * The source to use now: the system property {@value #PROPERTY} if set to {@code proc} or {@code oshi}, else
     * {@code /proc} where it is readable, else OSHI.
     *
     * @throws IllegalArgumentException if the property holds anything else, naming it and the value
     */
    public static HostSource detect() {
        String forced = System.getProperty(PROPERTY, "auto").trim().toLowerCase(Locale.ROOT);
        switch (forced) {
            case "proc":
                return PROC;
            case "oshi":
                return OSHI;
            case "auto":
            case "":
                return procReadable() ? PROC : OSHI;
            default:
                throw new IllegalArgumentException("system property " + PROPERTY + ": expected auto, proc or oshi, found '"
                        + forced + "'");
        }
    }

    private static boolean procReadable() {
        return Files.isReadable(Path.of("/proc/stat")) && Files.isReadable(Path.of("/proc/meminfo"));
    }
}
