package dev.runbook.yaml;

import java.nio.file.Path;

/**
 * One problem found while loading a runbook file, with where it is: {@code file:line:col: message}.
 * Immutable.
 *
 * @param file    the file (as given or included)
 * @param line    1-based line, 0 if unknown
 * @param column  1-based column, 0 if unknown
 * @param message what was expected and what was found
 * @param severity {@code ERROR} or {@code WARNING}
 */
public record Problem(Path file, int line, int column, String message, Severity severity) {

    /** How bad a problem is: errors make the file invalid; warnings (a missing secret) do not. */
    public enum Severity { ERROR, WARNING }

    /**
     * {@code runbook.yaml:14:5: unknown check type 'dsik' (did you mean 'disk'?)}; a problem of the whole file
     * (no line known) is {@code runbook.yaml: not a regular file}, without a {@code 0:0} position.
     */
    @Override
    public String toString() {
        String where = file == null ? "<input>" : file.toString();
        if (line > 0) {
            where += ":" + line + (column > 0 ? ":" + column : "");
        }
        return where + ": " + (severity == Severity.WARNING ? "warning: " : "") + message;
    }
}
