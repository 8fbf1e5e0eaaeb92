package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.sun.net.httpserver.HttpServer;
import dev.runbook.runtime.sandbox.DemoSandbox;
import jakarta.mail.internet.MimeMessage;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code runbook drill} of the seed runbook against the demo sandbox, through the launcher in a separate process
 * (issue 16's promise): the seed's notifiers are pointed, through the environment and secrets the seed reads
 * ({@code OPS_WEBHOOK_URL}, {@code SMTP_URL}, {@code SMTP_PASSWORD}, {@code INFRA_MANAGER_EMAIL}), at a real webhook
 * receiver on 127.0.0.1 and an in-process SMTP server (GreenMail) behind a STARTTLS front, since the seed's mail
 * server must speak STARTTLS; the drill of {@code health} delivers {@code [DRILL]} messages to both, prints its
 * report, runs the seed's P1 remediation as a dry run (the sandbox's estimator unit is left as it was), and is
 * stored as a run with trigger drill.
 */
class DemoDrillProcessTest {
    static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path dir;
    static DemoSandbox sandbox;
    static GreenMail smtp;
    static StartTlsRelay relay;
    static HttpServer hook;
    static final List<String> webhook = Collections.synchronizedList(new ArrayList<>());
    static Launch launcher;
    static Path seed;

    @BeforeAll
    static void setUp() throws Exception {
        sandbox = DemoSandbox.create(dir.resolve("sandbox"), ZoneId.systemDefault());
        smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort())
                .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
        smtp.start();
        Path tls = sandbox.root().resolve("tls");
        relay = new StartTlsRelay(tls.resolve("server.p12"), "changeit".toCharArray(), smtp.getSmtp().getPort());
        // the launcher trusts the sandbox's certificate, as a host trusts its own mail server's
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(tls.resolve("server.pem"))) {
            trust.setCertificateEntry("sandbox", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        Path trustStore = dir.resolve("trust.p12");
        try (OutputStream out = Files.newOutputStream(trustStore)) {
            trust.store(out, "changeit".toCharArray());
        }
        hook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hook.createContext("/slack", ex -> {
            webhook.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        hook.start();
        launcher = Launch.plain(dir.resolve("xdg"));
        for (Map.Entry<String, String> e : sandbox.environment().entrySet()) {
            launcher.env(e.getKey(), e.getValue());
        }
        launcher.env("OPS_WEBHOOK_URL", "http://127.0.0.1:" + hook.getAddress().getPort() + "/slack")
                .env("SMTP_URL", "smtp://127.0.0.1:" + relay.port())
                .env("SMTP_PASSWORD", "drill-password")
                .env("INFRA_MANAGER_EMAIL", "infra@drill.example.com")
                .env("JAVA_TOOL_OPTIONS", "-Djavax.net.ssl.trustStore=" + trustStore
                        + " -Djavax.net.ssl.trustStorePassword=changeit -Djavax.net.ssl.trustStoreType=PKCS12");
        seed = Path.of("ai-estimator", "runbook.yaml").toAbsolutePath();
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (relay != null) {
            relay.close();
        }
        if (smtp != null) {
            smtp.stop();
        }
        if (hook != null) {
            hook.stop(0);
        }
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    void aDrillOfTheSeedAgainstTheSandboxDeliversDrillMessagesByWebhookAndMailAndPrintsItsReport() throws Exception {
        String estimatorBefore = sandbox.unitState("estimator");
        Launch.Outcome o = launcher.run(dir, "drill", seed.toString(), "--check", "health", "--operator", "alice");
        assertThat(o.exit()).as(o.out() + o.err()).isZero();
        assertThat(o.out()).contains("Fire drill of ai-estimator: check health",
                "detection", "health CRITICAL: fire drill: forced CRITICAL",
                "(a drill: dry run; --act to run it)",
                "incident", "P1 opened for health (marked as a drill)",
                "delivered to ops via ops-webhook: [DRILL] [P1]",
                "delivered to infra-manager via ops-email: [DRILL] [P1]",
                "escalation due", "then: notify cto, developer-manager 30m after opening",
                "resolved", "run #", "(trigger drill;", "Result: every step of the pipeline worked");
        assertThat(sandbox.unitState("estimator")).as("the P1 remediation was a dry run").isEqualTo(estimatorBefore);

        assertThat(webhook).as("the opening and the recovery reached the webhook").hasSizeGreaterThanOrEqualTo(2)
                .allSatisfy(body -> assertThat(body).contains("[DRILL] "));
        MimeMessage[] mails = smtp.getReceivedMessages();
        assertThat(mails).as("the opening and the recovery reached the mail server").hasSizeGreaterThanOrEqualTo(2);
        for (MimeMessage m : mails) {
            assertThat(m.getSubject()).startsWith("[DRILL] ");
            assertThat(m.getAllRecipients()[0].toString()).isEqualTo("infra@drill.example.com");
        }
        assertThat(mails).anySatisfy(m -> assertThat(m.getSubject()).contains("[P1]"));

        JsonNode runs = JSON.readTree(launcher.run(dir, "runs", seed.toString(), "--format", "json").out());
        assertThat(runs.get("runs")).anySatisfy(r -> {
            assertThat(r.get("trigger").asText()).isEqualTo("drill");
            assertThat(r.get("operator").asText()).isEqualTo("alice");
        });
        JsonNode notices = JSON.readTree(launcher.run(dir, "notifications", seed.toString(), "--format", "json").out());
        assertThat(notices.get("notifications")).isNotEmpty().allSatisfy(n -> {
            assertThat(n.get("kind").asText()).isEqualTo("drill");
            assertThat(n.get("subject").asText()).startsWith("[DRILL] ");
        });
    }
}
