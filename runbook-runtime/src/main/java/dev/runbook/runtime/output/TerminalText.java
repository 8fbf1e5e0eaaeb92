package dev.runbook.runtime.output;

/**
 * Makes text from probes, commands and runbook authors safe to print on a terminal: every control character
 * (C0 but newline and tab, DEL, and the C1 range, which includes the 8-bit CSI) is shown as a visible escape such
 * as {@code \x1b}, so a probe's output cannot move the cursor, recolour, retitle or clear an operator's terminal.
 * Stateless and thread-safe.
 */
public final class TerminalText {
    private TerminalText() {
    }

    /** {@code s} with its control characters escaped (newline and tab kept); null stays null. */
    public static String safe(String s) {
        if (s == null) {
            return null;
        }
        int i = 0;
        while (i < s.length() && !isControl(s.charAt(i))) {
            i++;
        }
        if (i == s.length()) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length() + 8).append(s, 0, i);
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (isControl(c)) {
                b.append(c <= 0xff ? String.format("\\x%02x", (int) c) : String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static boolean isControl(char c) {
        return c < 0x20 && c != '\n' && c != '\t' || c == 0x7f || c >= 0x80 && c <= 0x9f;
    }
}
