package dev.runbook.cli;

import dev.runbook.core.Suggestions;
import dev.runbook.core.model.Runbook;
import dev.runbook.core.quantity.Quantity;
import dev.runbook.runtime.RunbookRuntime;
import dev.runbook.runtime.output.RunTrailText;
import dev.runbook.yaml.LoadResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code runbook runs FILE [show RUN_ID] [--procedure P] [--since 7d] [--format text|json]}: the stored runs with
 * their steps (runbook-format §6, §9), paused runs first, then newest first; {@code show} prints one run step by
 * step. Read-only: a store that does not exist is not created, and a paused run past its {@code pause_timeout} is
 * shown as expired without being written (the next {@code run}, scheduled run or {@code confirm} records the
 * expiry). Exit 0; 1 for an invalid file, an unknown run or procedure, or a store that cannot be read; 2 for a
 * usage error. Blocks on I/O.
 */
@Command(name = "runs", mixinStandardHelpOptions = true,
        description = {"Shows stored runs with their steps, paused runs first; `show RUN_ID` prints one run step by step.",
                "Exit: 0, 1 invalid file, unknown run or procedure, unreadable store, 2 usage error."})
public final class RunsCommand extends Verb {
    /** The output formats of {@code runs}. */
    enum Format { TEXT, JSON }

    @Parameters(index = "0", paramLabel = "FILE", description = "The runbook file.")
    Path file;

    @Parameters(index = "1..*", arity = "0..2", paramLabel = "show RUN_ID", description = "Show one run.")
    List<String> show = new ArrayList<>();

    @Option(names = "--procedure", paramLabel = "P", description = "Only runs of this procedure.")
    String procedure;

    @Option(names = "--since", paramLabel = "DURATION", defaultValue = "7d",
            description = "How far back, e.g. 24h, 7d (default: ${DEFAULT-VALUE}); paused runs are always listed.")
    String since;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text", description = "text or json.")
    Format format;

    @Override
    public Integer call() {
        Long id = null;
        if (!show.isEmpty()) {
            if (show.size() != 2 || !show.get(0).equals("show")) {
                err().println("runbook: expected `runbook runs FILE` or `runbook runs FILE show RUN_ID`, found "
                        + String.join(" ", show));
                return Main.USAGE;
            }
            try {
                id = Long.parseLong(show.get(1));
            } catch (NumberFormatException e) {
                err().println("runbook: RUN_ID is a number (see `runbook runs " + file + "`), found '" + show.get(1) + "'");
                return Main.USAGE;
            }
        }
        Duration window;
        try {
            window = Quantity.parseDuration(since);
        } catch (IllegalArgumentException e) {
            err().println("runbook: --since " + since + ": " + e.getMessage() + " (e.g. --since 24h or --since 7d)");
            return Main.USAGE;
        }
        LoadResult loaded = load(file);
        printProblems(loaded);
        if (!loaded.isValid()) {
            return Main.INVALID;
        }
        Runbook rb = loaded.runbook();
        if (procedure != null && !rb.procedures().containsKey(procedure)) {
            err().println("runbook: unknown procedure '" + procedure + "'"
                    + Suggestions.didYouMean(procedure, rb.procedures().keySet())
                    + "; procedures: " + String.join(", ", rb.procedures().keySet()));
            return Main.INVALID;
        }
        Clock clock = Clock.system(rb.zone());
        Instant now = clock.instant();
        Path store = RunbookRuntime.storePath(rb, environment());
        if (!dev.runbook.store.Store.isServer(store) && !Files.exists(store)) { // read-only: never create the store to say it is empty
            (id != null ? err() : out()).println(id != null ? "runbook: no run " + id + " in " + store + " (nothing has "
                    + "been run yet)" : format == Format.JSON ? "{\n  \"runs\" : [ ]\n}"
                    : "No runs stored (store: " + store + "). Record one with: runbook run " + file);
            return id != null ? Main.INVALID : 0;
        }
        try (RunbookRuntime services = RunbookRuntime.builder(loaded).env(environment()).clock(clock).incidents(false)
                .warnings(w -> { }).build()) {
            if (!services.recorded()) {
                err().println("runbook: cannot read the store " + services.storePath() + ": " + services.storeProblem());
                return Main.INVALID;
            }
            // the fleet's runs, or one host's (--host, runbook-format §10)
            Optional<String> text = RunTrailText.render(services.store().journal(), rb, id, procedure, host(),
                    now.minus(window), now, format == Format.JSON, file.toString(), style());
            if (text.isEmpty()) {
                err().println("runbook: no run " + id + " of " + rb.id() + (host() == null ? "" : " on host " + host())
                    + " in " + store + " (see `runbook runs " + file + "`)");
                return Main.INVALID;
            }
            out().print(text.get().isEmpty() ? "No runs in the last " + since + ".\n" : text.get());
            out().flush();
        }
        return 0;
    }
}
