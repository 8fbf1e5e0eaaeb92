package dev.runbook.store;

/** {@link RunOwnersSuite} on a real PostgreSQL server ({@link PostgresServer}): a new, empty database per test. */
class PostgresRunOwnersTest extends RunOwnersSuite {
    private PostgresDialect server;

    @Override
    SqliteRunStore open() {
        if (server == null) {
            server = PostgresDialect.of(PostgresServer.shared().url(PostgresServer.shared().newDatabase()),
                    PostgresServer.USER, PostgresServer.PASSWORD);
        }
        return SqliteRunStore.open(server, null, clock);
    }
}
