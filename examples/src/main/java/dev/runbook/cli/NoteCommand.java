package dev.runbook.cli;

import dev.runbook.runtime.SqliteNative;
import dev.runbook.runtime.RunbookRuntime;
import dev.runbook.core.model.Runbook;
import dev.runbook.store.Store;
import dev.runbook.yaml.LoadResult;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code runbook note FILE TEXT [--operator NAME]}: stores an operator note, with its time, in the runbook's store;
 * reports show the notes of their period. Exit 0; 1 for an invalid file or an unusable store; 2 for a usage
 * error. Blocks on I/O.
 */
@Command(name = "note", mixinStandardHelpOptions = true,
        description = {"Adds an operator note for the reports.", "Exit: 0, 1 invalid file or store, 2 usage error."})
public final class NoteCommand extends Verb {
    @Parameters(index = "0", paramLabel = "FILE", description = "The runbook file.")
    Path file;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "TEXT", description = "The note (words are joined).")
    List<String> text;

    @Override
    public Integer call() {
        String note = String.join(" ", text).strip();
        if (note.isEmpty()) {
            err().println("runbook: the note is empty; e.g. runbook note FILE \"Restarted httpd after the deploy\"");
            return Main.USAGE;
        }
        LoadResult loaded = load(file);
        printProblems(loaded);
        if (!loaded.isValid()) {
            return Main.INVALID;
        }
        Runbook rb = loaded.runbook();
        Clock clock = Clock.system(rb.zone());
        Path store = RunbookRuntime.storePath(rb, environment());
        Instant now = clock.instant();
        try {
            SqliteNative.prepare(environment(), err());
            try (Store s = Store.open(store, RunbookRuntime.DEFAULT_RETENTION, clock)) {
                String h = host() != null ? host() : rb.host();
                if (h != null) {
                    s.host(h);
                }
                s.notes().add(now, operator(), note);
            }
        } catch (RuntimeException e) {
            err().println("runbook: cannot store the note in " + store + ": " + Main.describe(e));
            return Main.INVALID;
        }
        out().println("Note added at " + now.atZone(rb.zone()).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"))
                + (operator() == null ? "" : " by " + operator()) + " (store: " + store + ")");
        out().flush();
        return 0;
    }
}
