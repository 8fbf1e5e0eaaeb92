package dev.runbook.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The launcher's global options, accepted before or after the verb: {@code --plugins DIR},
 * {@code --operator NAME} and {@code --no-color} (the {@code NO_COLOR} environment variable does the same).
 * Declared on the top command and on each verb; a verb merges both ({@link Verb}).
 * Mutable holder filled by picocli; one per command line, not thread-safe.
 */
public final class GlobalOptions {
    @Option(names = "--plugins", paramLabel = "DIR",
            description = "Load extra check, action and notifier types from the jars in DIR.")
    Path plugins;

    @Option(names = "--operator", paramLabel = "NAME",
            description = "Who is running this; recorded with runs, notes and acknowledgements.")
    String operator;

    @Option(names = "--host", paramLabel = "NAME",
            description = "The host runs and notes are recorded as (default: the runbook's host:, else the machine's"
                    + " name); for history, runs, incidents, notifications and report, only this host's"
                    + " (default: the whole fleet).")
    String host;

    @Option(names = "--no-color",
            description = "Plain text output even on a terminal (the NO_COLOR environment variable does the same).")
    boolean noColor;
}
