package dev.runbook.benchmarks.store;

import dev.runbook.core.engine.CheckRun;
import dev.runbook.store.Store;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * What one commit of a run of 20 results writes, in pages, by table and index: the measure of the store's write
 * cost that does not depend on the machine's load (with {@code synchronous=NORMAL} a WAL commit is the write of its
 * dirty pages, and a checkpoint copies them again). Writes {@code warm} runs, then checkpoints, turns automatic
 * checkpoints off, writes {@code measured} runs and reads the WAL's frame headers, mapping each page to its b-tree
 * through {@code dbstat}. The same for the raw-JDBC floor of {@link StoreFloorBenchmark}.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar dev.runbook.benchmarks.store.CommitPages [warm]
 * [measured]} (default 3 000 and 600 runs; a few seconds).
 */
public final class CommitPages {
    private CommitPages() {
    }

    public static void main(String[] args) throws Exception {
        int warm = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
        int measured = args.length > 1 ? Integer.parseInt(args[1]) : 600;
        Path dir = Files.createTempDirectory("runbook-commit-pages");
        try {
            System.out.println("store: Store.runs().record() of a run of 20 results (3 metrics each), one per minute");
            print(store(dir.resolve("store.db"), warm, measured), measured);
            System.out.println("floor: StoreFloorBenchmark's bare JDBC, 20 rows, one index");
            print(floor(dir.resolve("floor.db"), warm, measured), measured);
        } finally {
            for (String f : new String[] {"store.db", "floor.db"}) {
                StoreData.deleteWithSidecars(dir.resolve(f));
            }
            Files.deleteIfExists(dir);
        }
    }

    private static Map<String, Integer> store(Path file, int warm, int measured) throws Exception {
        Instant next = Instant.parse("2026-01-01T00:00:00Z");
        StoreData.SettableClock clock = new StoreData.SettableClock(next);
        SplittableRandom r = new SplittableRandom(1);
        try (Store st = Store.open(file, Duration.ofDays(400), clock)) {
            var sc = st.connection();
            for (int k = 0; k < warm + measured; k++) {
                if (k == warm) {
                    pragmas(sc.lock(), () -> sc.jdbc());
                }
                List<CheckRun> rs = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    rs.add(StoreData.result(i, next.plusMillis(i), r));
                }
                clock.now = next;
                st.runs().record(StoreData.run(next, rs));
                next = next.plusSeconds(60);
            }
            sc.lock().lock();
            try {
                return framesByTree(file, sc.jdbc());
            } finally {
                sc.lock().unlock();
            }
        }
    }

    private static Map<String, Integer> floor(Path file, int warm, int measured) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            PreparedStatement insert = FloorTable.create(c);
            for (int n = 0; n < warm + measured; n++) {
                if (n == warm) {
                    pragmas(null, () -> c);
                }
                FloorTable.commit(s, insert, n);
            }
            return framesByTree(file, c);
        }
    }

    @FunctionalInterface
    private interface Jdbc {
        Connection get() throws SQLException;
    }

    /** Empties the WAL and stops automatic checkpoints, so the WAL holds exactly the measured commits. */
    private static void pragmas(java.util.concurrent.locks.Lock lock, Jdbc c) throws SQLException {
        if (lock != null) {
            lock.lock();
        }
        try (Statement s = c.get().createStatement()) {
            s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            s.execute("PRAGMA wal_autocheckpoint = 0");
        } finally {
            if (lock != null) {
                lock.unlock();
            }
        }
    }

    private static Map<String, Integer> framesByTree(Path file, Connection c) throws Exception {
        byte[] wal = Files.readAllBytes(Path.of(file + "-wal"));
        int pageSize = ByteBuffer.wrap(wal, 8, 4).getInt();
        Map<Integer, Integer> perPage = new HashMap<>();
        for (int off = 32; off + 24 + pageSize <= wal.length; off += 24 + pageSize) {
            perPage.merge(ByteBuffer.wrap(wal, off, 4).getInt(), 1, Integer::sum);
        }
        Map<Integer, String> owner = new HashMap<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT name, pageno, pagetype FROM dbstat")) {
            while (rs.next()) {
                owner.put(rs.getInt(2), rs.getString(1) + " " + rs.getString(3));
            }
        }
        Map<String, Integer> byTree = new TreeMap<>();
        perPage.forEach((page, n) -> byTree.merge(owner.getOrDefault(page, "page " + page), n, Integer::sum));
        return byTree;
    }

    private static void print(Map<String, Integer> byTree, int commits) {
        int total = byTree.values().stream().mapToInt(Integer::intValue).sum();
        System.out.printf(Locale.ROOT, "  %-32s %6.2f pages per commit%n", "total", total / (double) commits);
        byTree.forEach((tree, n) -> {
            if (n / (double) commits >= 0.05) {
                System.out.printf(Locale.ROOT, "  %-32s %6.2f%n", tree, n / (double) commits);
            }
        });
    }
}
