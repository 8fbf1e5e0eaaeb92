package dev.runbook.cli;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/**
 * Verbs of runbook-format §9 that this build does not have yet: each says so and exits 2, pointing at what
 * works today. Stateless.
 */
public abstract class NotYetCommand extends Verb {
    @Unmatched
    List<String> ignored;

    abstract String instead();

    @Override
    public Integer call() {
        err().println("runbook: '" + spec.name() + "' is not yet available in this build. " + instead());
        return Main.USAGE;
    }

    /** {@code runbook docs FILE}. */
    @Command(name = "docs", mixinStandardHelpOptions = true,
            description = "Renders the runbook as the human document it replaces (not yet available).")
    public static final class Docs extends NotYetCommand {
        @Override
        String instead() {
            return "Meanwhile: runbook plan FILE shows steps, thresholds in words, remediations and schedules.";
        }
    }
}
