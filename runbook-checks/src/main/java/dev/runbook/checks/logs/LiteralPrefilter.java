package dev.runbook.checks.logs;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The literal a regular expression's matches must contain, found without a regex engine: the whole pattern when
 * it is a plain literal ({@code "Task created"}, {@code "ERROR\\]"}), else its literal prefix ({@code "Error: (.*)"}
 * gives {@code "Error: "}). Patterns with alternation, inline flags or no literal prefix have none. Also the
 * byte-level search itself: a SWAR scan for the literal's two rarest bytes at their offsets, eight candidate
 * starts per word, verified in place.
 * Immutable and thread-safe.
 */
public final class LiteralPrefilter {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final String COMMON =
            " 0123456789:-./etaoinsrhldcumfpgwyb=_,\"'[]()vkxjqzETAOINSRHLDCUMFPGWYBVKXJQZ";

    private final byte[] literal;
    private final boolean whole;
    private final int anchor;
    private final int anchor2;
    private final long pattern1;
    private final long pattern2;
    private final boolean single;

    private LiteralPrefilter(byte[] literal, boolean whole) {
        this.literal = literal;
        this.whole = whole;
        int best = 0;
        for (int i = 1; i < literal.length; i++) {
            if (rank(literal[i]) > rank(literal[best])) {
                best = i;
            }
        }
        int second = best;
        for (int i = 0; i < literal.length; i++) {
            if (i != best && literal[i] != literal[best] && (second == best || rank(literal[i]) > rank(literal[second]))) {
                second = i;
            }
        }
        if (second == best && literal.length > 1) {
            second = best == 0 ? literal.length - 1 : 0;
        }
        this.anchor = best;
        this.anchor2 = second;
        this.pattern1 = ONES * (literal[best] & 0xff);
        this.pattern2 = ONES * (literal[second] & 0xff);
        // one load per word is enough when the rarest byte is really rare in logs (an upper-case letter past
        // "ETAOINS", or a byte outside the table); otherwise two bytes cut the false candidates
        this.single = second == best || rank(literal[best]) > COMMON.indexOf('S', COMMON.indexOf('E'));
    }

    /** Higher is rarer: bytes frequent in log lines (digits, separators, lower-case letters) rank low. */
    private static int rank(byte b) {
        int idx = COMMON.indexOf((char) (b & 0xff));
        return idx < 0 ? 1000 : idx;
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
     * The index of the first occurrence of the literal in {@code buf[from, to)}, or -1. Eight candidate starts per
     * word: a start survives only if both of the literal's two rarest bytes sit at their offsets (two SWAR
     * zero-byte tests, ANDed), four words folded into one branch.
     */
    public int indexOf(byte[] buf, int from, int to) {
        int lastStart = to - literal.length;
        if (from > lastStart) {
            return -1;
        }
        int a1 = anchor;
        int a2 = anchor2;
        int hi = Math.max(a1, a2);
        long p1 = pattern1;
        long p2 = pattern2;
        int s = from;
        if (single) {
            return indexOfSingle(buf, s, to, lastStart);
        }
        while (s + 32 + hi <= to) {
            long x0 = (long) LONGS.get(buf, s + a1) ^ p1;
            long y0 = (long) LONGS.get(buf, s + a2) ^ p2;
            long x1 = (long) LONGS.get(buf, s + a1 + 8) ^ p1;
            long y1 = (long) LONGS.get(buf, s + a2 + 8) ^ p2;
            long x2 = (long) LONGS.get(buf, s + a1 + 16) ^ p1;
            long y2 = (long) LONGS.get(buf, s + a2 + 16) ^ p2;
            long x3 = (long) LONGS.get(buf, s + a1 + 24) ^ p1;
            long y3 = (long) LONGS.get(buf, s + a2 + 24) ^ p2;
            long m0 = (x0 - ONES) & ~x0 & (y0 - ONES) & ~y0;
            long m1 = (x1 - ONES) & ~x1 & (y1 - ONES) & ~y1;
            long m2 = (x2 - ONES) & ~x2 & (y2 - ONES) & ~y2;
            long m3 = (x3 - ONES) & ~x3 & (y3 - ONES) & ~y3;
            if (((m0 | m1 | m2 | m3) & HIGHS) != 0) {
                int hit = candidates(buf, s, 32, lastStart);
                if (hit >= 0) {
                    return hit;
                }
            }
            s += 32;
        }
        while (s + 8 + hi <= to) {
            long x = (long) LONGS.get(buf, s + a1) ^ p1;
            long y = (long) LONGS.get(buf, s + a2) ^ p2;
            if (((x - ONES) & ~x & (y - ONES) & ~y & HIGHS) != 0) {
                int hit = candidates(buf, s, 8, lastStart);
                if (hit >= 0) {
                    return hit;
                }
            }
            s += 8;
        }
        return candidates(buf, s, lastStart - s + 1, lastStart);
    }

    private int indexOfSingle(byte[] buf, int from, int to, int lastStart) {
        int a1 = anchor;
        long p1 = pattern1;
        int s = from;
        while (s + 32 + a1 <= to) {
            long w0 = (long) LONGS.get(buf, s + a1) ^ p1;
            long w1 = (long) LONGS.get(buf, s + a1 + 8) ^ p1;
            long w2 = (long) LONGS.get(buf, s + a1 + 16) ^ p1;
            long w3 = (long) LONGS.get(buf, s + a1 + 24) ^ p1;
            long t = ((w0 - ONES) & ~w0) | ((w1 - ONES) & ~w1) | ((w2 - ONES) & ~w2) | ((w3 - ONES) & ~w3);
            if ((t & HIGHS) != 0) {
                int hit = candidates(buf, s, 32, lastStart);
                if (hit >= 0) {
                    return hit;
                }
            }
            s += 32;
        }
        return candidates(buf, s, lastStart - s + 1, lastStart);
    }

    /** The first start in {@code [s, s+len)} (and at most {@code lastStart}) where the literal is, or -1. */
    private int candidates(byte[] buf, int s, int len, int lastStart) {
        byte b1 = literal[anchor];
        byte b2 = literal[anchor2];
        for (int start = s, end = Math.min(s + len - 1, lastStart); start <= end; start++) {
            if (buf[start + anchor] == b1 && buf[start + anchor2] == b2 && verify(buf, start)) {
                return start;
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
