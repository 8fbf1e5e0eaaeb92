package dev.runbook.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.core.engine.RunState;
import dev.runbook.core.engine.StoredRun;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@link RunOwnersSuite} on an SQLite file, and what only a file has: a verb that opens it read-only sees a run
 * whose process died as expired without writing the file; the next writer stores the expiry, once.
 */
class RunOwnersTest extends RunOwnersSuite {
    @Override
    SqliteRunStore open() {
        return SqliteRunStore.open(dir.resolve("s.db"), null, clock);
    }

    @Test
    void aReaderThatOnlyReadsSeesTheExpiryAndTheNextWriterStoresIt() throws Exception {
        Path file = dir.resolve("s.db");
        long id;
        try (SqliteRunStore store = open()) {
            id = started(store);
            owner(store, id, liveChild());
        }
        killChild();
        try (Store ro = Store.openExisting(file, null, clock)) {
            assertThat(ro.readOnly()).isTrue();
            StoredRun r = ro.runs().journal().run("rb", id).orElseThrow();
            assertThat(r.state()).isEqualTo(RunState.EXPIRED);
            assertThat(r.message()).contains("ended without finishing it");
            assertThat(ro.runs().state().get(RunOwners.SCOPE, Long.toString(id))).as("nothing written").isPresent();
        }
        try (SqliteRunStore store = open()) {
            assertThat(store.journal().endAbandoned("rb", clock.instant())).isEqualTo(1);
            assertThat(store.state().get(RunOwners.SCOPE, Long.toString(id))).isEmpty();
            assertThat(store.journal().endAbandoned("rb", clock.instant())).as("ended once").isZero();
        }
    }
}
