package dev.runbook.checks.logs;

import dev.runbook.core.testing.TestCheckContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runbook.core.CheckResult;
import dev.runbook.core.Status;
import dev.runbook.core.spi.TypeContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccessLogCheckTypeTest {
    // 18:00 in Tokyo
    static final Instant NOW = Instant.parse("2026-11-28T09:00:00Z");
    private final AccessLogCheckType type = new AccessLogCheckType();
    private final TestCheckContext ctx = new TestCheckContext(NOW).zone(ZoneId.of("Asia/Tokyo"));
    @TempDir
    Path dir;

    private static String line(String client, String time, String request, int status, long micros) {
        return client + " - - [" + time + "] \"" + request + "\" " + status + " 512 \"-\" \"Mozilla/5.0 (X11; \\\"quoted\\\")\" "
                + micros + "\n";
    }

    private CheckResult run(String format, String window, String unit) throws Exception {
        return type.create(new AccessLogCheckType.Params("access_log", format, window, unit),
                new TypeContext(dir, ZoneOffset.UTC, Clock.fixed(NOW, ZoneOffset.UTC), "access")).run(ctx);
    }

    @Test
    void computesErrorRateLatencyPercentilesClientsAndStatusCountsForToday() throws Exception {
        StringBuilder b = new StringBuilder();
        b.append(line("10.0.0.9", "27/Nov/2026:23:59:59 +0900", "GET /yesterday HTTP/1.1", 500, 9_000_000));
        for (int i = 1; i <= 10; i++) {
            int status = i == 3 ? 503 : i == 7 ? 404 : 200;
            b.append(line("10.0.0." + (i % 4), "28/Nov/2026:0" + (i % 10) + ":00:01 +0900", "GET /api/" + i + " HTTP/1.1",
                    status, i * 100_000L));
        }
        b.append("garbage line\n");
        b.append("10.0.0.1 - - [28/Nov/2026:10:00:00 +0900] \"GET / HTTP/1.1\" 200 512 \"-\" \"curl\" notanumber\n");
        b.append(line("10.0.0.1", "28/Nov/2026:01:00:00 +0000", "GET /future HTTP/1.1", 200, 1)); // 10:00 Tokyo... in window
        Files.writeString(dir.resolve("access_log"), b.toString());
        CheckResult r = run(null, "today", null);
        assertThat(r.status()).isEqualTo(Status.OK);
        assertThat(r.metrics()).containsEntry("requests", 11.0).containsEntry("errors", 1.0)
                .containsEntry("status_503", 1.0).containsEntry("status_404", 1.0).containsEntry("status_200", 9.0)
                .containsEntry("status_2xx", 9.0).containsEntry("status_4xx", 1.0).containsEntry("status_5xx", 1.0)
                .containsEntry("malformed", 2.0).containsEntry("unique_clients", 4.0);
        assertThat(r.metrics().get("error_rate")).isCloseTo(100.0 / 11, Offset.offset(1e-9));
        assertThat(r.value()).isCloseTo(100.0 / 11, Offset.offset(1e-9));
        // durations 1e-6, 0.1 .. 1.0 s: numpy.percentile -> p95 = 0.95, p99 = 0.99
        assertThat(r.metrics().get("p95")).isCloseTo(0.95, Offset.offset(1e-9));
        assertThat(r.metrics().get("p99")).isCloseTo(0.99, Offset.offset(1e-9));
        assertThat(r.metrics().get("avg")).isCloseTo((5.5 + 1e-6) / 11, Offset.offset(1e-9));
        assertThat(r.message()).startsWith("11 requests today, 1 errors").contains("2 malformed");
    }

    @Test
    void countsTheLast24HoursByTheLogsOwnTimestamps() throws Exception {
        Files.writeString(dir.resolve("access_log"),
                line("a", "27/Nov/2026:08:59:59 +0000", "GET / HTTP/1.1", 500, 1)
                        + line("a", "27/Nov/2026:09:00:00 +0000", "GET / HTTP/1.1", 500, 1)
                        + line("b", "28/Nov/2026:18:00:00 +0900", "GET / HTTP/1.1", 200, 1)
                        + line("b", "28/Nov/2026:18:00:01 +0900", "GET / HTTP/1.1", 200, 1));
        CheckResult r = run("combined+duration", "24h", null);
        assertThat(r.metrics()).containsEntry("requests", 2.0).containsEntry("errors", 1.0).containsEntry("error_rate", 50.0);
    }

    @Test
    void readsPlainCombinedWithoutLatencyMetrics() throws Exception {
        Files.writeString(dir.resolve("access_log"),
                "1.2.3.4 - - [28/Nov/2026:09:00:01 +0900] \"GET / HTTP/1.1\" 200 2326 \"-\" \"curl/8\"\n");
        CheckResult r = run("combined", null, null);
        assertThat(r.metrics()).containsEntry("requests", 1.0).doesNotContainKey("p95");
    }

    @Test
    void readsARegexFormatWithNamedGroups() throws Exception {
        Files.writeString(dir.resolve("access_log"),
                "2026-11-28T08:00:00Z 10.1.1.1 GET /a 200 120ms\n2026-11-28T08:30:00Z 10.1.1.2 GET /b 502 480ms\n"
                        + "2026-11-20T08:30:00Z 10.1.1.2 GET /old 502 480ms\nnot a line\n");
        CheckResult r = run("^(?<time>\\S+) (?<client>\\S+) \\S+ \\S+ (?<status>\\d{3}) (?<duration>\\d+)ms$", "24h", "ms");
        assertThat(r.metrics()).containsEntry("requests", 2.0).containsEntry("errors", 1.0).containsEntry("malformed", 1.0)
                .containsEntry("unique_clients", 2.0).containsEntry("status_502", 1.0);
        assertThat(r.metrics().get("p95")).isCloseTo(0.12 + 0.95 * 0.36, Offset.offset(1e-9));
    }

    @Test
    void reportsNoRequestsAsAZeroErrorRateAndAMissingLogAsCritical() throws Exception {
        Files.writeString(dir.resolve("access_log"), "");
        CheckResult empty = run(null, "today", null);
        assertThat(empty.metrics()).containsEntry("requests", 0.0).containsEntry("error_rate", 0.0);
        assertThat(empty.message()).isEqualTo("no requests today");
        Files.delete(dir.resolve("access_log"));
        assertThat(run(null, "today", null).status()).isEqualTo(Status.CRITICAL);
    }

    @Test
    void refusesAnUnknownFormat() {
        assertThatThrownBy(() -> run("json", null, null)).hasMessageStartingWith("format").hasMessageContaining("json");
        assertThatThrownBy(() -> run("(?<client>\\S+)", null, null)).hasMessageContaining("(?<status>");
    }

    @Test
    void parsesDatesLikeJavaTime() {
        for (String d : new String[] {"1970-01-01", "2000-02-29", "2026-11-28", "2100-03-01", "1969-12-31"}) {
            java.time.LocalDate ld = java.time.LocalDate.parse(d);
            assertThat(CombinedLogParser.daysFromCivil(ld.getYear(), ld.getMonthValue(), ld.getDayOfMonth()))
                    .isEqualTo(ld.toEpochDay());
        }
    }
}
