package dev.runbook.store;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for tests, started once per JVM from Debian's {@code postgresql} binaries
 * ({@code /usr/lib/postgresql/<version>/bin}, or {@code $RUNBOOK_PG_BIN}): {@code initdb} into a temp directory,
 * password authentication, listening on 127.0.0.1 only at a free port. PostgreSQL refuses to run as root, so
 * when the tests run as root (here and in CI) the server runs as {@code nobody} through {@code runuser}. Stopped
 * (fast shutdown) and deleted when the JVM exits. A missing server makes the calling test fail with what to
 * install — it never skips. Each {@link #newDatabase} is a fresh, empty database.
 */
public final class PostgresServer {
    /** The superuser the tests log in as. */
    public static final String USER = "runbook";
    /** Its password (scram-sha-256), so the credential path is the one users take. */
    public static final String PASSWORD = "runbook-test-password";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static PostgresServer shared;
    private static IllegalStateException failed;

    private final Path dir;
    private final int port;
    private Process process;
    private final Path bin;
    private final AtomicInteger databases = new AtomicInteger();

    private PostgresServer(Path dir, int port, Process process, Path bin) {
        this.dir = dir;
        this.port = port;
        this.process = process;
        this.bin = bin;
    }

    /** The JVM's one server, started on first use. */
    public static synchronized PostgresServer shared() {
        if (failed != null) {
            throw failed;
        }
        if (shared == null) {
            try {
                shared = start();
            } catch (IOException | RuntimeException e) {
                failed = new IllegalStateException("could not start the test PostgreSQL server: " + e.getMessage(), e);
                throw failed;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted starting PostgreSQL", e);
            }
            PostgresServer s = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(s::stop, "postgres-stop"));
        }
        return shared;
    }

    /** The process id of the server's postmaster, whose children are its backends (from its {@code postmaster.pid}). */
    public long postmasterPid() throws IOException {
        return Long.parseLong(Files.readAllLines(dir.resolve("data").resolve("postmaster.pid")).get(0).strip());
    }

    /** The server's loopback port. */
    public int port() {
        return port;
    }

    /** The store URL of a database on this server (runbook-format §10). */
    public String url(String database) {
        return "postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** Creates a fresh, empty database and returns its name. */
    public String newDatabase() {
        String name = "rb_" + ProcessHandle.current().pid() + "_" + databases.incrementAndGet();
        try (Connection c = admin(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + name + ": " + e.getMessage(), e);
        }
        return name;
    }

    /** A dialect for a fresh database with the test credentials. */
    public PostgresDialect newStore() {
        return PostgresDialect.of(url(newDatabase()), USER, PASSWORD);
    }

    /** A JDBC connection to {@code database} as the superuser, for tests that look at the tables directly. */
    public Connection connect(String database) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", USER);
        p.setProperty("password", PASSWORD);
        p.setProperty("connectTimeout", "10");
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + database, p);
    }

    private Connection admin() throws SQLException {
        return connect("postgres");
    }

    private static PostgresServer start() throws IOException, InterruptedException {
        Path bin = binaries();
        boolean root = "root".equals(System.getProperty("user.name"));
        Path dir = Files.createTempDirectory("runbook-pg");
        if (root) {
            UserPrincipal nobody = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
            Files.setOwner(dir, nobody);
        }
        Path pwfile = dir.resolve("pw");
        Files.writeString(pwfile, PASSWORD + "\n", StandardCharsets.UTF_8);
        if (root) {
            Files.setOwner(pwfile, dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));
        }
        Path data = dir.resolve("data");
        run(root, dir.resolve("initdb.log"), Duration.ofSeconds(120), bin.resolve("initdb").toString(), "-D",
                data.toString(), "-U", USER, "--auth=scram-sha-256", "--pwfile=" + pwfile, "-E", "UTF8",
                "--locale=C", "--no-sync");
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Path log = dir.resolve("server.log");
        Process p = postmaster(root, bin, dir, port, log);
        PostgresServer server = new PostgresServer(dir, port, p, bin);
        server.awaitReady(p, log);
        return server;
    }

    private static Process postmaster(boolean root, Path bin, Path dir, int port, Path log) throws IOException {
        List<String> cmd = command(root, bin.resolve("postgres").toString(), "-D", dir.resolve("data").toString(),
                "-p", Integer.toString(port), "-h", "127.0.0.1", "-k", dir.toString(), "-F",
                "-c", "max_connections=200", "-c", "shared_buffers=32MB");
        return new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    /**
     * Takes the server down at once, as a crash or a lost network would (immediate shutdown: every client's
     * connection is cut, nothing is flushed politely); {@link #startAgain} brings it back on the same port with
     * the same data. For tests of a store that loses its server; they must start it again when done.
     */
    public synchronized void stopNow() throws IOException, InterruptedException {
        Path pidFile = dir.resolve("data/postmaster.pid");
        if (Files.exists(pidFile)) {
            long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).strip());
            new ProcessBuilder("kill", "-QUIT", Long.toString(pid)).start().waitFor(10, TimeUnit.SECONDS);
        }
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("postgres did not stop within 60 s");
        }
    }

    /** Starts the server stopped by {@link #stopNow} again, and waits until it accepts connections. */
    public synchronized void startAgain() throws IOException, InterruptedException {
        if (process.isAlive()) {
            return;
        }
        Path log = dir.resolve("server.log");
        process = postmaster("root".equals(System.getProperty("user.name")), bin, dir, port, log);
        awaitReady(process, log);
    }

    private void awaitReady(Process p, Path log) throws InterruptedException {
        PostgresServer server = this;
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        SQLException last = null;
        while (Instant.now().isBefore(deadline)) {
            if (!p.isAlive()) {
                throw new IllegalStateException("postgres exited with " + p.exitValue() + ": " + tail(log));
            }
            try (Connection c = server.admin()) {
                return;
            } catch (SQLException e) {
                last = e;
                Thread.sleep(100);
            }
        }
        server.stop();
        throw new IllegalStateException("postgres did not accept connections within " + START_TIMEOUT.toSeconds()
                + " s (" + (last == null ? "" : last.getMessage()) + "): " + tail(log));
    }

    /** Debian's server binaries, the newest version, or $RUNBOOK_PG_BIN. */
    static Path binaries() throws IOException {
        String env = System.getenv("RUNBOOK_PG_BIN");
        if (env != null && !env.isBlank()) {
            Path p = Path.of(env);
            if (Files.isExecutable(p.resolve("postgres"))) {
                return p;
            }
            throw new IllegalStateException("RUNBOOK_PG_BIN=" + env + " has no executable 'postgres'");
        }
        Path root = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(root)) {
            try (Stream<Path> versions = Files.list(root)) {
                Path found = versions.map(v -> v.resolve("bin"))
                        .filter(b -> Files.isExecutable(b.resolve("postgres")) && Files.isExecutable(b.resolve("initdb")))
                        .max(Comparator.comparingInt(b -> versionOf(b.getParent().getFileName().toString())))
                        .orElse(null);
                if (found != null) {
                    return found;
                }
            }
        }
        throw new IllegalStateException("no PostgreSQL server binaries found (looked in /usr/lib/postgresql/*/bin and"
                + " $RUNBOOK_PG_BIN); the PostgreSQL store tests need a real server: install Debian's 'postgresql'"
                + " package (apt-get install postgresql, as .ci/run does) or set RUNBOOK_PG_BIN");
    }

    private static int versionOf(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static List<String> command(boolean root, String... args) {
        List<String> cmd = new ArrayList<>();
        if (root) {
            cmd.addAll(List.of("runuser", "-u", "nobody", "--"));
        }
        cmd.addAll(List.of(args));
        return cmd;
    }

    private static void run(boolean root, Path log, Duration timeout, String... args)
            throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command(root, args)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(args[0] + " did not finish within " + timeout.toSeconds() + " s");
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException(args[0] + " failed (" + p.exitValue() + "): " + tail(log));
        }
    }

    private static String tail(Path log) {
        try {
            String s = Files.readString(log);
            return s.length() > 2000 ? s.substring(s.length() - 2000) : s;
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** Fast shutdown (SIGINT to the postmaster), then deletes the directory. */
    void stop() {
        try {
            Path pidFile = dir.resolve("data/postmaster.pid");
            if (Files.exists(pidFile)) {
                long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).strip());
                new ProcessBuilder("kill", "-INT", Long.toString(pid)).start().waitFor(10, TimeUnit.SECONDS);
            }
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (IOException | RuntimeException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // a temp directory left behind is harmless
        }
    }

    @Override
    public String toString() {
        return "PostgreSQL at 127.0.0.1:" + port + " (" + bin + ")";
    }
}
