package dev.runbook.checks.logs;

import dev.runbook.core.testing.TestCheckContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runbook.core.Check;
import dev.runbook.core.CheckResult;
import dev.runbook.core.Status;
import dev.runbook.core.spi.TypeContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogCheckTypeTest {
    static final Instant NOW = Instant.parse("2026-11-28T09:00:00Z");
    private final LogCheckType type = new LogCheckType();
    private final TestCheckContext ctx = new TestCheckContext(NOW);
    @TempDir
    Path dir;

    private Check check(String file, String pattern, String window, String timestamp, String extract, String groupBy,
                        LogCheckType.Missing missing, String unit) {
        return type.create(new LogCheckType.Params(file, pattern, window, timestamp, extract, groupBy, missing, unit),
                new TypeContext(dir, ZoneOffset.UTC, Clock.fixed(NOW, ZoneOffset.UTC), "errors"));
    }

    private Check incremental(String file, String pattern) {
        return check(file, pattern, null, null, null, null, null, null);
    }

    private void append(String name, String text) throws Exception {
        Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    @Test
    void countsTheWholeFileOnTheFirstRunThenOnlyNewLines() throws Exception {
        append("app.log", "INFO start\nERROR db down\nINFO ok\nERROR again\n");
        Check c = incremental("app.log", "ERROR");
        CheckResult first = c.run(ctx);
        assertThat(first.metrics()).containsEntry("matches", 2.0);
        assertThat(first.message()).contains("(first ad-hoc run)");
        assertThat(c.run(ctx).metrics()).containsEntry("matches", 0.0);
        append("app.log", "ERROR third\nINFO fine\n");
        CheckResult third = c.run(ctx);
        assertThat(third.metrics()).containsEntry("matches", 1.0);
        assertThat(third.message()).contains("since the previous ad-hoc run at 2026-");
    }

    @Test
    void keepsOffsetsPerProcedureSoNoRunConsumesAnotherProceduresLines() throws Exception {
        append("app.log", "ERROR one\nERROR two\n");
        Check c = incremental("app.log", "ERROR");
        ctx.procedure("morning-check");
        assertThat(c.run(ctx).metrics()).containsEntry("matches", 2.0);
        append("app.log", "ERROR three\n");
        ctx.procedure(null);
        CheckResult adHoc = c.run(ctx);
        assertThat(adHoc.metrics()).as("the ad-hoc run's own offsets: the whole file").containsEntry("matches", 3.0);
        assertThat(adHoc.message()).contains("(first ad-hoc run)");
        ctx.procedure("morning-check");
        CheckResult morning = c.run(ctx);
        assertThat(morning.metrics()).as("the ad-hoc run consumed nothing of morning-check's").containsEntry("matches", 1.0);
        assertThat(morning.message()).contains("since the previous morning-check run at 2026-");
        ctx.procedure("evening-check");
        assertThat(c.run(ctx).metrics()).containsEntry("matches", 3.0);
    }

    @Test
    void leavesAPartlyWrittenLastLineForTheNextRun() throws Exception {
        append("app.log", "ERROR one\nERROR tw");
        Check c = incremental("app.log", "ERROR");
        assertThat(c.run(ctx).metrics()).containsEntry("matches", 1.0);
        append("app.log", "o\n");
        assertThat(c.run(ctx).metrics()).containsEntry("matches", 1.0);
    }

    @Test
    void readsARotatedFileFromItsStart() throws Exception {
        append("app.log", "ERROR a\nERROR b\nERROR c\n");
        Check c = incremental("app.log", "ERROR");
        assertThat(c.run(ctx).metrics()).containsEntry("matches", 3.0);
        Files.move(dir.resolve("app.log"), dir.resolve("app.log.1"));
        append("app.log", "ERROR new\n");
        CheckResult r = c.run(ctx);
        assertThat(r.metrics()).containsEntry("matches", 1.0);
    }

    @Test
    void followsLinesAppendedToTheRotatedFileWhenTheGlobCoversIt() throws Exception {
        append("app.log", "ERROR a\n");
        Check c = incremental("app.log*", "ERROR");
        assertThat(c.run(ctx).metrics()).containsEntry("matches", 1.0);
        append("app.log", "ERROR late write before rotation\n");
        Files.move(dir.resolve("app.log"), dir.resolve("app.log.1"));
        append("app.log", "ERROR new file\nERROR new file 2\n");
        assertThat(c.run(ctx).metrics()).containsEntry("matches", 3.0);
    }

    @Test
    void readsATruncatedFileFromItsStart() throws Exception {
        append("app.log", "ERROR a\nERROR b\nERROR c\nERROR d\n");
        Check c = incremental("app.log", "ERROR");
        assertThat(c.run(ctx).metrics()).containsEntry("matches", 4.0);
        Files.writeString(dir.resolve("app.log"), "ERROR x\n", StandardOpenOption.TRUNCATE_EXISTING);
        CheckResult r = c.run(ctx);
        assertThat(r.metrics()).containsEntry("matches", 1.0);
        assertThat(r.details()).containsKey("reset");
    }

    @Test
    void doesNotAdvanceOffsetsInDryRun() throws Exception {
        append("app.log", "ERROR a\n");
        Check c = incremental("app.log", "ERROR");
        ctx.dryRun(true);
        assertThat(c.run(ctx).metrics()).containsEntry("matches", 1.0);
        assertThat(c.run(ctx).metrics()).containsEntry("matches", 1.0);
        assertThat(ctx.state).isEmpty();
    }

    @Test
    void appliesARegexAfterTheLiteralPrefix() throws Exception {
        append("app.log", "Error: OpenAI timeout\nError: x\nErr: no\nINFO Error: inside\n");
        CheckResult r = incremental("app.log", "^Error: [A-Z]\\w+").run(ctx);
        assertThat(r.metrics()).containsEntry("matches", 1.0);
    }

    @Test
    void countsOnlyLinesInsideAnIso8601Window() throws Exception {
        append("app.log", "2026-11-27T08:00:00Z ERROR too old\n"
                + "2026-11-27T09:30:00+00:00 ERROR inside\n"
                + "2026-11-28 17:59:00 ERROR inside, local time of Asia/Tokyo? no: UTC zone here\n"
                + "ERROR without a timestamp\n"
                + "2026-11-28T10:00:00Z ERROR in the future\n");
        CheckResult r = check("app.log", "ERROR", "24h", null, null, null, null, null).run(ctx);
        assertThat(r.metrics()).containsEntry("matches", 1.0);
        assertThat(r.details()).containsEntry("undated_matches", 1L);
    }

    @Test
    void readsSyslogAndApacheTimestampsForTodayInTheRunbookZone() throws Exception {
        ctx.zone(ZoneId.of("Asia/Tokyo")); // 09:00Z is 18:00 in Tokyo
        append("messages", "Nov 28 00:10:00 host app[1]: failed login\nNov 27 23:59:59 host app[1]: failed login\n"
                + "Nov 28 17:00:00 host app[1]: failed login\n");
        assertThat(check("messages", "failed login", "today", "syslog", null, null, null, null).run(ctx).metrics())
                .containsEntry("matches", 2.0);
        append("access_log", "1.2.3.4 - - [28/Nov/2026:00:00:01 +0900] \"GET / HTTP/1.1\" 401 5\n"
                + "1.2.3.4 - - [27/Nov/2026:23:59:59 +0900] \"GET / HTTP/1.1\" 401 5\n");
        assertThat(check("access_log", "\" 401 ", "today", "apache", null, null, null, null).run(ctx).metrics())
                .containsEntry("matches", 1.0);
    }

    @Test
    void extractsNumbersIntoAverageAndInterpolatedPercentiles() throws Exception {
        StringBuilder b = new StringBuilder();
        for (int i = 1; i <= 10; i++) {
            b.append("request path=/api/").append(i % 2 == 0 ? "estimate" : "tasks").append(" took ").append(i * 100)
                    .append("ms\n");
        }
        b.append("unrelated line\n");
        append("app.log", b.toString());
        CheckResult r = check("app.log", "took", null, null, "took (\\d+)ms", "path=(\\S+)", null, "ms").run(ctx);
        assertThat(r.metrics()).containsEntry("matches", 10.0).containsEntry("avg", 0.55).containsEntry("max", 1.0);
        // numpy.percentile([100..1000 step 100], 95) = 955 -> 0.955 s
        assertThat(r.metrics().get("p95")).isCloseTo(0.955, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(r.metrics().get("p99")).isCloseTo(0.991, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(r.details().get("groups")).isEqualTo(Map.of("/api/estimate", 5L, "/api/tasks", 5L));
        assertThat(type.metrics(new LogCheckType.Params("f", "p", null, null, "(\\d)", null, null, "ms")))
                .extracting(m -> m.name()).containsExactly("matches", "avg", "p95", "p99", "max");
    }

    @Test
    void isCriticalWhenNothingMatchesTheGlobUnlessMissingIsOk() throws Exception {
        CheckResult r = incremental("logs/*.log", "ERROR").run(ctx);
        assertThat(r.status()).isEqualTo(Status.CRITICAL);
        assertThat(r.message()).startsWith("no log file matches");
        CheckResult ok = check("logs/*.log", "ERROR", null, null, null, null, LogCheckType.Missing.OK, null).run(ctx);
        assertThat(ok.status()).isEqualTo(Status.OK);
        assertThat(ok.metrics()).containsEntry("matches", 0.0);
    }

    @Test
    void handlesLinesLongerThanTheBufferAndCrLf() throws Exception {
        String longLine = "x".repeat(3 << 20) + " ERROR at the end\r\n";
        append("big.log", longLine + "ERROR short\r\n");
        CheckResult r = check("big.log", "ERROR", null, null, null, "(ERROR \\w+)$", null, null).run(ctx);
        assertThat(r.metrics()).containsEntry("matches", 2.0);
        assertThat(r.details().get("groups")).isEqualTo(Map.of("ERROR short", 1L));
    }

    @Test
    void refusesBadRegexesAndWindows() {
        assertThatThrownBy(() -> incremental("a.log", "([")).hasMessageStartingWith("pattern: invalid regex");
        assertThatThrownBy(() -> check("a.log", "x", "fortnight", null, null, null, null, null)).hasMessageStartingWith("window")
                .hasMessageContaining("fortnight");
        assertThatThrownBy(() -> check("a.log", "x", null, null, "\\d+", null, null, null)).hasMessageStartingWith("extract");
    }
}
