package dev.runbook.yaml;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Where a runbook's history store lives and how long results are kept (runbook-format §3 {@code store:}), as the
 * loader resolved it: the absolute SQLite file path ({@code ~} expanded, relative paths against the runbook
 * file's directory, default {@code $XDG_STATE_HOME/runbook/<runbook>.db}). The loader does not create the
 * parent directories: the store does when it opens. Immutable.
 *
 * @param path      absolute path of the SQLite database file
 * @param retention how long results are kept, or null for the store's default
 */
public record StoreSettings(Path path, Duration retention) {
    public StoreSettings {
        Objects.requireNonNull(path, "path");
    }
}
