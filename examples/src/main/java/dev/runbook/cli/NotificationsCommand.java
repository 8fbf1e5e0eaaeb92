package dev.runbook.cli;

import dev.runbook.core.model.Runbook;
import dev.runbook.incidents.OutboxView;
import dev.runbook.incidents.StoreIncidentService;
import dev.runbook.runtime.RunbookRuntime;
import dev.runbook.runtime.SqliteNative;
import dev.runbook.store.OutboxFile;
import dev.runbook.yaml.LoadResult;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code runbook notifications FILE [list|show ID|retry ID] [--format text|json]}: the outbox (contract §7 [1.1]),
 * each notification with its recipients' states. {@code list} and {@code show} only read the store (they never
 * create or migrate it); {@code retry} puts a failed delivery back to pending and attempts it. Exit 0; 1 for an
 * invalid file or unknown notification; 2 for a usage error.
 */
@Command(name = "notifications", mixinStandardHelpOptions = true,
        description = {"Shows the notification outbox: pending (attempts, next attempt, last error), delivered, failed.",
                "  runbook notifications FILE              list (newest first)",
                "  runbook notifications FILE show 12",
                "  runbook notifications FILE retry 12     a failed delivery goes back to pending and is tried now",
                "Exit: 0, 1 invalid file or unknown notification, 2 usage error."})
public final class NotificationsCommand extends Verb {
    /** The output formats of {@code notifications}. */
    enum Format { TEXT, JSON }

    @Parameters(index = "0", paramLabel = "FILE", description = "The runbook file.")
    Path file;

    @Parameters(index = "1..*", arity = "0..*", paramLabel = "ACTION", description = "list | show ID | retry ID (default: list)")
    List<String> action = new ArrayList<>();

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text", description = "text or json.")
    Format format;

    @Override
    public Integer call() {
        String verb = action.isEmpty() ? "list" : action.get(0);
        int need = switch (verb) {
            case "list" -> 1;
            case "show", "retry" -> 2;
            default -> -1;
        };
        if (need < 0 || Math.max(action.size(), 1) != need) {
            err().println("runbook: use 'notifications FILE list', 'show ID' or 'retry ID', e.g. runbook notifications "
                    + file + " show 12 (found: " + String.join(" ", action) + ")");
            return Main.USAGE;
        }
        long id = 0;
        if (need == 2) {
            try {
                id = Long.parseLong(action.get(1));
            } catch (NumberFormatException e) {
                err().println("runbook: a notification ID is a number (see `runbook notifications " + file + "`), found '"
                        + action.get(1) + "'");
                return Main.USAGE;
            }
        }
        LoadResult loaded = load(file);
        printProblems(loaded);
        if (!loaded.isValid()) {
            return Main.INVALID;
        }
        Runbook rb = loaded.runbook();
        Path store = RunbookRuntime.storePath(rb, environment());
        SqliteNative.prepare(environment(), err());
        OutboxView view = new OutboxView(rb.zone());
        List<OutboxView.Notice> shown;
        if (verb.equals("retry")) {
            try (StoreIncidentService s = StoreIncidentService.open(store, rb, Clock.system(rb.zone()))) {
                shown = List.of(s.retryNotification(id));
            } catch (IllegalArgumentException e) {
                err().println("runbook: " + e.getMessage() + " (list them: runbook notifications " + file + ")");
                return Main.INVALID;
            }
        } else {
            List<dev.runbook.store.OutboxTable.Outgoing> entries;
            if (dev.runbook.store.Store.isServer(store)) {
                // a fleet's PostgreSQL store (§10): read through the store, which never creates what it reads
                try (dev.runbook.store.Store db = dev.runbook.store.Store.openExisting(store, null, Clock.system(rb.zone()))) {
                    entries = db.incidents(rb.id(), t -> t).outbox().all();
                } catch (RuntimeException e) {
                    err().println("runbook: cannot read the store " + store + ": " + Main.describe(e));
                    return Main.INVALID;
                }
            } else {
                entries = OutboxFile.read(store, rb.id());
            }
            // the fleet's notifications, or those one host wrote (--host, §10)
            shown = OutboxView.ofHost(OutboxView.group(entries), host());
            if (verb.equals("show")) {
                long wanted = id;
                shown = OutboxView.find(shown, wanted).map(List::of).orElse(null);
                if (shown == null) {
                    err().println("runbook: no notification #" + wanted + " (list them: runbook notifications " + file + ")");
                    return Main.INVALID;
                }
            }
        }
        out().print(format == Format.JSON ? view.json(shown) : view.text(shown));
        out().flush();
        return 0;
    }
}
