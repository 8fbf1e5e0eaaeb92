package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.sun.net.httpserver.HttpServer;
import jakarta.mail.internet.MimeMessage;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code runbook drill} through the launcher, in a separate process, against real receivers on 127.0.0.1: a
 * webhook receiver and an in-process SMTP server (GreenMail). The drill forces the health check CRITICAL while the
 * real health endpoint is fine; the remediation is a dry run (the restart's command is not run); the P1 incident
 * opens and its notifications really go out with {@code [DRILL]} before their subjects; the report says, per step,
 * what happened; the incident is resolved; and the next day report counts neither the drill's result nor its
 * incident.
 */
class DrillProcessTest {
    @TempDir
    static Path dir;
    static GreenMail smtp;
    static HttpServer servers;
    static final List<String> webhook = Collections.synchronizedList(new ArrayList<>());
    static Launch launcher;
    static Path yaml;
    static Path restarted;
    static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    @BeforeAll
    static void setUp() throws Exception {
        smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.start();
        servers = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        servers.createContext("/hook", ex -> {
            webhook.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        servers.createContext("/health", ex -> {
            byte[] b = "{\"status\":\"healthy\"}".getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        servers.start();
        int port = servers.getAddress().getPort();
        restarted = dir.resolve("restart-was-run");
        yaml = dir.resolve("runbook.yaml");
        Files.writeString(yaml, String.join("\n",
                "runbook: drilled",
                "title: Drilled service",
                "version: 1",
                "timezone: Asia/Tokyo",
                "store: ./state/drilled.db",
                "checks:",
                "  health:",
                "    type: http",
                "    url: \"http://127.0.0.1:" + port + "/health\"",
                "    timeout: 5s",
                "    expect: { status: 200, json: { status: healthy } }",
                "    incident: P1",
                "    on_critical: [restart-estimator, {wait: 30s}, {recheck: health}, {escalate: P1}]",
                "actions:",
                "  restart-estimator: { type: command, run: [touch, \"" + restarted + "\"], title: Restart estimator }",
                "escalation:",
                "  levels:",
                "    P1: { title: Complete service outage, respond: 0m, notify: [ops, infra-manager],",
                "          then: [ { after: 30m, notify: [cto] } ] }",
                "  contacts:",
                "    ops: { via: ops-webhook }",
                "    infra-manager: { via: ops-email, address: infra@example.com }",
                "    cto: { via: ops-email, address: cto@example.com }",
                "notifiers:",
                "  ops-webhook: { type: webhook, url: \"http://127.0.0.1:" + port + "/hook\", format: slack }",
                "  ops-email: { type: email, smtp: \"smtp://127.0.0.1:" + smtp.getSmtp().getPort() + "\","
                        + " from: runbook@example.com }",
                "procedures:",
                "  check: { steps: [health] }",
                ""));
        launcher = Launch.plain(dir.resolve("xdg"));
    }

    @AfterAll
    static void tearDown() {
        smtp.stop();
        servers.stop(0);
    }

    @Test
    void aDrillDeliversDrillMessagesPrintsItsReportAndStaysOutOfTheNextReport() throws Exception {
        // a real, healthy run first: the day has no downtime (too little of it is monitored for a percentage, §8)
        assertThat(launcher.run(dir, "run", yaml.toString(), "--check", "health").exit()).isZero();

        Launch.Outcome o = launcher.run(dir, "drill", yaml.toString(), "--check", "health", "--operator", "alice");
        assertThat(o.exit()).as(o.out() + o.err()).isZero();
        assertThat(o.out()).contains("Fire drill of drilled: check health",
                "detection", "health CRITICAL: fire drill: forced CRITICAL",
                "action", "restart-estimator: dry_run — would run: touch",
                "recheck health: done",
                "incident", "P1 opened for health (marked as a drill)",
                "delivered to ops via ops-webhook: [DRILL] ",
                "delivered to infra-manager via ops-email: [DRILL] ",
                "escalation due", "then: notify cto 30m after opening",
                "resolved", "Result: every step of the pipeline worked");
        assertThat(restarted).as("the remediation was a dry run").doesNotExist();

        assertThat(webhook).isNotEmpty().allSatisfy(body -> assertThat(body).contains("[DRILL] "));
        assertThat(webhook).anySatisfy(body -> assertThat(body).contains("P1"));
        MimeMessage[] mails = smtp.getReceivedMessages();
        assertThat(mails).isNotEmpty();
        for (MimeMessage m : mails) {
            assertThat(m.getSubject()).startsWith("[DRILL] ");
        }
        assertThat(mails).anySatisfy(m -> assertThat(m.getAllRecipients()[0].toString()).isEqualTo("infra@example.com"));
        assertThat(mails).as("the opening and the recovery").hasSizeGreaterThanOrEqualTo(2);

        // the drill is a stored run with trigger drill and its steps, and the outbox lists its notices as drills
        Launch.Outcome runs = launcher.run(dir, "runs", yaml.toString(), "--format", "json");
        assertThat(runs.exit()).as(runs.err()).isZero();
        com.fasterxml.jackson.databind.JsonNode drillRun = null;
        for (com.fasterxml.jackson.databind.JsonNode r : JSON.readTree(runs.out()).get("runs")) {
            if ("drill".equals(r.get("trigger").asText())) {
                assertThat(drillRun).as("one drill run").isNull();
                drillRun = r;
            }
        }
        assertThat(drillRun).as(runs.out()).isNotNull();
        assertThat(drillRun.get("operator").asText()).isEqualTo("alice");
        assertThat(drillRun.get("status").asText()).isEqualTo("CRITICAL");
        assertThat(drillRun.get("steps").toString()).contains("\"kind\":\"check\"", "fire drill: forced CRITICAL",
                "restart-estimator", "\"kind\":\"recheck\"");
        assertThat(o.out()).contains("recorded", "run #" + drillRun.get("id").asText() + " (trigger drill");
        Launch.Outcome shown = launcher.run(dir, "runs", yaml.toString());
        assertThat(shown.out()).contains("drill");
        Launch.Outcome notices = launcher.run(dir, "notifications", yaml.toString(), "--format", "json");
        assertThat(notices.exit()).as(notices.err()).isZero();
        com.fasterxml.jackson.databind.JsonNode list = JSON.readTree(notices.out()).get("notifications");
        assertThat(list).isNotEmpty().allSatisfy(n -> {
            assertThat(n.get("kind").asText()).isEqualTo("drill");
            assertThat(n.get("subject").asText()).startsWith("[DRILL] ").doesNotContain("[DRILL] [DRILL]");
        });

        // the drill's incident is resolved and marked; the day's report counts neither its result nor its incident
        Launch.Outcome inc = launcher.run(dir, "incidents", yaml.toString(), "--format", "json");
        assertThat(inc.out()).contains("\"state\" : \"resolved\"", "\"kind\" : \"drill\"", "fire drill of health by alice");
        Launch.Outcome report = launcher.run(dir, "report", yaml.toString(), "day", "--format", "json");
        assertThat(report.exit()).as(report.err()).isZero();
        // the drill's forced CRITICAL is no downtime: a counted drill would show its minutes here (§11)
        assertThat(report.out()).as(report.out()).contains("\"check\" : \"health\"", "\"downtime_s\" : 0,")
                .doesNotContain("fire drill");
    }

    @Test
    void aDrillOfAnUnknownCheckOrWithStatusOkIsRefused() throws Exception {
        Launch.Outcome unknown = launcher.run(dir, "drill", yaml.toString(), "--check", "helth");
        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.err()).contains("unknown check 'helth' (did you mean 'health'?)");
        Launch.Outcome ok = launcher.run(dir, "drill", yaml.toString(), "--check", "health", "--status", "OK");
        assertThat(ok.exit()).isEqualTo(2);
        assertThat(ok.err()).contains("a drill forces a failure");
    }
}
