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
        insert = FloorTable.create(c);
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
        FloorTable.commit(s, insert, ++n);
    }
}
