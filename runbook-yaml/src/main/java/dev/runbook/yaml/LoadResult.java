package dev.runbook.yaml;

import dev.runbook.core.model.Runbook;
import java.util.List;
import java.util.Optional;

/**
 * What loading gave: the runbook if the file is valid, every problem found in every file, and the resolved store
 * settings. Immutable.
 *
 * @param runbook  the runbook, or null when there is an error
 * @param problems errors and warnings of every file, in file order
 * @param store    the resolved store location and retention, or null when the file is invalid
 */
public record LoadResult(Runbook runbook, List<Problem> problems, StoreSettings store) {
    public LoadResult {
        problems = List.copyOf(problems);
    }

    /** A result without store settings. */
    public LoadResult(Runbook runbook, List<Problem> problems) {
        this(runbook, problems, null);
    }

    /** The runbook, present only when there is no error. */
    public Optional<Runbook> value() {
        return Optional.ofNullable(runbook);
    }

    /** The store settings, present only when the file is valid. */
    public Optional<StoreSettings> storeSettings() {
        return Optional.ofNullable(store);
    }

    /** The problems of severity ERROR. */
    public List<Problem> errors() {
        return problems.stream().filter(p -> p.severity() == Problem.Severity.ERROR).toList();
    }

    /** The problems of severity WARNING (a missing secret). */
    public List<Problem> warnings() {
        return problems.stream().filter(p -> p.severity() == Problem.Severity.WARNING).toList();
    }

    /** True if there is a runbook and no error. */
    public boolean isValid() {
        return runbook != null && errors().isEmpty();
    }
}
