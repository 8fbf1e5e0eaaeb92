package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14's "a per-client 401 count for brute force", through the launcher as cron runs it: the seed's
 * {@code brute-force} check ({@code access-log} with {@code per_client: [401]}) judges the one client with the most
 * 401s in the last 24 hours and names it; many clients with a few 401s each are no attack, however many 401s they
 * add up to.
 */
class BruteForceProcessTest {
    static final Path SEED = Path.of("ai-estimator/runbook.yaml").toAbsolutePath();
    static final DateTimeFormatter APACHE = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH);

    @TempDir
    Path dir;

    /** {@code n} requests from {@code client} answered {@code status}, {@code minutesAgo} before now. */
    static String lines(String client, int status, int n, long minutesAgo) {
        StringBuilder b = new StringBuilder();
        ZonedDateTime at = ZonedDateTime.now(ZoneId.systemDefault()).minusMinutes(minutesAgo);
        for (int i = 0; i < n; i++) {
            b.append(client).append(" - - [").append(at.plusSeconds(i % 50).format(APACHE))
                    .append("] \"POST /api/v1/login HTTP/1.1\" ").append(status)
                    .append(" 120 \"-\" \"curl/8.0\" 30000\n");
        }
        return b.toString();
    }

    private JsonNode bruteForce(String log, String... extra) throws Exception {
        Files.createDirectories(dir.resolve("httpd"));
        Files.writeString(dir.resolve("httpd/access_log"), log);
        Launch l = Launch.plain(dir.resolve("xdg"))
                .env("HTTPD_LOG_DIR", dir.resolve("httpd").toString())
                .env("RUNBOOK_STATE_DIR", dir.resolve("state").toString())
                .env("NOTIFICATIONS_FILE", dir.resolve("notifications.jsonl").toString())
                .env("SMTP_URL", "smtp://127.0.0.1:1");   // nothing listens: mail fails at once and waits in the outbox
        String[] args = new String[5 + extra.length];
        System.arraycopy(new String[] {"run", SEED.toString(), "--check", "brute-force", "--format=json"}, 0, args, 0, 5);
        System.arraycopy(extra, 0, args, 5, extra.length);
        Launch.Outcome o = l.run(dir, args);
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(o.out());
        } catch (Exception e) {
            throw new AssertionError("not JSON (exit " + o.exit() + "): " + o.out() + o.err(), e);
        }
        assertThat(root.path("results")).as(o.out() + o.err()).hasSize(1);
        JsonNode r = root.path("results").get(0);
        assertThat(o.exit()).as(o.out() + o.err()).isEqualTo(switch (r.path("status").asText()) {
            case "OK" -> 0;
            case "WARNING" -> 1;
            case "CRITICAL" -> 2;
            default -> 3;
        });
        ((com.fasterxml.jackson.databind.node.ObjectNode) r).set("incidents", root.path("incidents"));
        return r;
    }

    @Test
    void oneClientWithManyFailedLoginsIsAWarningThatNamesIt() throws Exception {
        JsonNode r = bruteForce(lines("10.0.0.1", 200, 40, 90) + lines("203.0.113.66", 401, 120, 30)
                + lines("10.0.0.2", 401, 3, 20) + lines("10.0.0.3", 200, 25, 10));
        assertThat(r.path("status").asText()).as(r.toString()).isEqualTo("WARNING");
        assertThat(r.path("metrics").path("top_client_status_401").asDouble()).isEqualTo(120);
        assertThat(r.path("metrics").path("status_401").asDouble()).isEqualTo(123);
        assertThat(r.path("message").asText()).contains("203.0.113.66 (120)");
    }

    @Test
    void anAttackPastTheCriticalCountOpensASecurityIncident() throws Exception {
        JsonNode r = bruteForce(lines("198.51.100.7", 401, 250, 45) + lines("10.0.0.1", 200, 30, 5));
        assertThat(r.path("status").asText()).as(r.toString()).isEqualTo("CRITICAL");
        assertThat(r.path("message").asText()).contains("198.51.100.7 (250)");
        assertThat(r.path("incidents")).as(r.toString()).hasSize(1);
        assertThat(r.path("incidents").get(0).path("level").asText()).isEqualTo("P2");
    }

    @Test
    void manyClientsWithAFewEachAndOldAttacksAreNoAttack() throws Exception {
        StringBuilder log = new StringBuilder(lines("192.0.2.99", 401, 400, 26 * 60));   // two days ago: outside 24h
        for (int c = 1; c <= 100; c++) {
            log.append(lines("10.1.0." + c, 401, 5, 60 + c));   // 500 401s today, but 5 a client
        }
        JsonNode r = bruteForce(log.toString(), "--no-actions");
        assertThat(r.path("status").asText()).as(r.toString()).isEqualTo("OK");
        assertThat(r.path("metrics").path("status_401").asDouble()).isEqualTo(500);
        assertThat(r.path("metrics").path("top_client_status_401").asDouble()).isEqualTo(5);
        assertThat(r.path("message").asText()).doesNotContain("192.0.2.99");
    }
}
