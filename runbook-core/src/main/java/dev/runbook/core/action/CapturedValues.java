package dev.runbook.core.action;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Expansion of {@code ${captured.NAME}} (runbook-format §5): the engine's and the test kit's {@link
 * ActionContext#expand(String)} both use this, so that an action behaves the same under test as in a run.
 * Stateless and thread-safe.
 */
public final class CapturedValues {
    private static final Pattern CAPTURED = Pattern.compile("\\$?\\$\\{captured\\.([A-Za-z0-9_-]+)}");

    private CapturedValues() {
    }

    /**
     * Replaces every {@code ${captured.NAME}} in {@code text} with its captured value. In dry-run a name nothing
     * captured becomes a placeholder; otherwise it is an error naming it. {@code $${captured.NAME}} is the literal
     * text {@code ${captured.NAME}} (§3), and an inserted value is never expanded again.
     *
     * @throws IllegalStateException when a name was not captured (not in dry-run)
     */
    public static String expand(String text, Map<String, String> captured, boolean dryRun) {
        if (text == null || !text.contains("${captured.")) {
            return text;
        }
        Matcher m = CAPTURED.matcher(text);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            if (m.group().startsWith("$$")) {
                m.appendReplacement(b, Matcher.quoteReplacement(m.group().substring(1)));
                continue;
            }
            String v = captured.get(m.group(1));
            if (v == null) {
                if (!dryRun) {
                    throw new IllegalStateException("${captured." + m.group(1) + "} is used before any step captured it");
                }
                v = "<" + m.group(1) + " captured at run time>";
            }
            m.appendReplacement(b, Matcher.quoteReplacement(v));
        }
        m.appendTail(b);
        return b.toString();
    }
}
