package dev.runbook.cli;

import dev.runbook.yaml.LoadResult;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code runbook validate FILE…}: loads and checks each file, printing every problem as
 * {@code FILE:LINE:COL: message}. Exit 0 when all are valid (warnings allowed), 1 otherwise. Blocks on I/O.
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Loads and checks runbook files; prints every problem as FILE:LINE:COL: message.",
                "Exit: 0 valid, 1 invalid, 2 usage error."})
public final class ValidateCommand extends Verb {
    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Runbook files.")
    List<Path> files;

    @Override
    public Integer call() {
        boolean allValid = true;
        for (Path f : files) {
            LoadResult r = load(f);
            printProblems(r);
            if (r.isValid()) {
                out().println(f + ": valid" + (r.warnings().isEmpty() ? "" : " (" + r.warnings().size() + " warning"
                        + (r.warnings().size() == 1 ? "" : "s") + ")")
                        + " — " + r.runbook().checks().size() + " checks, " + r.runbook().procedures().size() + " procedures");
            } else {
                allValid = false;
                out().println(f + ": invalid, " + r.errors().size() + " error" + (r.errors().size() == 1 ? "" : "s"));
            }
        }
        return allValid ? 0 : Main.INVALID;
    }
}
