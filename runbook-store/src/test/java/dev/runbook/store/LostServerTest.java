package dev.runbook.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runbook.core.ManualClock;
import dev.runbook.core.Status;
import dev.runbook.core.engine.RunResult;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A store on a real PostgreSQL server that goes away and comes back (runbook-format §10): the open store fails
 * while it is down, saying it cannot reach it, then writes again on its own once the server is back (a daemon
 * keeps its store open for weeks); and a run written under a key is written once, however often it is replayed.
 */
class LostServerTest {
    static final Instant NOV = Instant.parse("2026-11-03T08:00:00Z");

    @AfterEach
    void serverBack() throws Exception {
        PostgresServer.shared().startAgain();
    }

    private static long count(String db, String sql) throws Exception {
        try (Connection c = PostgresServer.shared().connect(db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void theOpenStoreWritesAgainOnceTheServerIsBack() throws Exception {
        String db = PostgresServer.shared().newDatabase();
        PostgresDialect server = PostgresDialect.of(PostgresServer.shared().url(db), PostgresServer.USER,
                PostgresServer.PASSWORD);
        ManualClock clock = new ManualClock(NOV, ZoneOffset.UTC);
        try (Store store = Store.open(server, null, clock)) {
            store.runs().record(Runs.single("disk", NOV, Status.OK, 10));
            PostgresServer.shared().stopNow();
            assertThatThrownBy(() -> store.runs().record(Runs.single("disk", NOV.plusSeconds(60), Status.OK, 11)))
                    .isInstanceOf(StoreException.class);
            assertThatThrownBy(() -> store.runs().put("scope", "key", "v")).isInstanceOf(StoreException.class);
            PostgresServer.shared().startAgain();
            store.runs().record(Runs.single("disk", NOV.plusSeconds(120), Status.WARNING, 12));
            store.runs().put("scope", "key", "v");
            assertThat(store.runs().get("scope", "key")).contains("v");
            assertThat(store.notes().between(NOV.minusSeconds(1), NOV.plusSeconds(600))).isEmpty();
        }
        assertThat(count(db, "SELECT count(*) FROM results")).isEqualTo(2);
        assertThat(count(db, "SELECT count(*) FROM runs")).isEqualTo(2);
    }

    @Test
    void aRunRecordedUnderAKeyIsWrittenOnce() throws Exception {
        String db = PostgresServer.shared().newDatabase();
        PostgresDialect server = PostgresDialect.of(PostgresServer.shared().url(db), PostgresServer.USER,
                PostgresServer.PASSWORD);
        RunResult run = Runs.single("disk", NOV, Status.CRITICAL, 99);
        try (Store store = Store.open(server, null, new ManualClock(NOV, ZoneOffset.UTC))) {
            long first = store.runs().recordRunOnce(run, "spooled-1");
            long again = store.runs().recordRunOnce(run, "spooled-1");
            long other = store.runs().recordRunOnce(run, "spooled-2");
            assertThat(again).isEqualTo(first);
            assertThat(other).isNotEqualTo(first);
        }
        assertThat(count(db, "SELECT count(*) FROM runs")).isEqualTo(2);
        assertThat(count(db, "SELECT count(*) FROM results")).isEqualTo(2);
    }
}
