package dev.runbook.store;

import java.io.ByteArrayOutputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.function.ToIntFunction;

/**
 * The compact encoding of a result's metrics: for each metric a varint {@code nameId << 2 | kind}, then the
 * value — kind 0 a zigzag varint (whole numbers below 2^53), kind 1 a 4-byte float (when exact), kind 2 an
 * 8-byte double. Names are interned in {@code metric_names}. Stateless.
 */
final class MetricCodec {
    private static final double MAX_EXACT_LONG = 9007199254740992.0;

    private MetricCodec() {
    }

    static byte[] encode(Map<String, Double> metrics, ToIntFunction<String> ids) {
        if (metrics.isEmpty()) {
            return null;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(metrics.size() * 6);
        for (Map.Entry<String, Double> e : metrics.entrySet()) {
            double v = e.getValue();
            long id = ids.applyAsInt(e.getKey());
            if (v == Math.rint(v) && Math.abs(v) < MAX_EXACT_LONG && !(v == 0 && 1 / v < 0)) {
                Varint.write(out, id << 2);
                Varint.write(out, Varint.zigzag((long) v));
            } else if ((double) (float) v == v) {
                Varint.write(out, id << 2 | 1);
                int bits = Float.floatToIntBits((float) v);
                for (int s = 24; s >= 0; s -= 8) {
                    out.write(bits >>> s);
                }
            } else {
                Varint.write(out, id << 2 | 2);
                long bits = Double.doubleToLongBits(v);
                for (int s = 56; s >= 0; s -= 8) {
                    out.write((int) (bits >>> s));
                }
            }
        }
        return out.toByteArray();
    }

    static Map<String, Double> decode(byte[] b, IntFunction<String> names) {
        Map<String, Double> out = new LinkedHashMap<>();
        forEach(b, (id, v) -> out.put(names.apply(id), v));
        return out;
    }

    /** Receives one metric: its name id and value. */
    @FunctionalInterface
    interface IdValue {
        void accept(int id, double value);
    }

    static void forEach(byte[] b, IdValue f) {
        if (b == null) {
            return;
        }
        int[] pos = {0};
        while (pos[0] < b.length) {
            long head = Varint.read(b, pos);
            f.accept((int) (head >>> 2), readValue(b, pos, (int) (head & 3)));
        }
    }

    /** The value of one metric, by name id, or NaN if absent; avoids building a map (aggregates). */
    static double find(byte[] b, int wanted) {
        if (b == null) {
            return Double.NaN;
        }
        int[] pos = {0};
        while (pos[0] < b.length) {
            long head = Varint.read(b, pos);
            int kind = (int) (head & 3);
            if ((head >>> 2) == wanted) {
                return readValue(b, pos, kind);
            }
            pos[0] += kind == 1 ? 4 : kind == 2 ? 8 : 0;
            if (kind == 0) {
                Varint.read(b, pos);
            }
        }
        return Double.NaN;
    }

    private static double readValue(byte[] b, int[] pos, int kind) {
        switch (kind) {
            case 0:
                return (double) Varint.unzigzag(Varint.read(b, pos));
            case 1: {
                int bits = 0;
                for (int i = 0; i < 4; i++) {
                    bits = bits << 8 | (b[pos[0]++] & 0xFF);
                }
                return Float.intBitsToFloat(bits);
            }
            case 2: {
                long bits = 0;
                for (int i = 0; i < 8; i++) {
                    bits = bits << 8 | (b[pos[0]++] & 0xFF);
                }
                return Double.longBitsToDouble(bits);
            }
            default:
                throw new IllegalArgumentException("unknown metric value kind " + kind);
        }
    }
}
