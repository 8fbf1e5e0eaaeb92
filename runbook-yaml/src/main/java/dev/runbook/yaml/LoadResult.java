package dev.runbook.yaml;

import dev.runbook.core.model.Runbook;
import java.util.List;
import java.util.Optional;

/**
 * What loading gave: the runbook if the file is valid, and every problem found in every file. Immutable.
 */
public record LoadResult(Runbook runbook, List<Problem> problems) {
    public LoadResult {
        problems = List.copyOf(problems);
    }

    /** The runbook, present only when there is no error. */
    public Optional<Runbook> value() {
        return Optional.ofNullable(runbook);
    }

    public List<Problem> errors() {
        return problems.stream().filter(p -> p.severity() == Problem.Severity.ERROR).toList();
    }

    public List<Problem> warnings() {
        return problems.stream().filter(p -> p.severity() == Problem.Severity.WARNING).toList();
    }

    public boolean isValid() {
        return runbook != null && errors().isEmpty();
    }
}
