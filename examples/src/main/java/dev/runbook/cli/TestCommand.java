package dev.runbook.cli;

import dev.runbook.runtime.rehearsal.CaseFormat;
import dev.runbook.runtime.rehearsal.CaseReport;
import dev.runbook.runtime.rehearsal.CaseRunner;
import dev.runbook.yaml.LoadResult;
import dev.runbook.yaml.Problem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code runbook test FILE [CASES.yaml…] [--format text|junit|tap]}: replays the cases' probe results through the
 * runbook on a fake clock, touching nothing, and asserts what follows (runbook-format §11). Without CASES, every
 * {@code *.test.yaml} beside FILE. Exit 0 all pass, 1 otherwise (also for an invalid runbook or case file), 2 for a
 * usage error. Blocks until every case has run.
 */
@Command(name = "test", mixinStandardHelpOptions = true,
        description = {"Replays given probe results through the runbook with a fake clock, touching nothing, and "
                + "asserts the statuses, remediations, incidents and notifications that follow.",
                "Without CASES, every *.test.yaml beside FILE.", "Exit: 0 all pass, 1 otherwise, 2 usage error."})
public final class TestCommand extends Verb {
    @Parameters(index = "0", paramLabel = "FILE", description = "The runbook file.")
    Path file;

    @Parameters(index = "1..*", paramLabel = "CASES", description = "Case files (default: *.test.yaml beside FILE).")
    List<Path> cases = new ArrayList<>();

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text, junit or tap (default: ${DEFAULT-VALUE}).")
    String format;

    @Override
    public Integer call() {
        CaseFormat f;
        try {
            f = CaseFormat.parse(format);
        } catch (IllegalArgumentException e) {
            err().println("runbook: --format: " + e.getMessage());
            return Main.USAGE;
        }
        LoadResult loaded = load(file);
        // errors only: a secret missing from this environment is given a placeholder here, nothing is sent
        loaded.errors().forEach(err()::println);
        if (!loaded.isValid()) {
            err().println("runbook: " + file + " is not valid; no case was run (see `runbook validate " + file + "`)");
            return Main.INVALID;
        }
        List<Path> files = cases.isEmpty() ? CaseRunner.casesBeside(file) : cases;
        if (files.isEmpty()) {
            err().println("runbook: no test cases: give CASES.yaml files, or put *.test.yaml files beside " + file);
            return Main.INVALID;
        }
        CaseReport report = CaseRunner.of(file, registry(), environment()).run(files);
        for (Problem p : report.problems()) {
            err().println(p);
        }
        out().print(f.render(report));
        out().flush();
        return report.exitCode();
    }
}
