package dev.runbook.reports;

/**
 * Escapes text for HTML and SVG (element content and quoted attributes alike): whatever a runbook, a check's
 * message or an operator's note says is shown as text, never interpreted as markup. Pure; thread-safe.
 */
public final class HtmlText {
    private HtmlText() {
    }

    /** {@code &}, {@code <}, {@code >}, {@code "} and {@code '} as entities; null as the empty string. */
    public static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String rep = switch (c) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '"' -> "&quot;";
                case '\'' -> "&#39;";
                default -> null;
            };
            if (rep == null && Character.isISOControl(c) && c != '\n' && c != '\t') {
                rep = "\uFFFD";
            }
            if (rep != null) {
                if (b == null) {
                    b = new StringBuilder(s.length() + 16).append(s, 0, i);
                }
                b.append(rep);
            } else if (b != null) {
                b.append(c);
            }
        }
        return b == null ? s : b.toString();
    }
}
