package dev.runbook.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.core.engine.RunRequest;
import dev.runbook.core.engine.RunResult;
import dev.runbook.core.engine.StepRun;
import dev.runbook.core.spi.TypeRegistry;
import dev.runbook.yaml.LoadResult;
import dev.runbook.yaml.RunbookLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A report run inside a long-running runtime reads the store the runtime has open: it opens no new connection.
 * Connections are counted by a JDBC driver put in front of sqlite-jdbc's for the test.
 */
class ReportInsideTheRuntimeTest {
    @TempDir
    Path dir;

    /** Counts every SQLite connection opened through {@link DriverManager}, then hands over to sqlite-jdbc. */
    static final class CountingDriver implements Driver {
        final Driver sqlite;
        final AtomicInteger opened = new AtomicInteger();

        CountingDriver(Driver sqlite) {
            this.sqlite = sqlite;
        }

        @Override
        public Connection connect(String url, Properties info) throws SQLException {
            if (!acceptsURL(url)) {
                return null;
            }
            opened.incrementAndGet();
            return sqlite.connect(url, info);
        }

        @Override
        public boolean acceptsURL(String url) {
            return url != null && url.startsWith("jdbc:sqlite:");
        }

        @Override
        public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) throws SQLException {
            return sqlite.getPropertyInfo(url, info);
        }

        @Override
        public int getMajorVersion() {
            return sqlite.getMajorVersion();
        }

        @Override
        public int getMinorVersion() {
            return sqlite.getMinorVersion();
        }

        @Override
        public boolean jdbcCompliant() {
            return false;
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException();
        }
    }

    CountingDriver counting;
    final List<Driver> removed = new ArrayList<>();

    @BeforeEach
    void countConnections() throws Exception {
        Class.forName("org.sqlite.JDBC");
        Driver sqlite = DriverManager.getDriver("jdbc:sqlite:");
        for (Driver d : java.util.Collections.list(DriverManager.getDrivers())) {
            if (d.acceptsURL("jdbc:sqlite:")) {
                DriverManager.deregisterDriver(d);
                removed.add(d);
            }
        }
        counting = new CountingDriver(sqlite);
        DriverManager.registerDriver(counting);
    }

    @AfterEach
    void restoreDrivers() throws Exception {
        DriverManager.deregisterDriver(counting);
        for (Driver d : removed) {
            DriverManager.registerDriver(d);
        }
    }

    @Test
    void aReportStepOpensNoNewConnection() throws Exception {
        Path file = dir.resolve("ops.yaml");
        Files.writeString(file, String.join("\n",
                "runbook: ops",
                "version: 1",
                "timezone: Asia/Tokyo",
                "store: ./state/ops.db",
                "checks:",
                "  ok: { type: command, title: Always fine, run: [\"true\"], expect: { exit: 0 } }",
                "reports:",
                "  daily: { title: Daily Operations Report, period: day, sections: [services, incidents, actions, notes] }",
                "procedures:",
                "  morning-check: { title: Morning Check, steps: [ ok ] }",
                "  daily-report: { title: Daily report, steps: [ { report: daily } ] }",
                ""));
        LoadResult loaded = new RunbookLoader(TypeRegistry.load(), Map.of(), Clock.systemUTC()).load(file);
        assertThat(loaded.errors()).isEmpty();
        try (RunbookRuntime rt = RunbookRuntime.builder(loaded).env(Map.of()).build()) {
            assertThat(rt.recorded()).isTrue();
            rt.run(RunRequest.builder().procedure("morning-check").build());
            int before = counting.opened.get();
            assertThat(before).isPositive(); // the counting driver sees the runtime's own connections

            RunResult r = rt.run(RunRequest.builder().procedure("daily-report").build());
            StepRun report = r.steps().get(0);
            assertThat(report.message()).contains("daily report").contains("rendered");
            assertThat(counting.opened.get()).isEqualTo(before);
        }
    }
}
