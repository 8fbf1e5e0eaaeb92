package dev.runbook.store;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.io.TempDir;

/** {@link StoreSuite} on an SQLite file, the default store. */
class SqliteStoreTest extends StoreSuite {
    @TempDir
    Path dir;

    @Override
    SqliteRunStore open(Duration retention, Clock clock) {
        return SqliteRunStore.open(dir.resolve("s.db"), retention, clock);
    }

    @Override
    Store openStore(Duration retention, Clock clock) {
        return Store.open(dir.resolve("s.db"), retention, clock);
    }
}
