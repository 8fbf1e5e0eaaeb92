package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.sun.net.httpserver.HttpServer;
import dev.runbook.core.ManualClock;
import dev.runbook.core.Status;
import dev.runbook.core.action.Outcome;
import dev.runbook.core.engine.ActionRun;
import dev.runbook.core.engine.CheckRun;
import dev.runbook.core.engine.Engine;
import dev.runbook.core.engine.RunRequest;
import dev.runbook.core.engine.RunResult;
import dev.runbook.core.escalation.Incident;
import dev.runbook.core.model.Runbook;
import dev.runbook.core.spi.TypeRegistry;
import dev.runbook.store.SqliteRunStore;
import dev.runbook.incidents.StoreIncidentService;
import dev.runbook.yaml.LoadResult;
import dev.runbook.yaml.RunbookLoader;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed's P1 path, end to end from YAML through the real loader, engine, SQLite store and incident service:
 * health fails → restart → wait → recheck fails → P1 opened → ops notified by webhook and the infrastructure
 * manager by email → the CTO after 30 minutes of fake time → the incident resolves itself when health is OK,
 * with the recovery report sent. Real servers on 127.0.0.1: the health endpoint, a webhook receiver, an SMTP
 * server (GreenMail). Time is a {@link ManualClock}; nothing sleeps.
 */
class SeedP1PathTest {
    static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

    @TempDir
    Path dir;
    GreenMail smtp;
    HttpServer hook;
    HttpServer health;
    final List<String> webhook = Collections.synchronizedList(new ArrayList<>());
    int healthPort;

