package dev.runbook.store;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.io.TempDir;

/** {@link HostRollupsSuite} on an SQLite file. */
class SqliteHostRollupsTest extends HostRollupsSuite {
    @TempDir
    Path dir;

    @Override
    Store openStore(Duration retention, Clock clock) {
        return Store.open(dir.resolve("s.db"), retention, clock);
    }
}
