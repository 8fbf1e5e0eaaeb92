package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbook.core.spi.TypeRegistry;
import dev.runbook.yaml.LoadResult;
import dev.runbook.yaml.RunbookLoader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.DriverManager;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher and its store file: one connection per file per process for history, incidents and notes
 * (issue 11), a `history` that says why it cannot read the store, and log lines claimed atomically by concurrent
 * runs (issue 12).
 */
class StoreOwnershipProcessTest {
    static final int RUNS = 8;
    static final int LINES = 300_000;
    @TempDir
    Path dir;

    private Launch.Outcome run(String... args) throws Exception {
        return Launch.plain(dir.resolve("xdg")).run(dir, args);
    }

    private Path runbook(String store) throws IOException {
        Path file = dir.resolve("rb.yaml");
        Files.writeString(file, String.join("\n",
                "runbook: owned",
                "version: 1",
                "store: " + store,
                "notifiers:",
                "  archive: { type: file, path: ./notifications.jsonl }",
                "escalation:",
                "  levels:",
                "    P2: { title: Partial outage, respond: 30m, notify: [archive] }",
                "checks:",
                "  errors: { type: log, file: ./app.log, pattern: ERROR }",
                "  ok: { type: command, run: [\"true\"] }",
                ""));
        return file;
    }

    /** Descriptors of this process open on {@code file} itself. */
    static long descriptorsOn(Path file) throws IOException {
        Path real = file.toRealPath();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).equals(real);
                } catch (IOException | UnsupportedOperationException e) {
                    return false;
                }
            }).count();
        }
    }

    @Test
    void historyIncidentsAndNotesOfOneRunbookUseOneConnectionToTheStoreFile() throws Exception {
        Path file = runbook("./state/owned.db");
        LoadResult loaded = new RunbookLoader(TypeRegistry.load(), Map.of(), Clock.systemUTC()).load(file);
        assertThat(loaded.isValid()).as(loaded.problems().toString()).isTrue();
        try (dev.runbook.runtime.RunbookRuntime services = dev.runbook.runtime.RunbookRuntime.builder(loaded)
                .env(Map.of()).clock(Clock.systemUTC()).build()) {
            assertThat(services.storeIncidents()).isNotNull();
            services.database().notes().add(Clock.systemUTC().instant(), "alice", "looked at it");
            assertThat(services.storeIncidents().open()).isEmpty();
            assertThat(services.store().history().latest("ok")).isEmpty();
            assertThat(descriptorsOn(dir.resolve("state/owned.db"))).isEqualTo(1);
            // a report run in the same process joins the same connection instead of opening the file again
            dev.runbook.runtime.StoreReports.compute(loaded.runbook(), services.storePath(), "day",
                    java.time.LocalDate.now(), Clock.systemUTC());
            assertThat(descriptorsOn(dir.resolve("state/owned.db"))).isEqualTo(1);
        }
        assertThat(descriptorsOn(dir.resolve("state/owned.db"))).isZero();
    }

    @Test
    void historySaysWhyItCannotReadAForeignStore() throws Exception {
        Path db = dir.resolve("app.db");
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + db); var s = c.createStatement()) {
            s.execute("CREATE TABLE customers(id INTEGER PRIMARY KEY, name TEXT)");
        }
        byte[] before = Files.readAllBytes(db);
        runbook("./app.db");
        Launch.Outcome o = run("history", "rb.yaml");
        assertThat(o.exit()).as(o.out() + o.err()).isEqualTo(1);
        assertThat(o.err()).contains("cannot read the store " + db.toRealPath())
                .contains("another application (tables: customers)");
        assertThat(o.out()).doesNotContain("No results stored");
        Launch.Outcome r = run("run", "rb.yaml", "--check", "ok");
        assertThat(r.err()).contains("another application");
        assertThat(Files.readAllBytes(db)).isEqualTo(before);
    }

    @Test
    void historySaysWhyItCannotReadAReadOnlyStore() throws Exception {
        assumeFalse("root".equals(System.getProperty("user.name")), "root ignores file permissions");
        runbook("./state/owned.db");
        assertThat(run("run", "rb.yaml", "--check", "ok").exit()).isZero();
        Path state = dir.resolve("state");
        Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            Launch.Outcome o = run("history", "rb.yaml");
            assertThat(o.exit()).isEqualTo(1);
            assertThat(o.err()).contains("cannot read the store").contains("not writable");
        } finally {
            Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    /** Issue 12: 8 simultaneous `run --check errors` over 3,000,000 new lines each reported 3,000,000. */
    @Test
    void eightConcurrentLauncherRunsCountEachNewLogLineOnce() throws Exception {
        runbook("./state/owned.db");
        Files.createFile(dir.resolve("app.log"));
        Launch.Outcome first = run("run", "rb.yaml", "--check", "errors", "--format", "json");
        assertThat(first.exit()).as(first.err()).isZero();
        try (BufferedWriter w = Files.newBufferedWriter(dir.resolve("app.log"), StandardCharsets.UTF_8,
                StandardOpenOption.APPEND)) {
            for (int i = 0; i < LINES; i++) {
                w.write("2026-12-05 10:00:00 ERROR request " + i + " failed\n");
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(RUNS);
        try {
            List<Future<Launch.Outcome>> runs = new ArrayList<>();
            for (int i = 0; i < RUNS; i++) {
                runs.add(pool.submit(() -> run("run", "rb.yaml", "--check", "errors", "--format", "json")));
            }
            long sum = 0;
            for (Future<Launch.Outcome> f : runs) {
                Launch.Outcome o = f.get(180, TimeUnit.SECONDS);
                assertThat(o.exit()).as(o.err()).isZero();
                JsonNode root;
                try {
                    root = new ObjectMapper().readTree(o.out());
                } catch (IOException e) {
                    throw new AssertionError("not JSON: " + o.out() + "\nstderr: " + o.err(), e);
                }
                sum += LauncherProcessTest.find(root, "errors").get("metrics").get("matches").asLong();
            }
            assertThat(sum).isEqualTo(LINES);
        } finally {
            pool.shutdownNow();
        }
    }
}
