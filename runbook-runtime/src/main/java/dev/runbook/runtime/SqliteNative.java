package dev.runbook.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;

/**
 * Keeps sqlite-jdbc's native library extracted once in the state directory and points the driver at it
 * ({@code org.sqlite.lib.path}), instead of letting it unpack ~1 MB into /tmp on every start (about 130 ms of a
 * cold start). The cached copy is verified on every start against the SHA-256 recorded when it was extracted
 * ({@code libsqlitejdbc.so.sha256} beside it) and replaced if it differs or the record is missing, so a
 * truncated or damaged copy never sticks; if the cached copy still cannot be loaded, one line says so and the
 * driver unpacks its own copy as it always does. Does nothing if the property is already set or the library is
 * not found. Thread-safe; blocks on I/O the first time. It sets JVM-wide system properties, so it is called by the
 * launcher and by {@link RunbookRuntime}, before the first connection.
 */
public final class SqliteNative {
    static final String LIB = "libsqlitejdbc.so";
    private static volatile boolean done;

    private SqliteNative() {
    }

    /** {@link #prepare(Map, PrintWriter)} that logs its one warning through slf4j (a library prints nothing). */
    public static void prepare(Map<String, String> env) {
        prepare(env, null);
    }

    /**
     * Extracts the library once (if needed) and sets the driver's properties; never fails, never blocks long.
     *
     * @param err where the one warning goes if the cached copy cannot be loaded; null to log it instead
     */
    public static synchronized void prepare(Map<String, String> env, PrintWriter err) {
        if (done || System.getProperty("org.sqlite.lib.path") != null) {
            return;
        }
        done = true;
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (!os.contains("linux")) {
            return;
        }
        String arch = System.getProperty("os.arch", "");
        String folder = arch.equals("amd64") || arch.equals("x86_64") ? "x86_64"
                : arch.equals("aarch64") || arch.equals("arm64") ? "aarch64" : null;
        if (folder == null) {
            return;
        }
        boolean musl = Files.exists(Path.of("/lib/ld-musl-x86_64.so.1")) || Files.exists(Path.of("/lib/ld-musl-aarch64.so.1"));
        String resource = "/org/sqlite/native/Linux" + (musl ? "-Musl" : "") + "/" + folder + "/" + LIB;
        Path dir = stateDir(env).resolve("native").resolve("sqlite-jdbc-" + driverVersion() + "-" + folder + (musl ? "-musl" : ""));
        Path lib;
        try {
            lib = cached(dir, resource);
        } catch (IOException | RuntimeException e) {
            // the driver then unpacks the library itself, as it always does
            return;
        }
        if (lib == null) {
            return;
        }
        System.setProperty("org.sqlite.lib.path", dir.toString());
        System.setProperty("org.sqlite.lib.name", LIB);
        try {
            if (!org.sqlite.SQLiteJDBCLoader.initialize()) {
                throw new IOException("the driver did not load it");
            }
        } catch (Exception | LinkageError e) {
            System.clearProperty("org.sqlite.lib.path");
            System.clearProperty("org.sqlite.lib.name");
            String warning = "cannot load the cached SQLite library " + lib + " (" + oneLine(e)
                    + "); using the driver's own copy";
            if (err == null) {
                org.slf4j.LoggerFactory.getLogger(SqliteNative.class).warn(warning);
            } else {
                err.println("runbook: warning: " + warning);
                err.flush();
            }
        }
    }

    /**
     * The verified cached library in {@code dir}, extracted (again) from {@code resource} if it is missing, its
     * recorded hash is missing, or its content does not match the hash; null if the jar has no such resource.
     */
    public static Path cached(Path dir, String resource) throws IOException {
        Path lib = dir.resolve(LIB);
        Path sum = dir.resolve(LIB + ".sha256");
        if (Files.isRegularFile(lib) && Files.isRegularFile(sum)) {
            String expected = Files.readString(sum, StandardCharsets.US_ASCII).trim();
            if (expected.equals(sha256(lib))) {
                return lib;
            }
        }
        try (InputStream in = org.sqlite.JDBC.class.getResourceAsStream(resource)) {
            if (in == null) {
                return null;
            }
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "lib", ".tmp");
            MessageDigest md = digest();
            try (InputStream din = new DigestInputStream(in, md); OutputStream out = Files.newOutputStream(tmp)) {
                din.transferTo(out);
            }
            Path tmpSum = Files.createTempFile(dir, "sum", ".tmp");
            Files.writeString(tmpSum, HexFormat.of().formatHex(md.digest()) + "\n", StandardCharsets.US_ASCII);
            // the library first, then its record: a crash in between leaves no record, so the next start extracts again
            Files.move(tmp, lib, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            Files.move(tmpSum, sum, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return lib;
        }
    }

    private static String sha256(Path file) throws IOException {
        MessageDigest md = digest();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), md)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }

    private static String oneLine(Throwable e) {
        String m = e.getMessage();
        m = m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    private static String driverVersion() {
        String v = org.sqlite.JDBC.class.getPackage().getImplementationVersion();
        return v == null ? "unknown" : v;
    }

    /** {@code -Drunbook.state.dir}, else {@code $XDG_STATE_HOME/runbook}, else {@code ~/.local/state/runbook}. */
    static Path stateDir(Map<String, String> env) {
        String p = System.getProperty("runbook.state.dir");
        if (p != null && !p.isBlank()) {
            return Path.of(p);
        }
        String xdg = env.get("XDG_STATE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".local", "state");
        return base.resolve("runbook");
    }
}
