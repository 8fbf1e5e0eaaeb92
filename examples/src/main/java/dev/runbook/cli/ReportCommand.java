package dev.runbook.cli;

import dev.runbook.runtime.SqliteNative;
import dev.runbook.runtime.RunbookRuntime;
import dev.runbook.runtime.StoreReports;
import dev.runbook.core.model.Runbook;
import dev.runbook.reports.ReportFormat;
import dev.runbook.reports.ReportSource;
import dev.runbook.reports.Reports;
import dev.runbook.yaml.LoadResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code runbook report FILE REPORT [--date YYYY-MM-DD] [--format text|markdown|json|html] [--send] [--output PATH]
 * [--host NAME]}: renders a report (runbook-format §8) from the store; {@code day}, {@code week}, {@code month} are
 * built-in ids when the runbook defines no reports. With {@code --host NAME} every figure covers that host's runs
 * only (§10); without it, the fleet. Exit 0; 1 for an invalid file, an unknown report or an unusable store;
 * 2 for a usage error. Blocks on I/O.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Renders a report from the store (day, week, month are built in when the runbook defines none).",
                "Exit: 0, 1 invalid file or unknown report, 2 usage error."})
public final class ReportCommand extends Verb {
    @Parameters(index = "0", paramLabel = "FILE", description = "The runbook file.")
    Path file;

    @Parameters(index = "1", paramLabel = "REPORT", description = "The report id.")
    String report;

    @Option(names = "--date", paramLabel = "YYYY-MM-DD",
            description = "A day in (or, for covers: previous, after) the period; default today in the runbook's zone.")
    String date;

    @Option(names = "--format", paramLabel = "FORMAT", description = "text, markdown, json or html (default: the report's).")
    String format;

    @Option(names = "--send", description = "Also send it to the report's notify: recipients.")
    boolean send;

    @Option(names = "--output", paramLabel = "PATH", description = "Write the report to this file instead of stdout.")
    Path output;

    @Override
    public Integer call() {
        LocalDate day = null;
        if (date != null) {
            try {
                day = LocalDate.parse(date);
            } catch (DateTimeParseException e) {
                err().println("runbook: --date " + date + ": expected YYYY-MM-DD, e.g. --date 2025-10-21");
                return Main.USAGE;
            }
        }
        if (format != null) {
            try {
                ReportFormat.of(format);
            } catch (IllegalArgumentException e) {
                err().println("runbook: --format: " + e.getMessage());
                return Main.USAGE;
            }
        }
        LoadResult loaded = load(file);
        printProblems(loaded);
        if (!loaded.isValid()) {
            return Main.INVALID;
        }
        Runbook rb = loaded.runbook();
        Clock clock = Clock.system(rb.zone());
        if (day == null) {
            day = LocalDate.now(clock);
        }
        try {
            Reports.definition(rb, report);
        } catch (Reports.UnknownReportException e) {
            err().println("runbook: " + e.getMessage());
            return Main.INVALID;
        }
        String host = host();
        if (host != null && send) {
            err().println("runbook: --send sends the fleet's report to its recipients, once per period for the runbook"
                    + " (recorded for the whole fleet, not per host), so one host's report would take the fleet's place;"
                    + " leave out --host " + host + " to send the fleet's report, or render " + host
                    + "'s report without --send");
            return Main.USAGE;
        }
        Path store = RunbookRuntime.storePath(rb, environment());
        String text;
        try {
            SqliteNative.prepare(environment(), err());
            if (host != null) {
                // one host's report (§10): every figure over that host's runs, its incidents and its notes
                try (ReportSource all = dev.runbook.store.Store.isServer(store) || Files.exists(store)
                        ? StoreReports.open(store, rb, clock) : StoreReports.empty(rb, clock)) {
                    ReportSource one;
                    try {
                        one = all.forHost(host);
                    } catch (IllegalArgumentException e) {
                        err().println("runbook: --host " + host + ": " + e.getMessage() + " (store " + store + ")");
                        return Main.INVALID;
                    }
                    text = Reports.render(rb, one, report, day, format, clock);
                }
            } else if (dev.runbook.store.Store.isServer(store) || java.nio.file.Files.exists(store) || send) {
                text = StoreReports.render(rb, store, report, day, format, clock);
            } else {
                // a report only reads: say the store is missing instead of creating it (§9 [1.1])
                err().println("runbook: there is no store at " + store + " yet (nothing has been recorded): the"
                        + " report has no data");
                try (ReportSource none = StoreReports.empty(rb, clock)) {
                    text = Reports.render(rb, none, report, day, format, clock);
                }
            }
        } catch (RuntimeException e) {
            err().println("runbook: cannot read the store " + store + ": " + Main.describe(e));
            return Main.INVALID;
        }
        if (output != null) {
            try {
                Path parent = output.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                Files.writeString(output, text, StandardCharsets.UTF_8);
            } catch (IOException e) {
                err().println("runbook: cannot write --output " + output + ": " + e.getMessage());
                return Main.INVALID;
            }
        } else {
            out().print(text);
            out().flush();
        }
        if (send) {
            try {
                err().println("runbook: " + StoreReports.send(rb, store, report, day, clock, false));
            } catch (RuntimeException e) {
                err().println("runbook: cannot send the report: " + Main.describe(e));
                return Main.INVALID;
            }
        }
        return 0;
    }
}
