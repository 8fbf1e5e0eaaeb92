package dev.runbook.runtime;

import dev.runbook.yaml.RunbookLoader;
import java.io.PrintWriter;

/**
 * Start-up work that does not depend on what will run, done on a second core while the caller's thread loads the
 * check types: the YAML stack's first parse and sqlite-jdbc's native library. Its failures are ignored, because
 * the real load and store open report whatever is wrong.
 */
public final class WarmUp {
    private WarmUp() {
    }

    /** Starts the warm-up on a daemon thread and returns at once. */
    public static void inBackground() {
        Thread t = new Thread(() -> {
            try {
                RunbookLoader.warmUp();
                SqliteNative.prepare(System.getenv(), new PrintWriter(System.err, true));
                Class.forName("org.sqlite.JDBC");
                org.sqlite.SQLiteJDBCLoader.initialize();
            } catch (Throwable e) {
                // only a warm-up
            }
        }, "runbook-warm-up");
        t.setDaemon(true);
        t.start();
    }
}
