package dev.runbook.store;

import dev.runbook.core.history.Aggregate;
import java.io.ByteArrayOutputStream;

/**
 * A mergeable histogram with log-spaced buckets, as the store keeps per check, metric and hour once detail is
 * rolled up. Every value is represented by its bucket's midpoint, which is within {@link #RELATIVE_ERROR} (1%)
 * of the value; zero has a bucket of its own; negative values mirror positive ones. A percentile read from
 * it (linear interpolation between closest ranks, like SQLite's {@code percentile()} and numpy) is therefore
 * within 1% of the exact percentile of the same values (for values of one sign; for mixed signs, within 1% of
 * the magnitudes). Count, sum, min and max are kept exactly. Mutable, not thread-safe.
 */
public final class LogHistogram {
    /** Bound on the relative error of a value read back from a bucket. */
    public static final double RELATIVE_ERROR = 0.01;
    private static final double GAMMA = (1 + RELATIVE_ERROR) / (1 - RELATIVE_ERROR);
    private static final double LOG_GAMMA = Math.log(GAMMA);
    /** Magnitudes below this count as zero. */
    private static final double ZERO = 1e-12;

    private final Buckets positive = new Buckets();
    private final Buckets negative = new Buckets();
    private long zeros;
    private long count;
    private double sum;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;

    /** Counts by bucket index, in a dense array that grows both ways. */
    private static final class Buckets {
        long[] counts = new long[0];
        int offset;
        int used;

        void add(int index, long n) {
            if (counts.length == 0) {
                counts = new long[16];
                offset = index - 8;
            } else if (index < offset || index >= offset + counts.length) {
                int lo = Math.min(offset, index);
                int hi = Math.max(offset + counts.length, index + 1);
                int len = Math.max(hi - lo, counts.length * 2);
                int newOffset = index < offset ? hi - len : lo;
                long[] grown = new long[len];
                System.arraycopy(counts, 0, grown, offset - newOffset, counts.length);
                counts = grown;
                offset = newOffset;
            }
            int i = index - offset;
            if (counts[i] == 0) {
                used++;
            }
            counts[i] += n;
        }

        void merge(Buckets o) {
            for (int i = 0; i < o.counts.length; i++) {
                if (o.counts[i] != 0) {
                    add(o.offset + i, o.counts[i]);
                }
            }
        }
    }

    /** Adds a value. */
    public void add(double v) {
        add(v, 1);
    }

    private void add(double v, long n) {
        double a = Math.abs(v);
        if (a < ZERO) {
            zeros += n;
        } else {
            int i = (int) Math.ceil(Math.log(a) / LOG_GAMMA);
            (v > 0 ? positive : negative).add(i, n);
        }
        count += n;
        sum += v * n;
        min = Math.min(min, v);
        max = Math.max(max, v);
    }

    /** Adds every value of another histogram. */
    public void merge(LogHistogram o) {
        positive.merge(o.positive);
        negative.merge(o.negative);
        zeros += o.zeros;
        count += o.count;
        sum += o.sum;
        min = Math.min(min, o.min);
        max = Math.max(max, o.max);
    }

    public long count() {
        return count;
    }

    public double sum() {
        return sum;
    }

    /** The smallest value added (exact), or +∞ when empty. */
    public double min() {
        return min;
    }

    /** The largest value added (exact), or −∞ when empty. */
    public double max() {
        return max;
    }

    /** Count, sum, min, max, average and percentiles of the values added: approximate percentiles; EMPTY when none. */
    public Aggregate aggregate() {
        if (count() == 0) {
            return Aggregate.EMPTY;
        }
        return new Aggregate(count(), sum(), min(), max(), sum() / count(), percentile(50), percentile(95),
                percentile(99), true);
    }

    /**
     * The {@code p}-th percentile ({@code 0 <= p <= 100}) by linear interpolation between closest ranks, within
     * {@link #RELATIVE_ERROR}; NaN when empty.
     */
    public double percentile(double p) {
        if (count == 0) {
            return Double.NaN;
        }
        double h = p / 100.0 * (count - 1);
        long lo = (long) Math.floor(h);
        long hi = (long) Math.ceil(h);
        double vlo = valueAtRank(lo);
        double vhi = hi == lo ? vlo : valueAtRank(hi);
        double v = vlo + (h - lo) * (vhi - vlo);
        return Math.max(min, Math.min(max, v));
    }

    private double valueAtRank(long rank) {
        if (rank == 0) {
            return min;
        }
        if (rank == count - 1) {
            return max;
        }
        long seen = 0;
        for (int i = negative.counts.length - 1; i >= 0; i--) {
            seen += negative.counts[i];
            if (rank < seen) {
                return clamp(-mid(negative.offset + i));
            }
        }
        seen += zeros;
        if (rank < seen) {
            return 0;
        }
        for (int i = 0; i < positive.counts.length; i++) {
            seen += positive.counts[i];
            if (rank < seen) {
                return clamp(mid(positive.offset + i));
            }
        }
        return max;
    }

    private double clamp(double v) {
        return Math.max(min, Math.min(max, v));
    }

    private static double mid(int i) {
        return 2 * Math.pow(GAMMA, i) / (GAMMA + 1);
    }

    /** The buckets in a compact binary form (counts, sum, min and max are kept beside it by the store). */
    public byte[] encodeBuckets() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 + 4 * (positive.used + negative.used));
        Varint.write(out, zeros);
        writeSide(out, negative);
        writeSide(out, positive);
        return out.toByteArray();
    }

    private static void writeSide(ByteArrayOutputStream out, Buckets side) {
        Varint.write(out, side.used);
        int prev = 0;
        for (int i = 0; i < side.counts.length; i++) {
            if (side.counts[i] != 0) {
                int index = side.offset + i;
                Varint.write(out, Varint.zigzag(index - prev));
                prev = index;
                Varint.write(out, side.counts[i]);
            }
        }
    }

    /** Adds the values of an encoded histogram ({@link #encodeBuckets()} plus its count, sum, min and max). */
    public void addEncoded(byte[] buckets, long count, double sum, double min, double max) {
        int[] pos = {0};
        zeros += Varint.read(buckets, pos);
        readSide(buckets, pos, negative);
        readSide(buckets, pos, positive);
        this.count += count;
        this.sum += sum;
        this.min = Math.min(this.min, min);
        this.max = Math.max(this.max, max);
    }

    /** Rebuilds a histogram from {@link #encodeBuckets()} and its exact count, sum, min and max. */
    public static LogHistogram decode(byte[] buckets, long count, double sum, double min, double max) {
        LogHistogram h = new LogHistogram();
        int[] pos = {0};
        h.zeros = Varint.read(buckets, pos);
        readSide(buckets, pos, h.negative);
        readSide(buckets, pos, h.positive);
        h.count = count;
        h.sum = sum;
        h.min = min;
        h.max = max;
        return h;
    }

    private static void readSide(byte[] b, int[] pos, Buckets side) {
        long n = Varint.read(b, pos);
        int prev = 0;
        for (long i = 0; i < n; i++) {
            prev += (int) Varint.unzigzag(Varint.read(b, pos));
            side.add(prev, Varint.read(b, pos));
        }
    }
}
