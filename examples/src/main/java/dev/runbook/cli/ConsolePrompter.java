package dev.runbook.cli;

import dev.runbook.core.engine.ManualPrompter;
import java.io.Console;
import java.util.Locale;
import java.util.Optional;

/**
 * Asks the person at the terminal to confirm a {@code manual} step ("Notify users of the maintenance window —
 * done? [y/n]"). Without a terminal nobody is asked and the step is recorded UNKNOWN "not confirmed".
 * Blocks reading the console; used from the run's thread only.
 */
public final class ConsolePrompter implements ManualPrompter {
    private final Console console;

    private ConsolePrompter(Console console) {
        this.console = console;
    }

    /** A prompter on {@link System#console()}, or {@link ManualPrompter#NONE} when there is no terminal. */
    public static ManualPrompter forConsole() {
        Console c = System.console();
        return c == null ? ManualPrompter.NONE : new ConsolePrompter(c);
    }

    @Override
    public Optional<Boolean> confirm(String text) {
        while (true) {
            String line = console.readLine("%n  MANUAL STEP: %s%n  Done? [y/n] ", text);
            if (line == null) {
                return Optional.empty();
            }
            String a = line.trim().toLowerCase(Locale.ROOT);
            if (a.equals("y") || a.equals("yes")) {
                return Optional.of(true);
            }
            if (a.equals("n") || a.equals("no")) {
                return Optional.of(false);
            }
        }
    }
}
