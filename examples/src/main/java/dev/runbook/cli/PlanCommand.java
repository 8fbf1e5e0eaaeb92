package dev.runbook.cli;

import dev.runbook.runtime.output.PlanText;
import dev.runbook.runtime.output.Style;
import dev.runbook.core.Suggestions;
import dev.runbook.core.model.Runbook;
import dev.runbook.yaml.LoadResult;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code runbook plan FILE [--procedure P]}: what would run, without running anything — each procedure's
 * schedules with their next three fire times in the runbook's zone, its steps, each check's thresholds in words,
 * and the remediations step by step. Exit 0, or 1 for an invalid file or unknown procedure.
 */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = {"Shows what would run: schedules with their next three fire times, steps, thresholds in "
                + "words and remediations. Runs nothing.", "Exit: 0, 1 invalid file or unknown procedure, 2 usage error."})
public final class PlanCommand extends Verb {
    @Parameters(index = "0", paramLabel = "FILE", description = "The runbook file.")
    Path file;

    @Option(names = "--procedure", paramLabel = "P", description = "Only this procedure.")
    String procedure;

    @Option(names = "--from", paramLabel = "TIME", description = "Show the fire times after this local time in the "
            + "runbook's zone (e.g. 2027-03-13T00:00, to see a DST change) instead of after now.")
    String from;

    @Override
    public Integer call() {
        LoadResult loaded = load(file);
        printProblems(loaded);
        if (!loaded.isValid()) {
            return Main.INVALID;
        }
        Runbook rb = loaded.runbook();
        if (procedure != null && !rb.procedures().containsKey(procedure)) {
            err().println("runbook: unknown procedure '" + procedure + "'" + Suggestions.didYouMean(procedure, rb.procedures().keySet())
                    + "; procedures: " + String.join(", ", rb.procedures().keySet()));
            return Main.INVALID;
        }
        Style st = style();
        ZonedDateTime now;
        try {
            now = from == null ? ZonedDateTime.now(rb.zone())
                    : java.time.LocalDateTime.parse(from.trim()).atZone(rb.zone());
        } catch (java.time.format.DateTimeParseException e) {
            err().println("runbook: --from: expected a local time such as 2027-03-13T00:00, found '" + from + "'");
            return Main.INVALID;
        }
        out().print(PlanText.render(rb, procedure, now, st));
        out().flush();
        return 0;
    }
}
