package dev.runbook.store;

import dev.runbook.core.ManualClock;
import dev.runbook.core.Status;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import java.time.Duration;

/**
 * {@link StoreSuite} on a real PostgreSQL server ({@link PostgresServer}): every test gets a new, empty database.
 * Fails, never skips, when no server can be started.
 */
class PostgresStoreTest extends StoreSuite {
    private PostgresDialect server;
    private String database;

    private PostgresDialect server() {
        if (server == null) {
            database = PostgresServer.shared().newDatabase();
            server = PostgresDialect.of(PostgresServer.shared().url(database), PostgresServer.USER,
                    PostgresServer.PASSWORD);
        }
        return server;
    }

    @Override
    SqliteRunStore open(Duration retention, Clock clock) {
        return SqliteRunStore.open(server(), retention, clock);
    }

    @Override
    Store openStore(Duration retention, Clock clock) {
        return Store.open(server(), retention, clock);
    }

    @Test
    void keepsItsRowsOnTheServer() throws Exception {
        try (SqliteRunStore store = open(null, new ManualClock(NOV, ZoneOffset.UTC))) {
            store.record(Runs.single("disk", NOV, Status.WARNING, 85));
        }
        try (Connection c = PostgresServer.shared().connect(database); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT r.status, r.value, c.name FROM results r"
                     + " JOIN check_names c ON c.id = r.check_id")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(1);
            assertThat(rs.getDouble(2)).isEqualTo(85.0);
            assertThat(rs.getString(3)).isEqualTo("disk");
            assertThat(rs.next()).isFalse();
        }
    }

    @Test
    void refusesADatabaseOfAnotherApplication() throws Exception {
        server();
        try (Connection c = PostgresServer.shared().connect(database); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE invoices(id BIGINT PRIMARY KEY, total NUMERIC)");
        }
        assertThatThrownBy(() -> open(null, new ManualClock(NOV, ZoneOffset.UTC)))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("is a PostgreSQL database of another application (tables: invoices)")
                .hasMessageContaining(PostgresServer.shared().url(database));
        try (Connection c = PostgresServer.shared().connect(database); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM information_schema.tables"
                     + " WHERE table_schema = current_schema()")) {
            rs.next();
            assertThat(rs.getInt(1)).as("nothing created beside the foreign table").isEqualTo(1);
        }
    }

    @Test
    void aWrongPasswordOrAnUnreachableServerIsSaidInWords() throws Exception {
        String db = PostgresServer.shared().newDatabase();
        ManualClock clock = new ManualClock(NOV, ZoneOffset.UTC);
        assertThatThrownBy(() -> Store.open(PostgresDialect.of(PostgresServer.shared().url(db), PostgresServer.USER,
                "wrong"), null, clock)).isInstanceOf(StoreException.class)
                .hasMessageContaining("refused the login of user runbook (check username and password)")
                .hasMessageNotContaining("wrong");
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        assertThatThrownBy(() -> Store.open(PostgresDialect.of("postgresql://127.0.0.1:" + closed + "/x", "u", "p"),
                null, clock)).isInstanceOf(StoreException.class)
                .hasMessageContaining("cannot reach the PostgreSQL store postgresql://127.0.0.1:" + closed + "/x");
        assertThatThrownBy(() -> PostgresDialect.of("mysql://u:secret@db/x", null, null))
                .isInstanceOf(StoreException.class).hasMessageContaining("is not a PostgreSQL URL")
                .hasMessageNotContaining("secret");
    }
}
