package dev.runbook.checks.http;

import java.util.ArrayList;
import java.util.List;

/** Accepted HTTP status codes: single codes and inclusive ranges. Immutable. */
final class StatusSet {
    private final int[][] ranges;
    private final String text;

    private StatusSet(int[][] ranges, String text) {
        this.ranges = ranges;
        this.text = text;
    }

    static StatusSet parse(List<String> given) {
        if (given == null || given.isEmpty()) {
            return new StatusSet(new int[][] {{200, 299}}, "200-299");
        }
        List<int[]> out = new ArrayList<>();
        List<String> words = new ArrayList<>();
        for (String raw : given) {
            if (raw == null) {
                throw new IllegalArgumentException("expect.status: empty entry");
            }
            for (String part : raw.split(",")) {
                String s = part.trim();
                try {
                    int dash = s.indexOf('-', 1);
                    int lo;
                    int hi;
                    if (dash > 0) {
                        lo = Integer.parseInt(s.substring(0, dash).trim());
                        hi = Integer.parseInt(s.substring(dash + 1).trim());
                    } else if (s.length() == 3 && s.toLowerCase().endsWith("xx")) {
                        lo = (s.charAt(0) - '0') * 100;
                        hi = lo + 99;
                    } else {
                        lo = Integer.parseInt(s);
                        hi = lo;
                    }
                    if (lo < 100 || hi > 599 || lo > hi) {
                        throw new NumberFormatException();
                    }
                    out.add(new int[] {lo, hi});
                    words.add(s);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("expect.status: expected a status code (200), a list or a range "
                            + "(\"200-299\") between 100 and 599, found '" + raw + "'");
                }
            }
        }
        return new StatusSet(out.toArray(new int[0][]), String.join(", ", words));
    }

    boolean contains(int code) {
        for (int[] r : ranges) {
            if (code >= r[0] && code <= r[1]) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return text;
    }
}
