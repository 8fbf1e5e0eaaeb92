package com.example.runbook.apicost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.runbook.core.Status;
import dev.runbook.core.engine.CheckRun;
import dev.runbook.core.engine.Engine;
import dev.runbook.core.engine.RunRequest;
import dev.runbook.core.model.Runbook;
import dev.runbook.core.spi.TypeContext;
import dev.runbook.core.spi.TypeRegistry;
import dev.runbook.dsl.RunbookBuilder;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ApiCostCheckTypeTest {
    private HttpServer server;
    private final AtomicReference<String> body = new AtomicReference<>("{\"tokens\": 1234567, \"cost\": 2.80, \"currency\": \"USD\"}");
    private final AtomicReference<Integer> status = new AtomicReference<>(200);
    private final AtomicReference<String> auth = new AtomicReference<>();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/usage", ex -> {
            auth.set(ex.getRequestHeaders().getFirst("Authorization"));
            byte[] b = body.get().getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(status.get(), b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/usage";
    }

    private CheckRun run(String url, String budget, String warning, String critical) {
        ApiCostCheckType type = new ApiCostCheckType();
        Runbook rb = RunbookBuilder.runbook("costs")
                .check("openai-cost", c -> c.title("OpenAI API usage and cost")
                        .of(type, new ApiCostCheckType.Params(url, "sk-test", "USD", budget))
                        .warning(warning).critical(critical).timeout("2s"))
                .build();
        try (Engine e = Engine.builder().build()) {
            return e.run(rb, RunRequest.allChecks()).results().get(0);
        }
    }

    @Test
    void reportsCostTokensAndBudgetUsedWithinBudget() {
        CheckRun r = run(url(), "20 USD", "15 USD", "20 USD");
        assertThat(r.status()).isEqualTo(Status.OK);
        assertThat(r.value()).isEqualTo(2.80);
        assertThat(r.unit().symbol()).isEqualTo("USD");
        assertThat(r.metrics()).containsEntry("tokens", 1234567.0).containsEntry("budget_used", 14.0);
        assertThat(r.message()).contains("2.80 USD this month", "1,234,567 tokens", "14.0% of the 20.00 USD budget");
        assertThat(auth.get()).isEqualTo("Bearer sk-test");
    }

    @Test
    void warnsWhenTheCostCrossesTheWarningThreshold() {
        body.set("{\"tokens\": 9000000, \"cost\": 16.5}");
        assertThat(run(url(), null, "15 USD", "20 USD").status()).isEqualTo(Status.WARNING);
        body.set("{\"tokens\": 9000000, \"cost\": 21}");
        assertThat(run(url(), null, "15 USD", "20 USD").status()).isEqualTo(Status.CRITICAL);
    }

    @Test
    void reportsCriticalWhenTheUsageServiceIsDown() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        CheckRun r = run("http://127.0.0.1:" + port + "/v1/usage", null, "15 USD", "20 USD");
        assertThat(r.status()).isEqualTo(Status.CRITICAL);
        assertThat(r.message()).startsWith("connection refused");
        status.set(503);
        assertThat(run(url(), null, "15 USD", "20 USD").status()).isEqualTo(Status.CRITICAL);
    }

    @Test
    void isCriticalThroughTheEngineWhenTheEndpointAcceptsAndNeverAnswers() throws Exception {
        // Its own read timeout stays below the engine's deadline, so "no answer" is the check's CRITICAL (contract
        // §1), not the engine's UNKNOWN "timed out".
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            CheckRun r = run("http://127.0.0.1:" + silent.getLocalPort() + "/v1/usage", null, "15 USD", "20 USD");
            assertThat(r.status()).as(r.message()).isEqualTo(Status.CRITICAL);
            assertThat(r.message()).startsWith("no answer within");
        }
    }

    @Test
    void reportsUnknownForAnAnswerItCannotRead() {
        body.set("<html>login</html>");
        assertThat(run(url(), null, "15 USD", "20 USD").status()).isEqualTo(Status.UNKNOWN);
        body.set("{\"tokens\": 1, \"cost\": 2, \"currency\": \"EUR\"}");
        CheckRun r = run(url(), null, "15 USD", "20 USD");
        assertThat(r.status()).isEqualTo(Status.UNKNOWN);
        assertThat(r.message()).contains("set currency: EUR");
        status.set(401);
        assertThat(run(url(), null, "15 USD", "20 USD").message()).contains("check api_key");
    }

    @Test
    void refusesBadParametersNamingThem() {
        ApiCostCheckType t = new ApiCostCheckType();
        TypeContext ctx = TypeContext.defaults("x");
        assertThatThrownBy(() -> t.create(new ApiCostCheckType.Params(null, null, null, null), ctx)).hasMessageStartingWith("url:");
        assertThatThrownBy(() -> t.create(new ApiCostCheckType.Params("ftp://x", null, null, null), ctx)).hasMessageStartingWith("url:");
        assertThatThrownBy(() -> t.create(new ApiCostCheckType.Params(url(), null, "USD", "20 EUR"), ctx)).hasMessageStartingWith("budget:");
        assertThatThrownBy(() -> t.create(new ApiCostCheckType.Params(url(), null, "dollars", null), ctx))
                .hasMessageContaining("ISO 4217");
    }

    @Test
    void isFoundThroughServiceLoader() {
        TypeRegistry reg = TypeRegistry.load(getClass().getClassLoader());
        assertThat(reg.checkType("api-cost")).isPresent();
    }
}
