package dev.runbook.yaml;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Where a runbook's history store lives and how long results are kept (runbook-format §3 and §10 {@code store:}),
 * as the loader resolved it: the absolute SQLite file path ({@code ~} expanded, relative paths against the
 * runbook file's directory, default {@code $XDG_STATE_HOME/runbook/<runbook>.db}), or a PostgreSQL server
 * ({@code store: {url: "postgresql://…", username, password}}). The loader does not create the parent
 * directories: the store does when it opens. Immutable.
 *
 * @param path      absolute path of the SQLite database file; for a server, {@code postgresql:/host:port/db}
 * @param retention how long results are kept, or null for the store's default
 * @param location  what the runbook's {@code store} becomes: the file path, or for a server its URL with the
 *                  login ({@code postgresql://user:password@host:port/db}, percent-encoded) — never printed
 */
public record StoreSettings(Path path, Duration retention, String location) {
    public StoreSettings {
        Objects.requireNonNull(path, "path");
        if (location == null) {
            location = path.toString();
        }
    }

    /** A file store. */
    public StoreSettings(Path path, Duration retention) {
        this(path, retention, null);
    }

    /** True for a PostgreSQL store. */
    public boolean server() {
        return location.startsWith("postgresql://");
    }
}
