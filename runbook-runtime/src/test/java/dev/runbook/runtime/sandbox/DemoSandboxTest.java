package dev.runbook.runtime.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoSandboxTest {
    @TempDir
    static Path dir;
    static DemoSandbox sandbox;
    static Map<String, String> env;

    @BeforeAll
    static void create() throws Exception {
        sandbox = DemoSandbox.create(dir.resolve("sandbox"), ZoneId.of("Asia/Tokyo"));
        env = sandbox.environment();
    }

    @AfterAll
    static void close() {
        sandbox.close();
    }

    record Out(int code, String text) {
    }

    static Out sh(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        return new Out(p.exitValue(), text);
    }

    @Test
    void estimatorStartsStoppedAndARestartReallyRecoversIt() throws Exception {
        String systemctl = env.get("SYSTEMCTL");
        sandbox.setUnitState("estimator", "inactive");
        assertThat(sandbox.awaitHealth(false, Duration.ofSeconds(2))).isTrue();
        Out active = sh(systemctl, "is-active", "httpd", "estimator");
        assertThat(active.code()).isEqualTo(3);
        assertThat(active.text()).isEqualTo("active\ninactive\n");
        assertThat(sh(systemctl, "restart", "estimator").code()).isZero();
        assertThat(sandbox.awaitHealth(true, Duration.ofSeconds(2))).isTrue();
        HttpURLConnection c = (HttpURLConnection) new URL(sandbox.healthUrl()).openConnection();
        assertThat(c.getResponseCode()).isEqualTo(200);
        assertThat(new String(c.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("{\"status\":\"healthy\"}");
        Out show = sh(systemctl, "show", "-p", "ActiveState,SubState", "estimator.service");
        assertThat(show.text()).isEqualTo("ActiveState=active\nSubState=running\n");
        Path pid = sandbox.root().resolve("run/units/estimator.pid");
        assertThat(pid).exists();
        long id = Long.parseLong(Files.readString(pid).trim());
        assertThat(ProcessHandle.of(id).flatMap(h -> h.info().command())).hasValueSatisfying(cmd -> assertThat(cmd).endsWith("uvicorn"));
        assertThat(sh(systemctl, "stop", "estimator").code()).isZero();
        assertThat(sandbox.awaitHealth(false, Duration.ofSeconds(2))).isTrue();
    }

    @Test
    void webhookMessagesLandInAFileAndSecretsAreSet() throws Exception {
        HttpURLConnection c = (HttpURLConnection) new URL(env.get("OPS_WEBHOOK_URL")).openConnection();
        c.setRequestMethod("POST");
        c.setDoOutput(true);
        c.getOutputStream().write("{\"text\":\"incident #1 P1 opened\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(c.getResponseCode()).isEqualTo(200);
        assertThat(Files.readAllLines(sandbox.webhookFile())).contains("{\"text\":\"incident #1 P1 opened\"}");
        assertThat(env).containsKeys("ESTIMATOR_HEALTH_PASSWORD", "SMTP_URL", "SMTP_PASSWORD", "ESTIMATOR_URL",
                "ESTIMATOR_BACKUP_DIR", "ESTIMATOR_LOG_DIR", "HTTPD_LOG_DIR", "RUNBOOK_STATE_DIR", "NOTIFICATIONS_FILE",
                "TLS_HOST", "TLS_PORT", "SYSTEMCTL", "JOURNALCTL", "ESTIMATOR_PUBLIC_HEALTH_URL");
    }

    @Test
    void theMaintenanceToolsAreStandInsThatRecordAndChangeNothing() throws Exception {
        // a confirmed maintenance in the demo called the real /usr/bin/git (and would call yum, certbot, pip)
        for (String tool : List.of("GIT", "YUM", "CERTBOT")) {
            assertThat(Path.of(env.get(tool))).as(tool).startsWith(dir.resolve("sandbox"));
        }
        Path app = Path.of(env.get("ESTIMATOR_HOME"));
        assertThat(sh(env.get("GIT"), "-C", app.toString(), "rev-parse", "HEAD").text()).matches("[0-9a-f]{40}\n");
        assertThat(sh(env.get("YUM"), "update", "--security", "-y").code()).isZero();
        assertThat(sh(app.resolve("backend/.venv/bin/pip").toString(), "install", "-r", "requirements.txt").code())
                .isZero();
        assertThat(Files.readAllLines(sandbox.toolsLog())).contains("git -C " + app + " rev-parse HEAD",
                "yum update --security -y", "pip install -r requirements.txt");
    }

    @Test
    void systemdShowAnswersAsTheSystemdCheckAsks() throws Exception {
        Out show = sh(env.get("SYSTEMCTL"), "show", "--property=Id,LoadState,ActiveState,SubState", "httpd", "estimator", "nope");
        assertThat(show.text()).isEqualTo("Id=httpd.service\nLoadState=loaded\nActiveState=active\nSubState=running\n\n"
                + "Id=estimator.service\nLoadState=loaded\nActiveState=" + sandbox.unitState("estimator") + "\nSubState="
                + ("active".equals(sandbox.unitState("estimator")) ? "running" : "dead") + "\n\n"
                + "Id=nope.service\nLoadState=not-found\nActiveState=inactive\nSubState=dead\n");
    }

    @Test
    void aBrokenUnitFailsToStart() throws Exception {
        sandbox.breakUnit("estimator", true);
        try {
            Out r = sh(env.get("SYSTEMCTL"), "restart", "estimator");
            assertThat(r.code()).isEqualTo(1);
            assertThat(r.text()).contains("Job for estimator.service failed");
            assertThat(sandbox.unitState("estimator")).isEqualTo("failed");
            assertThat(sh(env.get("SYSTEMCTL"), "status", "estimator").text()).contains("Active: failed (failed)");
        } finally {
            sandbox.breakUnit("estimator", false);
            sandbox.setUnitState("estimator", "inactive");
        }
    }

    @Test
    void journalServesErrorsOfAUnit() throws Exception {
        Out r = sh(env.get("JOURNALCTL"), "-u", "estimator", "--since", "24 hours ago", "-p", "err", "--no-pager");
        assertThat(r.text().lines().toList()).hasSize(2).allMatch(l -> l.contains("estimator[4242]: Error:"));
        Out json = sh(env.get("JOURNALCTL"), "-u", "estimator.service", "-o", "json");
        assertThat(json.text().lines().filter(l -> l.contains("Task created")).count()).isEqualTo(3);
    }

    @Test
    void filesLogsAndBackupsAreThereWithTheirAges() throws Exception {
        Path uploads = Path.of(env.get("ESTIMATOR_UPLOADS"));
        Instant monthAgo = Instant.now().minus(Duration.ofDays(30));
        try (var s = Files.list(uploads)) {
            assertThat(s.filter(p -> p.toFile().lastModified() < monthAgo.toEpochMilli()).count()).isEqualTo(5);
        }
        try (var s = Files.list(Path.of(env.get("ESTIMATOR_BACKUP_DIR")))) {
            List<Path> b = s.sorted().toList();
            assertThat(b).hasSize(10);
            assertThat(b.get(b.size() - 1).resolve("app.db")).exists();
            assertThat(b.get(b.size() - 1).resolve(".env")).exists();
            assertThat(b.get(b.size() - 1).resolve("uploads")).isDirectory();
        }
        List<String> access = Files.readAllLines(Path.of(env.get("HTTPD_ACCESS_LOG")));
        assertThat(access.get(0)).matches("\\S+ - \\S+ \\[\\d\\d/\\w{3}/\\d{4}:\\d\\d:\\d\\d:\\d\\d [+-]\\d{4}] \"\\w+ \\S+ HTTP/1.1\" \\d{3} \\d+ \"-\" \".*\" \\d+");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + env.get("ESTIMATOR_DB"));
             ResultSet rs = c.createStatement().executeQuery("pragma integrity_check")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("ok");
        }
    }

    @Test
    void tlsEndpointHasASelfSignedCertificateExpiringInThreeWeeks() throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new TrustManager[] {new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] c, String a) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] c, String a) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, null);
        try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", Integer.parseInt(env.get("TLS_PORT")))) {
            s.startHandshake();
            X509Certificate cert = (X509Certificate) s.getSession().getPeerCertificates()[0];
            long days = Duration.between(Instant.now(), cert.getNotAfter().toInstant()).toDays();
            assertThat(days).isBetween(19L, 21L);
            assertThat(cert.getSubjectX500Principal().getName()).contains("CN=localhost");
        }
        assertThat(Path.of(env.get("TLS_CERT"))).content().startsWith("-----BEGIN CERTIFICATE-----");
    }

    /** The demo prints "source env.sh && runbook run …": env.sh puts the running launcher on PATH when none is. */
    @org.junit.jupiter.api.Test
    void envFilePathFindsTheLauncherThatMadeTheSandboxUnlessOneIsOnPathAlready(@org.junit.jupiter.api.io.TempDir Path tmp)
            throws Exception {
        Path install = Files.createDirectories(tmp.resolve("opt/runbook/bin"));
        Path launcher = Files.writeString(install.resolve("runbook"), "#!/bin/sh\n");
        assertThat(launcher.toFile().setExecutable(true)).isTrue();
        Path other = Files.createDirectories(tmp.resolve("usr/bin"));
        String path = tmp.resolve("demo/bin") + ":" + other;

        assertThat(DemoSandbox.pathWithLauncher(path, launcher.toString())).isEqualTo(path + ":" + install);
        assertThat(DemoSandbox.pathWithLauncher(path, null)).isEqualTo(path);

        Path onPath = Files.writeString(other.resolve("runbook"), "#!/bin/sh\n");
        assertThat(onPath.toFile().setExecutable(true)).isTrue();
        assertThat(DemoSandbox.pathWithLauncher(path, launcher.toString())).as("a runbook on PATH is the user's choice")
                .isEqualTo(path);
    }
}
