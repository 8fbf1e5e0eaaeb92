package dev.runbook.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Map;

/**
 * Keeps sqlite-jdbc's native library extracted once in the state directory and points the driver at it
 * ({@code org.sqlite.lib.path}), instead of letting it unpack ~1 MB into /tmp on every start (about 130 ms of a
 * cold start). Does nothing if the property is already set or the library is not found. Thread-safe; blocks on
 * I/O the first time. It sets JVM-wide system properties, so it is called by the launcher and by
 * {@link RunbookRuntime}, before the first connection.
 */
public final class SqliteNative {
    private static volatile boolean done;

    private SqliteNative() {
    }

    /** Extracts the library once (if needed) and sets the driver's properties; never fails, never blocks long. */
    public static synchronized void prepare(Map<String, String> env) {
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
        String resource = "/org/sqlite/native/Linux" + (musl ? "-Musl" : "") + "/" + folder + "/libsqlitejdbc.so";
        String version = driverVersion();
        Path dir = stateDir(env).resolve("native").resolve("sqlite-jdbc-" + version + "-" + folder + (musl ? "-musl" : ""));
        Path lib = dir.resolve("libsqlitejdbc.so");
        try {
            if (!Files.isRegularFile(lib)) {
                try (InputStream in = org.sqlite.JDBC.class.getResourceAsStream(resource)) {
                    if (in == null) {
                        return;
                    }
                    Files.createDirectories(dir);
                    Path tmp = Files.createTempFile(dir, "lib", ".tmp");
                    Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                    Files.move(tmp, lib, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            System.setProperty("org.sqlite.lib.path", dir.toString());
            System.setProperty("org.sqlite.lib.name", "libsqlitejdbc.so");
        } catch (IOException | RuntimeException e) {
            // the driver then unpacks the library itself, as it always does
        }
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
