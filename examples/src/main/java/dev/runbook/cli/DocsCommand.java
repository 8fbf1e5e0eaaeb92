package dev.runbook.cli;

import dev.runbook.core.model.Runbook;
import dev.runbook.reports.document.DocumentFormat;
import dev.runbook.reports.document.LatestResults;
import dev.runbook.reports.document.RunbookDocument;
import dev.runbook.runtime.RunbookRuntime;
import dev.runbook.runtime.StoreReports;
import dev.runbook.store.StoreException;
import dev.runbook.yaml.LoadResult;
import java.nio.file.Path;
import java.time.Clock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code runbook docs FILE [--format markdown|html] [--with-results]}: the runbook rendered as the document it
 * replaces (runbook-format §11), printed on stdout. {@code --with-results} reads the store without creating or
 * migrating it: no store yet is said in the document, not an error. Exit 0; 1 for an invalid file or a store that
 * exists but cannot be read; 2 for a usage error. The rendering is {@link RunbookDocument}'s.
 */
@Command(name = "docs", mixinStandardHelpOptions = true,
        description = {"Renders the runbook as the human document it replaces: overview and contacts, the schedule, "
                + "each procedure's checklist with criteria in words and actions on failure, incident levels, "
                + "escalation, SLOs, report layouts, maintenance procedures and checklists.",
                "Exit: 0, 1 invalid file or unreadable store, 2 usage error."})
public final class DocsCommand extends Verb {
    @Parameters(index = "0", paramLabel = "FILE", description = "The runbook file.")
    Path file;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "markdown",
            description = "markdown (default) or html (one self-contained page).")
    DocumentFormat format;

    @Option(names = "--with-results", description = "Adds each check's latest stored result and each procedure's "
            + "last run (reads the store; never creates or changes it).")
    boolean withResults;

    @Override
    public Integer call() {
        LoadResult loaded = load(file);
        printProblems(loaded);
        if (!loaded.isValid()) {
            return Main.INVALID;
        }
        Runbook rb = loaded.runbook();
        Clock clock = Clock.system(rb.zone());
        RunbookDocument doc = RunbookDocument.of(rb).clock(clock).sourceName(String.valueOf(file.getFileName()));
        if (withResults) {
            Path store = RunbookRuntime.storePath(rb, environment());
            try {
                LatestResults results = StoreReports.latestResults(store, rb, clock);
                if (!results.available()) {
                    err().println("runbook: " + results.source());
                }
                doc.results(results);
            } catch (StoreException e) {
                err().println("runbook: cannot read the store " + store + ": " + Main.describe(e));
                return Main.INVALID;
            }
        }
        out().print(doc.render(format));
        out().flush();
        return 0;
    }
}
