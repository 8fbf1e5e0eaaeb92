package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The outbox is visible (contract §7 [1.1]), through the launcher as separate processes: an email the SMTP server
 * refused shows in {@code runbook notifications} as pending with its error, the incident's timeline says "queued
 * to", not "notified"; once given up, {@code retry} puts it back and, with the mail server (GreenMail) up,
 * delivers it. Listing never creates the store.
 */
class NotificationsProcessTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Launch.Outcome runbook(String... args) throws Exception {
        return Launch.plain(dir.resolve("xdg")).timeoutSeconds(120).run(dir, args);
    }

    private void write(int smtpPort) throws Exception {
        Files.writeString(dir.resolve("runbook.yaml"), String.join("\n",
                "runbook: mail",
                "version: 1",
                "timezone: UTC",
                "store: ./state/mail.db",
                "checks:",
                "  health: { type: command, run: [\"false\"], expect: { exit: 0 }, incident: P1 }",
                "escalation:",
                "  levels:",
                "    P1: { title: Complete service outage, respond: 0m, notify: [infra-manager] }",
                "  contacts:",
                "    infra-manager: { via: ops-email, address: infra@example.com }",
                "notifiers:",
                "  ops-email: { type: email, smtp: \"smtp://127.0.0.1:" + smtpPort + "\", from: runbook@example.com }",
                ""));
    }

    @Test
    void anUndeliveredEmailIsPendingWithItsErrorAndRetryDeliversItOnceTheServerIsUp() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort(); // closed again: connections to it are refused
        }
        write(port);
        Launch.Outcome empty = runbook("notifications", "runbook.yaml");
        assertThat(empty.exit()).as(empty.err()).isZero();
        assertThat(empty.out()).isEqualTo("No notifications.\n");
        assertThat(dir.resolve("state/mail.db")).as("listing does not create the store").doesNotExist();

        assertThat(runbook("run", "runbook.yaml").exit()).isEqualTo(2);
        Launch.Outcome listed = runbook("notifications", "runbook.yaml", "--format", "json");
        assertThat(listed.exit()).as(listed.err()).isZero();
        JsonNode n = JSON.readTree(listed.out()).get("notifications");
        assertThat(n.size()).isEqualTo(1);
        assertThat(n.get(0).get("kind").asText()).isEqualTo("incident");
        assertThat(n.get(0).get("incident").asLong()).isEqualTo(1);
        JsonNode to = n.get(0).get("recipients").get(0);
        assertThat(to.get("recipient").asText()).isEqualTo("infra-manager");
        assertThat(to.get("via").asText()).isEqualTo("ops-email");
        assertThat(to.get("state").asText()).isEqualTo("pending");
        assertThat(to.get("attempts").asInt()).isEqualTo(1);
        assertThat(to.get("next_attempt_at").isNull()).isFalse();
        assertThat(to.get("delivered_at").isNull()).isTrue();
        assertThat(to.get("last_error").asText()).containsIgnoringCase("connect");
        long id = n.get(0).get("id").asLong();
        Launch.Outcome text = runbook("notifications", "runbook.yaml", "show", Long.toString(id));
        assertThat(text.out()).contains("infra-manager via ops-email  pending (1 attempt, next attempt ")
                .contains("last error: ");

        String timeline = JSON.readTree(runbook("incidents", "runbook.yaml", "show", "1", "--format", "json").out())
                .get("incidents").get(0).get("timeline").toString();
        assertThat(timeline).contains("incident queued to infra-manager").doesNotContain("notified")
                .doesNotContain("delivered to");

        // three hours of refused retries later the outbox gives up (the store as the last attempt leaves it)
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("state/mail.db"));
             Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE incident_outbox SET state = 'failed', attempts = 10, done_at = next_attempt_at");
        }
        JsonNode failed = JSON.readTree(runbook("notifications", "runbook.yaml", "--format", "json").out())
                .get("notifications").get(0).get("recipients").get(0);
        assertThat(failed.get("state").asText()).isEqualTo("failed");
        assertThat(failed.get("last_error").asText()).containsIgnoringCase("connect");

        GreenMail smtp = new GreenMail(ServerSetupTest.SMTP.port(port));
        smtp.start();
        try {
            write(port);
            Launch.Outcome retried = runbook("notifications", "runbook.yaml", "retry", Long.toString(id), "--format", "json");
            assertThat(retried.exit()).as(retried.err()).isZero();
            JsonNode after = JSON.readTree(retried.out()).get("notifications").get(0).get("recipients").get(0);
            assertThat(after.get("state").asText()).isEqualTo("delivered");
            assertThat(after.get("delivered_at").isNull()).isFalse();
            assertThat(smtp.getReceivedMessages()).hasSize(1);
            assertThat(smtp.getReceivedMessages()[0].getAllRecipients()[0].toString()).isEqualTo("infra@example.com");
        } finally {
            smtp.stop();
        }
        String later = JSON.readTree(runbook("incidents", "runbook.yaml", "show", "1", "--format", "json").out())
                .get("incidents").get(0).get("timeline").toString();
        assertThat(later).contains("delivered to infra-manager");
        assertThat(runbook("notifications", "runbook.yaml", "retry", "999").exit()).isEqualTo(1);
    }
}
