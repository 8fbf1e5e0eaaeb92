package dev.runbook.checks.logs;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Responses of chosen status codes counted per client, for the {@code access-log} option {@code per_client}
 * (the seed's "signs of brute force attacks": one client with many 401s). Only lines whose status is one of the
 * chosen codes cost a string, so a log of 200s is read as fast as without the option. Not thread-safe.
 */
final class ClientStatusCounts {
    private final int[] codes;
    private final Map<Integer, Map<String, long[]>> perCode = new HashMap<>();

    /** Counts the given status codes (each 100–599). */
    ClientStatusCounts(int[] codes) {
        this.codes = codes.clone();
        for (int c : codes) {
            perCode.put(c, new HashMap<>());
        }
    }

    /** The codes counted, in the order given. */
    int[] codes() {
        return codes.clone();
    }

    /** True when {@code status} is one of the counted codes. */
    boolean counts(int status) {
        for (int c : codes) {
            if (c == status) {
                return true;
            }
        }
        return false;
    }

    void add(int status, byte[] b, int start, int end) {
        add(status, new String(b, start, end - start, StandardCharsets.UTF_8));
    }

    void add(int status, String client) {
        Map<String, long[]> m = perCode.get(status);
        if (m != null) {
            m.computeIfAbsent(client, k -> new long[1])[0]++;
        }
    }

    /** The largest count of {@code code} from any one client; 0 when none. */
    long top(int code) {
        return perCode.get(code).values().stream().mapToLong(v -> v[0]).max().orElse(0);
    }

    /** The {@code limit} clients with the most responses of {@code code}, most first (ties by name), with counts. */
    Map<String, Long> leaders(int code, int limit) {
        List<Map.Entry<String, long[]>> all = new ArrayList<>(perCode.get(code).entrySet());
        all.sort(Comparator.<Map.Entry<String, long[]>>comparingLong(e -> -e.getValue()[0])
                .thenComparing(Map.Entry::getKey));
        Map<String, Long> out = new LinkedHashMap<>();
        for (Map.Entry<String, long[]> e : all.subList(0, Math.min(limit, all.size()))) {
            out.put(e.getKey(), e.getValue()[0]);
        }
        return out;
    }
}
