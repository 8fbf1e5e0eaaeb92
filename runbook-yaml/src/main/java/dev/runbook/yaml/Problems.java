package dev.runbook.yaml;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Collects the problems of one load. Not thread-safe: one per load. */
final class Problems {
    private final List<Problem> list = new ArrayList<>();

    void error(YNode at, String message) {
        add(at, message, Problem.Severity.ERROR);
    }

    void warning(YNode at, String message) {
        add(at, message, Problem.Severity.WARNING);
    }

    void error(Path file, int line, int column, String message) {
        list.add(new Problem(file, line, column, message, Problem.Severity.ERROR));
    }

    void add(Problem p) {
        list.add(p);
    }

    private void add(YNode at, String message, Problem.Severity severity) {
        if (at == null) {
            list.add(new Problem(null, 0, 0, message, severity));
        } else {
            list.add(new Problem(at.file(), at.line(), at.column(), message, severity));
        }
    }

    boolean hasErrors() {
        return list.stream().anyMatch(p -> p.severity() == Problem.Severity.ERROR);
    }

    int errorCount() {
        return (int) list.stream().filter(p -> p.severity() == Problem.Severity.ERROR).count();
    }

    List<Problem> all() {
        return list;
    }

    /** Shortens text shown in a message. */
    static String clip(String s) {
        if (s == null) {
            return "null";
        }
        String one = s.replace("\n", "\\n");
        return one.length() > 60 ? one.substring(0, 57) + "..." : one;
    }

    /** " (did you mean 'x'?)" for the closest candidate, or "". */
    static String suggest(String found, Collection<String> candidates) {
        return dev.runbook.core.Suggestions.didYouMean(found, candidates);
    }

    /** " (did you mean 'x'?)" or " (expected one of: a, b, c)". */
    static String suggestOrList(String found, Collection<String> candidates) {
        String s = suggest(found, candidates);
        if (!s.isEmpty()) {
            return s;
        }
        if (candidates.isEmpty()) {
            return " (none is defined)";
        }
        List<String> shown = candidates.stream().limit(20).toList();
        return " (expected one of: " + String.join(", ", shown) + (candidates.size() > 20 ? ", …" : "") + ")";
    }
}
