package dev.runbook.cli;

import dev.runbook.core.model.Runbook;
import dev.runbook.runtime.RunbookRuntime;
import dev.runbook.runtime.SqliteNative;
import dev.runbook.store.Migrations;
import dev.runbook.store.Store;
import dev.runbook.yaml.LoadResult;
import java.nio.file.Path;
import java.time.Clock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code runbook store migrate FILE}: creates the runbook's store (an SQLite file or a PostgreSQL database,
 * runbook-format §10) or brings its tables to this launcher's schema version, and says which version it found.
 * Every verb that opens the store does the same on first use; this verb does it alone, e.g. before starting
 * several daemons on one database. A store whose schema is newer than this launcher is refused. Exit 0; 1 for
 * an invalid file or a store that cannot be used (unreachable, foreign, newer); 2 for a usage error.
 */
@Command(name = "store", mixinStandardHelpOptions = true,
        description = {"Creates or migrates the runbook's store: runbook store migrate FILE.",
            "Exit: 0, 1 invalid file or unusable store, 2 usage error."})
public final class StoreCommand extends Verb {
    @Parameters(index = "0", paramLabel = "ACTION", description = "migrate")
    String action;

    @Parameters(index = "1", paramLabel = "FILE", description = "The runbook file.")
    Path file;

    @Override
    public Integer call() {
        if (!"migrate".equals(action)) {
            err().println("runbook: unknown store action '" + action + "'; use: runbook store migrate FILE");
            return Main.USAGE;
        }
        LoadResult loaded = load(file);
        printProblems(loaded);
        if (!loaded.isValid()) {
            return Main.INVALID;
        }
        Runbook rb = loaded.runbook();
        Path store = RunbookRuntime.storePath(rb, environment());
        int before;
        try {
            if (!Store.isServer(store)) {
                SqliteNative.prepare(environment(), err());
            }
            try (Store s = Store.open(store, RunbookRuntime.DEFAULT_RETENTION, Clock.systemUTC())) {
                before = s.schemaVersionAtOpen();
            }
        } catch (RuntimeException e) {
            err().println("runbook: cannot migrate the store " + store + ": " + Main.describe(e));
            return Main.INVALID;
        }
        String where = Store.isServer(store) ? store.toString().replaceFirst(":/", "://") : store.toString();
        if (before == 0) {
            out().println("Created the store " + where + " at schema version " + Migrations.CURRENT + ".");
        } else if (before < Migrations.CURRENT) {
            out().println("Migrated the store " + where + " from schema version " + before + " to "
                    + Migrations.CURRENT + ".");
        } else {
            out().println("The store " + where + " is at schema version " + Migrations.CURRENT + "; nothing to do.");
        }
        out().flush();
        return 0;
    }
}
