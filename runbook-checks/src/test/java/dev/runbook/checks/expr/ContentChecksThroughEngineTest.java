package dev.runbook.checks.expr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.checks.logs.AccessLogCheckType;
import dev.runbook.checks.logs.LogCheckType;
import dev.runbook.core.Status;
import dev.runbook.core.engine.CheckRun;
import dev.runbook.core.engine.Engine;
import dev.runbook.core.engine.RunRequest;
import dev.runbook.core.engine.RunResult;
import dev.runbook.core.model.Runbook;
import dev.runbook.dsl.RunbookBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The seed's error-rate figure, end to end through the core engine: log + access-log feed an expr with thresholds. */
class ContentChecksThroughEngineTest {
    @TempDir
    Path dir;

    @Test
    void errorRateFromLogAndAccessLogCrossesItsWarningThroughTheEngine() throws Exception {
        Path app = dir.resolve("app.log");
        Files.writeString(app, "INFO ok\nERROR one\nERROR two\n");
        StringBuilder access = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            access.append("10.0.0.").append(i % 7).append(" - - [28/Nov/2026:08:").append(String.format("%02d", i % 60))
                    .append(":00 +0000] \"GET / HTTP/1.1\" 200 5 \"-\" \"curl\" 1000\n");
        }
        Files.writeString(dir.resolve("access_log"), access.toString());
        Runbook rb = RunbookBuilder.runbook("it")
                .check("errors-24h", c -> c.of(new LogCheckType(),
                        new LogCheckType.Params(app.toString(), "ERROR", null, null, null, null, null, null)))
                .check("access", c -> c.of(new AccessLogCheckType(),
                        new AccessLogCheckType.Params(dir.resolve("access_log").toString(), null, "today", null)))
                .check("error-rate", c -> c.of(new ExprCheckType(),
                        new ExprCheckType.Params("errors-24h.matches / access.requests * 100", "%", null))
                        .warning("1%").critical("5%").dependsOn("errors-24h", "access"))
                .build();
        try (Engine engine = Engine.builder().clock(Clock.fixed(Instant.parse("2026-11-28T09:00:00Z"), ZoneOffset.UTC)).build()) {
            RunResult r = engine.run(rb, RunRequest.allChecks());
            Map<String, CheckRun> byId = r.results().stream().collect(Collectors.toMap(CheckRun::check, Function.identity()));
            assertThat(byId.get("errors-24h").metrics()).containsEntry("matches", 2.0);
            assertThat(byId.get("access").metrics()).containsEntry("requests", 100.0);
            CheckRun rate = byId.get("error-rate");
            assertThat(rate.value()).as(rate.status() + " " + rate.message()).isEqualTo(2.0);
            assertThat(rate.status()).as(rate.message()).isEqualTo(Status.WARNING);
            assertThat(r.status()).isEqualTo(Status.WARNING);
        }
    }
}
