package dev.runbook.yaml;

import java.nio.file.Path;

/**
 * A linear pre-scan of a file's text before the YAML parser sees it. SnakeYAML's reader copies its whole look-ahead
 * window on every 1 KiB it reads, so one token (or comment) of n characters costs n²/2048 copies: a 4 MB scalar
 * took seconds and hundreds of MB to refuse. Runs of characters that could form one token are bounded here, in one
 * pass, so the parser only ever sees tokens short enough to be cheap. Stateless.
 */
final class LongRuns {
    private LongRuns() {
    }

    /**
     * True if no line is longer than {@code maxLine} and no run of characters without a space, tab, comma or line
     * break (a comment counts as one run to its line's end) is longer than {@code maxRun}; otherwise false with a
     * located problem.
     */
    static boolean accept(Path file, String text, int maxRun, int maxLine, Problems problems) {
        int line = 1;
        int lineStart = 0;
        int runStart = -1;
        boolean comment = false;
        int n = text.length();
        for (int i = 0; i <= n; i++) {
            char c = i < n ? text.charAt(i) : '\n';
            if (c == '\n' || c == '\r') {
                if (!check(file, text, line, lineStart, runStart, i, maxRun, problems)) {
                    return false;
                }
                if (i - lineStart > maxLine) {
                    problems.error(file, line, 1, "line is too long: " + (i - lineStart) + " characters, expected at most "
                            + maxLine);
                    return false;
                }
                if (c == '\n' || i + 1 >= n || text.charAt(i + 1) != '\n') {
                    line++;
                }
                lineStart = i + 1;
                runStart = -1;
                comment = false;
                continue;
            }
            if (comment) {
                continue;
            }
            if (c == '#' && (runStart < 0 || i == lineStart)) {
                comment = true;
                runStart = i;
                continue;
            }
            if (c == ' ' || c == '\t' || c == ',') {
                if (!check(file, text, line, lineStart, runStart, i, maxRun, problems)) {
                    return false;
                }
                runStart = -1;
            } else if (runStart < 0) {
                runStart = i;
            }
        }
        return true;
    }

    private static boolean check(Path file, String text, int line, int lineStart, int runStart, int end, int maxRun,
                                 Problems problems) {
        if (runStart < 0 || end - runStart <= maxRun) {
            return true;
        }
        char first = text.charAt(runStart);
        boolean quoted = (first == '"' || first == '\'') && end - runStart >= 2 && text.charAt(end - 1) == first;
        int length = quoted ? end - runStart - 2 : end - runStart;
        if (length <= maxRun) {
            return true;
        }
        problems.error(file, line, runStart - lineStart + 1, (first == '#' ? "comment" : "value") + " is too long: "
                + length + " characters, expected at most " + maxRun);
        return false;
    }
}
