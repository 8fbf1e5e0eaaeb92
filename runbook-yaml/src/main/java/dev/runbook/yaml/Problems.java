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
        String best = null;
        int bestDist = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = levenshtein(found.toLowerCase(), c.toLowerCase());
            if (d < bestDist) {
                bestDist = d;
                best = c;
            }
        }
        if (best == null) {
            return "";
        }
        int limit = Math.max(2, Math.min(found.length(), best.length()) / 3);
        return bestDist <= limit ? " (did you mean '" + best + "'?)" : "";
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

    static int levenshtein(String a, String b) {
        if (a.length() > 200 || b.length() > 200) {
            return Integer.MAX_VALUE / 2;
        }
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
