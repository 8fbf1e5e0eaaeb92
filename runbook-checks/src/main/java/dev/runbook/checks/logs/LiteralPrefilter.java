package dev.runbook.checks.logs;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The literal a regular expression's matches must contain, found without a regex engine: the whole pattern when
 * it is a plain literal ({@code "Task created"}, {@code "ERROR\\]"}), else its literal prefix ({@code "Error: (.*)"}
 * gives {@code "Error: "}). Patterns with alternation, inline flags or no literal prefix have none. Also the
 * byte-level search itself: a SWAR scan for the literal's rarest byte, eight bytes at a time, verified in place.
 * Immutable and thread-safe.
 */
public final class LiteralPrefilter {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final String COMMON = " etaoinsrhldcumfpgwybvkxjqzETAOINSRHLDCUMFPGWYBVKXJQZ0123456789:-./_,=\"'[]()";

    private final byte[] literal;
    private final boolean whole;
    private final int anchor;
    private final long anchorBroadcast;

    private LiteralPrefilter(byte[] literal, boolean whole) {
        this.literal = literal;
        this.whole = whole;
        int best = literal.length - 1;
        int bestRank = -1;
        for (int i = 0; i < literal.length; i++) {
            int r = rank(literal[i]);
            if (r > bestRank) {
                bestRank = r;
                best = i;
            }
        }
        this.anchor = best;
        this.anchorBroadcast = ONES * (literal[best] & 0xff);
    }

    private static int rank(byte b) {
        int idx = COMMON.indexOf((char) (b & 0xff));
        return idx < 0 ? 1000 : idx; // bytes absent from the common list are the rarest
    }

    /** The prefilter for a regex, or null when none can be derived. */
    public static LiteralPrefilter of(String regex) {
        if (regex == null || regex.isEmpty() || regex.indexOf('|') >= 0 || regex.startsWith("(?")) {
            return null;
        }
        StringBuilder lit = new StringBuilder();
        int i = 0;
        boolean anchored = false;
        if (regex.charAt(0) == '^') {
            anchored = true;
            i = 1;
        }
        boolean complete = true;
        while (i < regex.length()) {
            char c = regex.charAt(i);
            String one;
            int next;
            if (c == '\\') {
                if (i + 1 >= regex.length()) {
                    return null;
                }
                char e = regex.charAt(i + 1);
                if (Character.isLetterOrDigit(e)) {
                    complete = false;
                    break;
                }
                one = String.valueOf(e);
                next = i + 2;
            } else if ("^$.|?*+()[]{}".indexOf(c) >= 0) {
                complete = false;
                break;
            } else {
                one = String.valueOf(c);
                next = i + 1;
            }
            if (next < regex.length()) {
                char q = regex.charAt(next);
                if (q == '?' || q == '*' || q == '{') {
                    complete = false;
                    break; // this char is optional or repeated: the prefix ends before it
                }
                if (q == '+') {
                    lit.append(one);
                    complete = false;
                    break;
                }
            }
            lit.append(one);
            i = next;
        }
        if (lit.length() == 0) {
            return null;
        }
        return new LiteralPrefilter(lit.toString().getBytes(StandardCharsets.UTF_8), complete && !anchored);
    }

    /** The pattern is this literal and nothing else: a line matches iff it contains it. */
    public boolean isWholePattern() {
        return whole;
    }

    /** The literal's bytes (UTF-8); do not modify. */
    public byte[] bytes() {
        return literal;
    }

    /**
     * The index of the first occurrence of the literal in {@code buf[from, to)}, or -1.
     */
    public int indexOf(byte[] buf, int from, int to) {
        int n = literal.length;
        int first = from + anchor;
        int last = to - n + anchor; // last anchor position that leaves room
        if (first > last) {
            return -1;
        }
        byte a = literal[anchor];
        int i = first;
        long pat = anchorBroadcast;
        // 32 bytes per round: four SWAR zero-byte tests folded into one branch
        while (i + 32 <= last + 1) {
            long w0 = (long) LONGS.get(buf, i) ^ pat;
            long w1 = (long) LONGS.get(buf, i + 8) ^ pat;
            long w2 = (long) LONGS.get(buf, i + 16) ^ pat;
            long w3 = (long) LONGS.get(buf, i + 24) ^ pat;
            long t0 = (w0 - ONES) & ~w0;
            long t1 = (w1 - ONES) & ~w1;
            long t2 = (w2 - ONES) & ~w2;
            long t3 = (w3 - ONES) & ~w3;
            if (((t0 | t1 | t2 | t3) & HIGHS) != 0) {
                int hit = candidates(buf, i, 32, a, last);
                if (hit >= 0) {
                    return hit;
                }
            }
            i += 32;
        }
        while (i + 8 <= last + 1) {
            long w = (long) LONGS.get(buf, i) ^ pat;
            if (((w - ONES) & ~w & HIGHS) != 0) {
                int hit = candidates(buf, i, 8, a, last);
                if (hit >= 0) {
                    return hit;
                }
            }
            i += 8;
        }
        for (; i <= last; i++) {
            if (buf[i] == a && verify(buf, i - anchor)) {
                return i - anchor;
            }
        }
        return -1;
    }

    /** Checks every position of {@code buf[i, i+len)} holding the anchor byte; the literal's start or -1. */
    private int candidates(byte[] buf, int i, int len, byte a, int last) {
        for (int pos = i, end = Math.min(i + len, last + 1); pos < end; pos++) {
            if (buf[pos] == a && verify(buf, pos - anchor)) {
                return pos - anchor;
            }
        }
        return -1;
    }

    private boolean verify(byte[] buf, int start) {
        byte[] l = literal;
        for (int k = 0; k < l.length; k++) {
            if (buf[start + k] != l[k]) {
                return false;
            }
        }
        return true;
    }

    /** True if the text contains the literal (for lines already decoded). */
    public boolean containedIn(byte[] buf, int from, int to) {
        return indexOf(buf, from, to) >= 0;
    }
}