    @BeforeEach
    void servers() throws IOException {
        smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.start();
        hook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hook.createContext("/hook", ex -> {
            webhook.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        hook.start();
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            healthPort = s.getLocalPort(); // nothing listens here until the service "comes back"
        }
    }

    @AfterEach
    void stop() {
        smtp.stop();
        hook.stop(0);
        if (health != null) {
            health.stop(0);
        }
    }

    @Test
    void p1OpensNotifiesEscalatesAfterThirtyMinutesAndResolvesWithARecoveryReport() throws Exception {
        Path yaml = dir.resolve("runbook.yaml");
        Files.writeString(yaml, String.join("\n",
                "runbook: ai-estimator",
                "title: AI Estimator System",
                "version: 1",
                "timezone: Asia/Tokyo",
                "store: ./state/ai-estimator.db",
                "checks:",
                "  health:",
                "    type: http",
                "    title: Health check",
                "    url: \"http://127.0.0.1:${env:HEALTH_PORT}/health\"",
                "    timeout: 2s",
                "    expect: { status: 200, json: { status: healthy } }",
                "    incident: P1",
                "    on_critical: [restart-estimator, {wait: 30s}, {recheck: health}, {escalate: P1}]",
                "actions:",
                "  restart-estimator: { type: command, run: [\"false\"], title: Restart estimator }",
                "escalation:",
                "  levels:",
                "    P1: { title: Complete service outage, respond: 0m, notify: [ops, infra-manager],",
                "          then: [ { after: 30m, notify: [cto] } ] }",
                "  contacts:",
                "    ops: { via: ops-webhook }",
                "    infra-manager: { via: ops-email, address: infra@example.com }",
                "    cto: { via: ops-email, address: cto@example.com }",
                "notifiers:",
                "  ops-webhook: { type: webhook, url: \"http://127.0.0.1:${env:HOOK_PORT}/hook\", format: slack }",
                "  ops-email: { type: email, smtp: \"smtp://127.0.0.1:${env:SMTP_PORT}\", from: runbook@example.com }",
                ""));
        ManualClock clock = new ManualClock(Instant.parse("2026-11-28T01:00:00Z"), TOKYO); // 10:00 in Tokyo
        LoadResult loaded = new RunbookLoader(TypeRegistry.load(), Map.of("HEALTH_PORT", Integer.toString(healthPort),
                "HOOK_PORT", Integer.toString(hook.getAddress().getPort()),
                "SMTP_PORT", Integer.toString(smtp.getSmtp().getPort())), clock).load(yaml);
        assertThat(loaded.errors()).isEmpty();
        Runbook rb = loaded.runbook();

        try (SqliteRunStore store = SqliteRunStore.open(Path.of(rb.store()), null, clock);
             StoreIncidentService incidents = StoreIncidentService.open(Path.of(rb.store()), rb, clock);
             Engine engine = Engine.builder().clock(clock).store(store).incidents(incidents)
                     .notifications(incidents.notifications()).listener(incidents.actionRecorder())
                     .sleeper(clock::advance).build()) {

            // 1. health is down: the restart does not help, the recheck fails, P1 opens
            RunResult down = engine.run(rb, RunRequest.builder().check("health").operator("alice").build());
            CheckRun h = down.results().get(0);
            assertThat(h.status()).isEqualTo(Status.CRITICAL);
            assertThat(h.message()).startsWith("connection refused");
            assertThat(h.actions()).extracting(ActionRun::step)
                    .containsExactly("restart-estimator", "wait 30s", "recheck health", "escalate P1");
            assertThat(h.actions()).extracting(ActionRun::outcome)
                    .containsExactly(Outcome.FAILED, Outcome.DONE, Outcome.DONE, Outcome.DONE);
            assertThat(incidents.open()).singleElement().satisfies(i -> {
                assertThat(i.level()).isEqualTo("P1");
                assertThat(i.check()).isEqualTo("health");
            });
            assertThat(webhook).hasSize(1);
            assertThat(webhook.get(0)).contains("【Incident Report】").contains("P1");
            assertThat(recipients()).containsExactly("infra@example.com");

            // 2. thirty minutes later, unresolved: the CTO is told
            clock.advance(Duration.ofMinutes(29));
            incidents.processDue(clock.instant());
            assertThat(recipients()).doesNotContain("cto@example.com");
            clock.advance(Duration.ofMinutes(1));
            incidents.processDue(clock.instant());
            assertThat(recipients()).contains("cto@example.com");

            // 3. the service is back: the next run finds health OK, the incident resolves, the recovery report goes out
            health = HttpServer.create(new InetSocketAddress("127.0.0.1", healthPort), 0);
            health.createContext("/health", ex -> {
                byte[] body = "{\"status\":\"healthy\"}".getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(200, body.length);
                ex.getResponseBody().write(body);
                ex.close();
            });
            health.start();
            clock.advance(Duration.ofMinutes(5));
            RunResult up = engine.run(rb, RunRequest.builder().check("health").build());
            assertThat(up.status()).isEqualTo(Status.OK);
            assertThat(incidents.open()).isEmpty();
            Incident resolved = incidents.all().get(0);
            assertThat(resolved.state()).isEqualTo(Incident.State.RESOLVED);
            assertThat(resolved.resolvedAt()).isEqualTo(clock.instant());
            assertThat(webhook.get(webhook.size() - 1)).contains("【Recovery Report】");
            // GreenMail lists messages by mailbox, not by arrival: pick the recovery reports by subject
            List<String> recoveryMailTo = new ArrayList<>();
            for (MimeMessage m : smtp.getReceivedMessages()) {
                if (m.getSubject().contains("Recovered")) {
                    assertThat(GreenMailUtil.getBody(m)).contains("Recovery Report");
                    recoveryMailTo.add(m.getAllRecipients()[0].toString());
                }
            }
            assertThat(recoveryMailTo).containsExactlyInAnyOrder("infra@example.com", "cto@example.com");
        }
    }

    private List<String> recipients() throws Exception {
        List<String> to = new ArrayList<>();
        for (MimeMessage m : smtp.getReceivedMessages()) {
            to.add(m.getAllRecipients()[0].toString());
        }
        return to;
    }
}
