package dev.runbook.cli;

import dev.runbook.core.Status;
import dev.runbook.runtime.rehearsal.Drill;
import dev.runbook.runtime.rehearsal.DrillReport;
import dev.runbook.yaml.LoadResult;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code runbook drill FILE --check ID [--status CRITICAL] [--message TEXT] [--act]}: a fire drill on the live
 * setup (runbook-format §11); prints the drill report. Exit 0 when every step of the pipeline worked, 1 when one
 * did not (or for an invalid file or unknown check), 2 for a usage error. Blocks until the drill is over.
 */
@Command(name = "drill", mixinStandardHelpOptions = true,
        description = {"A fire drill: the check's result is forced and the real pipeline follows (remediation as a "
                + "dry run unless --act); every notification really goes out with [DRILL] before its subject; the "
                + "drill's incident is resolved at the end and a report says what happened and when.",
                "Exit: 0 every step worked, 1 otherwise, 2 usage error."})
public final class DrillCommand extends Verb {
    @Parameters(index = "0", paramLabel = "FILE", description = "The runbook file.")
    Path file;

    @Option(names = "--check", paramLabel = "ID", required = true, description = "The check whose result is forced.")
    String check;

    @Option(names = "--status", paramLabel = "STATUS", defaultValue = "CRITICAL",
            description = "The forced status: WARNING, CRITICAL or UNKNOWN (default: ${DEFAULT-VALUE}).")
    String status;

    @Option(names = "--message", paramLabel = "TEXT", description = "The forced result's message.")
    String message;

    @Option(names = "--act", description = "Run the remediation's actions for real (default: a dry run).")
    boolean act;

    @Override
    public Integer call() {
        Status s;
        try {
            s = Status.parse(status);
            if (s == Status.OK) {
                throw new IllegalArgumentException("a drill forces a failure: WARNING, CRITICAL or UNKNOWN, found OK");
            }
        } catch (IllegalArgumentException e) {
            err().println("runbook: --status: " + e.getMessage());
            return Main.USAGE;
        }
        LoadResult loaded = load(file);
        printProblems(loaded);
        if (!loaded.isValid()) {
            err().println("runbook: " + file + " is not valid; no drill was run (see `runbook validate " + file + "`)");
            return Main.INVALID;
        }
        DrillReport report;
        try {
            report = Drill.builder(file, registry(), environment()).check(check).status(s).message(message).act(act)
                    .operator(operator()).run();
        } catch (IllegalArgumentException e) {
            err().println("runbook: " + e.getMessage());
            return Main.INVALID;
        }
        out().print(report.text());
        out().flush();
        return report.exitCode();
    }
}
