package dev.runbook.runtime.output;

import dev.runbook.core.Status;

/**
 * How text output is decorated: ANSI colours on a terminal, nothing when piped or when {@code NO_COLOR} or
 * {@code --no-color} asks for plain text. Immutable.
 */
public enum Style {
    /** Plain text. */
    PLAIN,
    /** ANSI colours. */
    ANSI;

    private static final String RESET = "\u001b[0m";

    /** The status word, coloured by severity. */
    public String status(Status s) {
        return paint(s.name(), code(s));
    }

    /** Text in a status's colour. */
    public String paint(String text, Status s) {
        return paint(text, code(s));
    }

    /** Dimmed text (uncounted results, details). */
    public String dim(String text) {
        return paint(text, "2");
    }

    /** Bold text (titles). */
    public String bold(String text) {
        return paint(text, "1");
    }

    private String paint(String text, String code) {
        return this == PLAIN || text.isEmpty() ? text : "\u001b[" + code + "m" + text + RESET;
    }

    private static String code(Status s) {
        switch (s) {
            case OK: return "32";
            case WARNING: return "33";
            case CRITICAL: return "1;31";
            default: return "35";
        }
    }
}
