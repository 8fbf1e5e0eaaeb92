package dev.runbook.benchmarks.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The floor the store is compared with, measured in the same run: plain JDBC committing 20 rows into a bare
 * table (one index on check and time) with WAL and {@code synchronous=NORMAL} — what the architecture's
 * prototype measured at 85 µs per commit on an idle machine.
 */
@State(Scope.Thread)
@Fork(1)
@Warmup(iterations = 1, time = 2)
@Measurement(iterations = 3, time = 3)
public class StoreFloorBenchmark {
    private Path dir;
    private Connection c;
    private Statement s;
    private PreparedStatement insert;
    private long n;

    @Setup(Level.Trial)
    public void open() throws Exception {
        dir = Files.createTempDirectory("runbook-floor-bench");
        c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("floor.db"));
        s = c.createStatement();
        s.execute("PRAGMA journal_mode = WAL");
        s.execute("PRAGMA synchronous = NORMAL");
        s.execute("CREATE TABLE results(id INTEGER PRIMARY KEY, check_id TEXT, at INTEGER, status INTEGER,"
                + " value REAL, message TEXT)");
        s.execute("CREATE INDEX results_check_at ON results(check_id, at)");
        insert = c.prepareStatement("INSERT INTO results(check_id, at, status, value, message) VALUES(?, ?, 0, ?, ?)");
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
        c.close();
        StoreData.deleteWithSidecars(dir.resolve("floor.db"));
        Files.deleteIfExists(dir);
    }

    /** 20 rows in one transaction through bare JDBC. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public void floorRawJdbc20RowsPerCommit() throws Exception {
        s.execute("BEGIN IMMEDIATE");
        n++;
        for (int i = 0; i < 20; i++) {
            insert.setString(1, "check-" + i);
            insert.setLong(2, n * 60_000 + i);
            insert.setDouble(3, 0.01 * i);
            insert.setString(4, "HTTP 200 in 12 ms");
            insert.addBatch();
        }
        insert.executeBatch();
        s.execute("COMMIT");
    }
}
