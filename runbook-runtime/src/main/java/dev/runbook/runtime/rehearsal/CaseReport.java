package dev.runbook.runtime.rehearsal;

import dev.runbook.yaml.Problem;
import dev.runbook.yaml.TestCases.Where;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@code runbook test} found: every case with its failed expectations, and the problems of case files that
 * could not be read (each located as {@code FILE:LINE:COL: message}). Immutable.
 *
 * @param runbook  the runbook's id
 * @param cases    each case, in file order
 * @param problems problems of the case files (a file with problems runs no case)
 */
public record CaseReport(String runbook, List<CaseOutcome> cases, List<Problem> problems) {
    public CaseReport {
        cases = List.copyOf(cases);
        problems = List.copyOf(problems);
    }

    /** True when every case passed and no case file had an error. */
    public boolean passed() {
        return problems.stream().noneMatch(p -> p.severity() == Problem.Severity.ERROR)
                && cases.stream().allMatch(CaseOutcome::passed);
    }

    /** How many cases failed. */
    public long failedCount() {
        return cases.stream().filter(c -> !c.passed()).count();
    }

    /** The exit code of {@code runbook test}: 0 all pass, 1 otherwise. */
    public int exitCode() {
        return passed() ? 0 : 1;
    }

    /**
     * One case as it went.
     *
     * @param file     its case file
     * @param name     its name
     * @param where    where it starts
     * @param failures what was expected and did not happen (empty: passed)
     * @param error    why the case could not run at all, or null
     */
    public record CaseOutcome(Path file, String name, Where where, List<Failure> failures, String error) {
        public CaseOutcome {
            failures = List.copyOf(failures);
        }

        public boolean passed() {
            return failures.isEmpty() && error == null;
        }
    }

    /**
     * One expectation that failed: where it was written, what it was about ({@code checks.disk.status}), and what
     * was expected and what happened, in words.
     */
    public record Failure(Where where, String what, String expected, String actual) {
        /** {@code file:line: what: expected X, actual Y}. */
        @Override
        public String toString() {
            return where + ": " + what + "\n    expected: " + expected + "\n    actual:   " + actual;
        }
    }
}
