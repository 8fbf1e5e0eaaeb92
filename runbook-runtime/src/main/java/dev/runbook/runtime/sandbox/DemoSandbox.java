package dev.runbook.runtime.sandbox;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A sandbox of the seed's world in a directory, for {@code runbook demo} and tests: the estimator's home with a
 * real SQLite {@code app.db}, uploads (some older than 30 days) and {@code .env}; dated backups (some older than
 * 60 days); Apache access and error logs with {@code %D} latencies; a TLS endpoint on 127.0.0.1 with a
 * self-signed certificate made by the JDK's keytool; stub {@code systemctl} and {@code journalctl} scripts;
 * stand-ins for {@code git}, {@code yum}, {@code certbot} and the estimator's {@code pip} that record and change
 * nothing; and a
 * real HTTP {@code /health} service on 127.0.0.1 that runs exactly while the stub says the estimator unit is
 * active — it starts stopped, so a restart remediation really recovers it. {@link #environment()} gives the
 * variables the seed runbook reads. Thread-safe; {@link #close()} stops everything the sandbox started (its own
 * servers, and the processes whose ids its stub recorded).
 */
public final class DemoSandbox implements AutoCloseable {
    private static final String HEALTHY = "{\"status\":\"healthy\"}";
    /** The tools the seed's procedures call, stood in for by {@code /demo/tool} in the sandbox's bin. */
    private static final List<String> TOOLS = List.of("git", "yum", "certbot");

    static {
        // The JDK's HttpServer writes a response's headers and body apart; with Nagle's algorithm on, the body
        // waits for the client's delayed ACK, so every answer of the sandbox's health service took 40 ms more than
        // it does, and the demo's response-time figures showed that stall. Read once, when the first server starts.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final Path root;
    private final ZoneId zone;
    private final int healthPort;
    private final Path units;
    private HttpServer health;
    private HttpsServer tls;
    private HttpServer webhook;
    private int closedPort;
    private Thread watcher;
    private volatile boolean closed;

    private DemoSandbox(Path root, ZoneId zone, int healthPort) {
        this.root = root;
        this.zone = zone;
        this.healthPort = healthPort;
        this.units = root.resolve("run/units");
    }

    /**
     * Lays out the sandbox in {@code root} (created if needed) and starts its servers. Blocks for about a second
     * (keytool).
     */
    public static DemoSandbox create(Path root, ZoneId zone) throws IOException, InterruptedException {
        Files.createDirectories(root);
        DemoSandbox s = new DemoSandbox(root.toAbsolutePath(), zone, freePort());
        try {
            s.layOut();
            s.startTls();
            s.startWebhook();
            s.startWatcher();
        } catch (IOException | InterruptedException | RuntimeException e) {
            s.close();
            throw e;
        }
        return s;
    }

    /** The sandbox directory. */
    public Path root() {
        return root;
    }

    /** The health endpoint, e.g. {@code http://127.0.0.1:41234/health}. */
    public String healthUrl() {
        return "http://127.0.0.1:" + healthPort + "/health";
    }

    /** The TLS endpoint's port on 127.0.0.1. */
    public int tlsPort() {
        return tls.getAddress().getPort();
    }

    /** Where the runbook's file notifier writes (if it uses {@code ${env:NOTIFICATIONS_FILE}}). */
    public Path notificationsFile() {
        return root.resolve("notifications.jsonl");
    }

    /** Where the sandbox's webhook receiver (the runbook's Slack webhook) writes each message it gets, as a line. */
    public Path webhookFile() {
        return root.resolve("webhook.jsonl");
    }

    /** Where the stand-ins for git, yum, certbot and pip write what they were asked, a line per call. */
    public Path toolsLog() {
        return root.resolve("tools.log");
    }

    /** The variables the seed runbook reads, on top of the process environment ({@code PATH} has the stubs first). */
    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>(System.getenv());
        Path home = root.resolve("estimator");
        env.put("ESTIMATOR_HOME", home.toString());
        env.put("ESTIMATOR_BACKEND", home.resolve("backend").toString());
        env.put("ESTIMATOR_DB", home.resolve("backend/app.db").toString());
        env.put("ESTIMATOR_UPLOADS", home.resolve("backend/uploads").toString());
        env.put("ESTIMATOR_LOG_DIR", home.resolve("logs").toString());
        env.put("ESTIMATOR_URL", "http://127.0.0.1:" + healthPort);
        env.put("ESTIMATOR_HEALTH_URL", healthUrl());
        // the seed's production health check has no local default: the sandbox stands in for production too
        env.put("ESTIMATOR_PUBLIC_HEALTH_URL", healthUrl());
        env.put("ESTIMATOR_PORT", Integer.toString(healthPort));
        env.put("ESTIMATOR_BACKUP_DIR", root.resolve("backups/estimator").toString());
        env.put("HTTPD_LOG_DIR", root.resolve("httpd").toString());
        env.put("HTTPD_ACCESS_LOG", root.resolve("httpd/access_log").toString());
        env.put("HTTPD_ERROR_LOG", root.resolve("httpd/error_log").toString());
        env.put("SYSTEMCTL", root.resolve("bin/systemctl").toString());
        env.put("JOURNALCTL", root.resolve("bin/journalctl").toString());
        env.put("GIT", root.resolve("bin/git").toString());
        env.put("YUM", root.resolve("bin/yum").toString());
        env.put("CERTBOT", root.resolve("bin/certbot").toString());
        env.put("TLS_HOST", "127.0.0.1");
        env.put("TLS_PORT", Integer.toString(tlsPort()));
        env.put("TLS_CERT", root.resolve("tls/server.pem").toString());
        env.put("RUNBOOK_STATE_DIR", root.resolve("state").toString());
        env.put("XDG_STATE_HOME", root.resolve("state").toString());
        env.put("NOTIFICATIONS_FILE", notificationsFile().toString());
        env.put("ESTIMATOR_DISK_PATH", root.toString());
        env.put("ESTIMATOR_HEALTH_PASSWORD", "demo-password");
        env.put("OPS_WEBHOOK_URL", "http://127.0.0.1:" + webhook.getAddress().getPort() + "/slack");
        // no mail server in the sandbox: a closed local port fails at once (and the outbox keeps the mail)
        env.put("SMTP_URL", "smtp://127.0.0.1:" + closedPort);
        env.put("SMTP_PASSWORD", "demo-password");
        env.put("PATH", root.resolve("bin") + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        return env;
    }

    /**
     * Writes {@link #environment()}'s sandbox variables as a shell file to source. Its {@code PATH} also holds the
     * directory of the launcher that made the sandbox ({@code runbook.launcher}, set by the launcher's script) when
     * no {@code runbook} is on {@code PATH} yet, so the {@code runbook run …} the demo prints works as printed.
     */
    public Path writeEnvFile() throws IOException {
        StringBuilder b = new StringBuilder("# source this to run the seed runbook against the sandbox by hand\n");
        Map<String, String> env = environment();
        env.put("PATH", pathWithLauncher(env.get("PATH"), System.getProperty("runbook.launcher")));
        env.forEach((k, v) -> {
            if (!v.equals(System.getenv(k))) {
                b.append("export ").append(k).append("='").append(v.replace("'", "'\\''")).append("'\n");
            }
        });
        Path f = root.resolve("env.sh");
        Files.writeString(f, b.toString());
        return f;
    }

    /**
     * {@code path}, with the directory of {@code launcher} (the {@code runbook} script that is running, or null)
     * added at the end when none of {@code path}'s directories has an executable {@code runbook}.
     */
    static String pathWithLauncher(String path, String launcher) {
        if (launcher == null || launcher.isBlank()) {
            return path;
        }
        for (String dir : path.split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "runbook"))) {
                return path;
            }
        }
        Path parent = Path.of(launcher).toAbsolutePath().getParent();
        return parent == null ? path : path + ":" + parent;
    }

    /** The stub's state of a unit: {@code active}, {@code inactive}, {@code failed}. */
    public String unitState(String unit) throws IOException {
        Path f = units.resolve(unit);
        return Files.exists(f) ? Files.readString(f).trim() : "not-found";
    }

    /** Sets a unit's state as the stub keeps it (stopping the estimator stops its health service). */
    public void setUnitState(String unit, String state) throws IOException {
        Files.writeString(units.resolve(unit), state + "\n");
    }

    /** Makes a unit fail to start ({@code true}) or start again ({@code false}). */
    public void breakUnit(String unit, boolean broken) throws IOException {
        Path f = units.resolve(unit + ".broken");
        if (broken) {
            Files.writeString(f, "the sandbox broke it\n");
        } else {
            Files.deleteIfExists(f);
        }
    }

    /** True while the health service accepts connections. */
    public synchronized boolean healthUp() {
        return health != null;
    }

    // ------------------------------------------------------------------ layout

    private void layOut() throws IOException, InterruptedException {
        Instant now = Instant.now();
        Path home = root.resolve("estimator");
        Path backend = home.resolve("backend");
        Path uploads = backend.resolve("uploads");
        Files.createDirectories(uploads);
        Files.createDirectories(home.resolve("logs"));
        Files.writeString(home.resolve(".env"), "OPENAI_API_KEY=sk-demo-not-a-real-key\nDATABASE_URL=sqlite:///app.db\n");
        Files.writeString(backend.resolve(".env"), "OPENAI_API_KEY=sk-demo-not-a-real-key\n");
        createDatabase(backend.resolve("app.db"));
        for (int i = 0; i < 12; i++) {
            Path f = uploads.resolve(String.format("estimate-request-%02d.xlsx", i));
            Files.write(f, new byte[2048 + i * 512]);
            age(f, now, i < 5 ? Duration.ofDays(40 + i) : Duration.ofDays(i - 4));
        }
        Files.write(home.resolve("logs/estimator.log"), new byte[1_500_000]);

        Path backups = root.resolve("backups/estimator");
        LocalDate today = LocalDate.now(zone);
        List<Integer> ages = List.of(1, 2, 3, 4, 5, 6, 7, 65, 70, 75);
        for (int age : ages) {
            Path d = backups.resolve(today.minusDays(age) + "_0300");
            Files.createDirectories(d.resolve("uploads"));
            Files.copy(backend.resolve("app.db"), d.resolve("app.db"));
            Files.copy(home.resolve(".env"), d.resolve(".env"));
            Files.write(d.resolve("uploads/estimate-request-00.xlsx"), new byte[2048]);
            try (Stream<Path> s = Files.walk(d)) {
                for (Path p : (Iterable<Path>) s::iterator) {
                    age(p, now, Duration.ofDays(age).minusHours(6));
                }
            }
        }

        Path httpd = root.resolve("httpd");
        Files.createDirectories(httpd);
        writeLogs(httpd, now);

        Path bin = root.resolve("bin");
        Files.createDirectories(bin);
        Files.createDirectories(units);
        script("systemctl", bin.resolve("systemctl"), Map.of("@UNITS@", units.toString()));
        Path journal = root.resolve("journal/entries.tsv");
        Files.createDirectories(journal.getParent());
        writeJournal(journal, now);
        script("journalctl", bin.resolve("journalctl"), Map.of("@ENTRIES@", journal.toString()));
        // the tools the maintenance procedures call: stand-ins that record and change nothing, so a confirmed
        // maintenance in the demo never updates packages, pulls code or renews a real certificate
        for (String tool : TOOLS) {
            script("tool", bin.resolve(tool), Map.of("@TOOL@", tool, "@LOG@", toolsLog().toString()));
        }
        Path venv = root.resolve("estimator/backend/.venv/bin");
        Files.createDirectories(venv);
        script("tool", venv.resolve("pip"), Map.of("@TOOL@", "pip", "@LOG@", toolsLog().toString()));
        Path sleep = Path.of("/bin/sleep");
        if (Files.isExecutable(sleep)) {
            // process checks look for these names: copies of sleep, started and stopped by the stub systemctl
            Path sbin = root.resolve("sbin");
            Files.createDirectories(sbin);
            for (String[] unit : new String[][] {{"estimator", "uvicorn"}, {"httpd", "httpd"}}) {
                Path exe = sbin.resolve(unit[1]);
                Files.copy(sleep, exe);
                Files.writeString(units.resolve(unit[0] + ".exec"), exe + "\n");
            }
        }
        setUnitState("httpd", "active");
        setUnitState("estimator", "inactive");
        run(List.of(bin.resolve("systemctl").toString(), "start", "httpd"), Duration.ofSeconds(5));
        Files.createDirectories(root.resolve("state"));
        Files.writeString(notificationsFile(), "");
        makeCertificate(root.resolve("tls"));
    }

    private static void age(Path p, Instant now, Duration age) throws IOException {
        Files.setLastModifiedTime(p, FileTime.from(now.minus(age)));
    }

    private static void createDatabase(Path db) throws IOException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.executeUpdate("create table tasks (id integer primary key, created_at text not null, status text not null,"
                    + " title text)");
            s.executeUpdate("create index tasks_created on tasks(created_at)");
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("insert into tasks (created_at, status, title) values (?, ?, ?)")) {
                Instant t = Instant.now().minus(Duration.ofDays(30));
                for (int i = 0; i < 400; i++) {
                    ps.setString(1, t.plus(Duration.ofMinutes(108L * i)).toString());
                    ps.setString(2, i % 23 == 0 ? "failed" : "done");
                    ps.setString(3, "Estimate #" + (1000 + i));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            c.commit();
        } catch (java.sql.SQLException e) {
            throw new IOException("cannot create the sandbox database " + db + ": " + e.getMessage(), e);
        }
    }

    private void writeLogs(Path httpd, Instant now) throws IOException {
        DateTimeFormatter apache = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH);
        DateTimeFormatter errFmt = DateTimeFormatter.ofPattern("EEE MMM dd HH:mm:ss.SSSSSS yyyy", Locale.ENGLISH);
        Random rnd = new Random(42);
        StringBuilder access = new StringBuilder();
        StringBuilder error = new StringBuilder();
        ZonedDateTime end = now.atZone(zone);
        ZonedDateTime start = end.toLocalDate().atStartOfDay(zone);
        long span = Math.max(60, Duration.between(start, end).getSeconds());
        int n = 480;
        String[] paths = {"/api/v1/estimates", "/api/v1/tasks", "/api/v1/health", "/", "/api/v1/questions", "/api/v1/export"};
        for (int i = 0; i < n; i++) {
            ZonedDateTime t = start.plusSeconds(span * i / n);
            int status = i % 160 == 7 ? 500 : i % 97 == 3 ? 401 : i % 41 == 0 ? 404 : 200;
            long micros = (long) (200_000 + rnd.nextDouble() * 1_800_000 + (i % 50 == 0 ? 4_000_000 : 0));
            String ip = "10.0.0." + (10 + i % 12);
            access.append(ip).append(" - ").append(status == 401 ? "-" : "user" + (i % 12)).append(" [")
                    .append(t.format(apache)).append("] \"").append(i % 5 == 0 ? "POST " : "GET ")
                    .append(paths[i % paths.length]).append(" HTTP/1.1\" ").append(status).append(' ')
                    .append(512 + rnd.nextInt(20000)).append(" \"-\" \"Mozilla/5.0 (runbook demo)\" ").append(micros).append('\n');
            if (status == 401) {
                error.append('[').append(t.format(errFmt)).append("] [auth_basic:error] [pid 2101] [client ").append(ip)
                        .append(":51234] AH01618: user unknown not found: /api/v1/estimates, authentication failure\n");
            }
            if (status == 500) {
                error.append('[').append(t.format(errFmt)).append("] [proxy:error] [pid 2101] [client ").append(ip)
                        .append(":51234] AH01102: error reading status line from remote server 127.0.0.1:8100\n");
            }
        }
        access.append("this line is not in the combined format\n");
        Files.writeString(httpd.resolve("access_log"), access);
        Files.writeString(httpd.resolve("error_log"), error);
    }

    private void writeJournal(Path file, Instant now) throws IOException {
        DateTimeFormatter iso = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxx", Locale.ROOT);
        StringBuilder b = new StringBuilder();
        ZonedDateTime end = now.atZone(zone);
        String[][] entries = {
            {"6", "estimator", "Started estimator.service - AI Estimator (uvicorn)."},
            {"6", "estimator", "Task created: EST-1001"},
            {"6", "estimator", "EST-1001 done in 12.4s"},
            {"6", "estimator", "Task created: EST-1002"},
            {"3", "estimator", "Error: OpenAI API timeout after 60s (EST-1002)"},
            {"6", "estimator", "EST-1002 done in 64.0s"},
            {"6", "estimator", "Task created: EST-1003"},
            {"3", "estimator", "Error: database is locked (sqlite3.OperationalError)"},
            {"6", "estimator", "EST-1003 done in 9.8s"},
            {"6", "httpd", "Started httpd.service - The Apache HTTP Server."},
            {"4", "estimator", "Slow request: POST /api/v1/estimates took 7.2s"},
            {"6", "estimator", "Stopped estimator.service - AI Estimator (uvicorn)."},
        };
        for (int i = 0; i < entries.length; i++) {
            ZonedDateTime t = end.minusMinutes(50L * (entries.length - i));
            long micros = t.toInstant().toEpochMilli() * 1000;
            b.append(entries[i][0]).append('\t').append(entries[i][1]).append('\t').append(micros).append('\t')
                    .append(t.format(iso)).append('\t').append(entries[i][2]).append('\n');
        }
        Files.writeString(file, b);
    }

    private static void script(String resource, Path target, Map<String, String> replace) throws IOException {
        String text;
        try (InputStream in = DemoSandbox.class.getResourceAsStream("/demo/" + resource)) {
            if (in == null) {
                throw new IOException("the launcher jar lacks /demo/" + resource + "; rebuild it");
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        for (Map.Entry<String, String> e : replace.entrySet()) {
            text = text.replace(e.getKey(), e.getValue());
        }
        Files.writeString(target, text);
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static void makeCertificate(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Path ks = dir.resolve("server.p12");
        run(List.of(keytool, "-genkeypair", "-alias", "demo", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost, O=runbook demo", "-validity", "21", "-storetype", "PKCS12",
                "-keystore", ks.toString(), "-storepass", "changeit", "-keypass", "changeit",
                "-ext", "SAN=ip:127.0.0.1,dns:localhost"), Duration.ofSeconds(30));
        run(List.of(keytool, "-exportcert", "-rfc", "-alias", "demo", "-keystore", ks.toString(), "-storepass", "changeit",
                "-file", dir.resolve("server.pem").toString()), Duration.ofSeconds(30));
    }

    private static void run(List<String> cmd, Duration timeout) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new IOException(cmd.get(0) + " did not finish within " + timeout.toSeconds() + " s");
        }
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed with exit code " + p.exitValue());
        }
    }

    // ------------------------------------------------------------------ servers

    private void startTls() throws IOException {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(root.resolve("tls/server.p12"))) {
                ks.load(in, "changeit".toCharArray());
            }
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, "changeit".toCharArray());
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(kmf.getKeyManagers(), null, null);
            tls = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            tls.setHttpsConfigurator(new HttpsConfigurator(ssl));
            tls.createContext("/", ex -> respond(ex, 200, "<html>AI Estimator (runbook demo)</html>"));
            tls.createContext("/api/v1/health", ex -> respond(ex, 200, HEALTHY));
            tls.start();
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException("cannot start the sandbox's TLS endpoint: " + e.getMessage(), e);
        }
    }

    /** A stand-in for Slack: every POST to /slack is appended to {@link #webhookFile()} as one line. */
    private void startWebhook() throws IOException {
        closedPort = freePort();
        Files.writeString(webhookFile(), "");
        webhook = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        webhook.createContext("/slack", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8).replace("\n", "\\n");
            synchronized (this) {
                Files.writeString(webhookFile(), body + "\n", java.nio.file.StandardOpenOption.APPEND);
            }
            respond(ex, 200, "ok");
        });
        webhook.start();
    }

    private static void respond(com.sun.net.httpserver.HttpExchange ex, int code, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", body.startsWith("{") ? "application/json" : "text/html");
        ex.sendResponseHeaders(code, b.length);
        ex.getResponseBody().write(b);
        ex.close();
    }

    /** Keeps the health service in step with the estimator unit's state, as systemd would. */
    private void startWatcher() {
        watcher = new Thread(() -> {
            while (!closed) {
                try {
                    boolean active = "active".equals(unitState("estimator"));
                    synchronized (this) {
                        if (active && health == null && !closed) {
                            health = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), healthPort), 0);
                            health.createContext("/health", ex -> respond(ex, 200, HEALTHY));
                            health.start();
                        } else if (!active && health != null) {
                            health.stop(0);
                            health = null;
                        }
                    }
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                } catch (IOException e) {
                    // the port is briefly unavailable: try again on the next tick
                }
            }
        }, "runbook-demo-estimator");
        watcher.setDaemon(true);
        watcher.start();
    }

    /** Waits until the health service is up or down as asked, up to {@code timeout}. */
    public boolean awaitHealth(boolean up, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (healthUp() == up) {
                return true;
            }
            Thread.sleep(10);
        }
        return healthUp() == up;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Stops the servers and the processes the stub started (by the ids it recorded). Idempotent. */
    @Override
    public void close() {
        closed = true;
        if (watcher != null) {
            watcher.interrupt();
        }
        synchronized (this) {
            if (health != null) {
                health.stop(0);
                health = null;
            }
        }
        if (tls != null) {
            tls.stop(0);
        }
        if (webhook != null) {
            webhook.stop(0);
        }
        try (Stream<Path> s = Files.exists(units) ? Files.list(units) : Stream.empty()) {
            for (Path pid : (Iterable<Path>) s.filter(p -> p.toString().endsWith(".pid"))::iterator) {
                try {
                    long id = Long.parseLong(Files.readString(pid).trim());
                    ProcessHandle.of(id).ifPresent(ProcessHandle::destroy);
                    Files.deleteIfExists(pid);
                } catch (IOException | NumberFormatException e) {
                    // nothing to stop
                }
            }
        } catch (IOException e) {
            // nothing to stop
        }
    }

    /** Deletes a sandbox directory (after {@link #close()}). */
    public static void delete(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            List<Path> all = new ArrayList<>(s.sorted(Comparator.reverseOrder()).toList());
            for (Path p : all) {
                Files.deleteIfExists(p);
            }
        }
    }
}
