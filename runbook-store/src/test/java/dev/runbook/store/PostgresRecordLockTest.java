package dev.runbook.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.core.ManualClock;
import dev.runbook.core.Status;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * On PostgreSQL the fleet's hosts record their runs side by side (issue #18: 50 hosts' p99 commit): a run that
 * only adds rows of the current hour takes the store's write lock in shared mode, so it commits while another
 * host holds that lock in shared mode too (with the lock taken exclusively it would wait for the other host).
 */
class PostgresRecordLockTest {
    static final Instant NOW = Instant.parse("2026-11-02T08:30:00Z");

    @Test
    void aRunOfTheCurrentHourCommitsWhileAnotherHostIsRecording() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String database = pg.newDatabase();
        PostgresDialect server = PostgresDialect.of(pg.url(database), PostgresServer.USER, PostgresServer.PASSWORD);
        ManualClock clock = new ManualClock(NOW, ZoneOffset.UTC);
        try (Store store = Store.open(server, null, clock).host("host-a");
             Connection other = pg.connect(database); Statement s = other.createStatement()) {
            // another host in the middle of recording its run: the lock held in shared mode
            s.execute("BEGIN");
            s.execute("SELECT pg_advisory_xact_lock_shared(" + PostgresDialect.WRITE_LOCK + ")");
            CompletableFuture<Void> recorded = CompletableFuture.runAsync(() -> store.runs().record(
                    Runs.run(NOW, List.of(Runs.result("disk", NOW, Status.OK, Map.of("used", 50.0)),
                            Runs.result("cpu", NOW.plusMillis(1), Status.OK, Map.of("load", 0.5))))));
            // generous bound: an exclusive lock would wait for the other transaction (30 s lock timeout, then fail)
            recorded.get(60, TimeUnit.SECONDS);
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM results")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(2);
            }
            s.execute("COMMIT");
        }
    }
}
