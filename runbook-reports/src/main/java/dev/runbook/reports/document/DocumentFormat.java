package dev.runbook.reports.document;

import java.util.Locale;

/** The formats {@code runbook docs} renders in (runbook-format §9, §11). */
public enum DocumentFormat {
    /** Markdown, as the seed runbook is written. */
    MARKDOWN,
    /** One self-contained, styled HTML page: inline CSS, no script, no external request. */
    HTML;

    /** The format named by {@code name} ({@code markdown}, {@code html}), case-insensitive. */
    public static DocumentFormat of(String name) {
        for (DocumentFormat f : values()) {
            if (f.name().equalsIgnoreCase(name)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown format '" + name + "'; expected markdown or html");
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
