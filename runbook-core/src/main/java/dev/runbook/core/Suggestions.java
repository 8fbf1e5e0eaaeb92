package dev.runbook.core;

import java.util.Collection;
import java.util.Locale;

/**
 * "Did you mean" for names a user mistyped — check types, ids, keys — by edit distance, case-insensitively. One
 * implementation for the loader's errors and the launcher's messages. Stateless and thread-safe.
 */
public final class Suggestions {
    private Suggestions() {
    }

    /**
     * {@code " (did you mean 'disk'?)"} for the closest candidate when it is close enough (at most a third of the
     * shorter name's length, or 2), else the empty string.
     */
    public static String didYouMean(String found, Collection<String> candidates) {
        if (found == null) {
            return "";
        }
        String best = null;
        int bestDist = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = distance(found.toLowerCase(Locale.ROOT), c.toLowerCase(Locale.ROOT));
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

    /** The Levenshtein distance; names longer than 200 characters are never close. */
    public static int distance(String a, String b) {
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
