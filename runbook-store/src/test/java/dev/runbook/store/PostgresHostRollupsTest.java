package dev.runbook.store;

import java.time.Clock;
import java.time.Duration;

/** {@link HostRollupsSuite} on a real PostgreSQL server ({@link PostgresServer}): every test a new, empty database. */
class PostgresHostRollupsTest extends HostRollupsSuite {
    private PostgresDialect server;

    @Override
    Store openStore(Duration retention, Clock clock) {
        if (server == null) {
            server = PostgresDialect.of(PostgresServer.shared().url(PostgresServer.shared().newDatabase()),
                    PostgresServer.USER, PostgresServer.PASSWORD);
        }
        return Store.open(server, retention, clock);
    }
}
