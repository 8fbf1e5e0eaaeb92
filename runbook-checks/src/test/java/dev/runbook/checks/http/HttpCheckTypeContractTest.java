package dev.runbook.checks.http;

import com.sun.net.httpserver.HttpServer;
import dev.runbook.core.spi.CheckType;
import dev.runbook.tck.CheckTypeContract;
import dev.runbook.tck.SilentEndpoint;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The TCK's contract for the {@code http} check type. */
class HttpCheckTypeContractTest extends CheckTypeContract<HttpCheckType.Params> {
    @Override
    protected CheckType<HttpCheckType.Params> type() {
        return new HttpCheckType();
    }

    private HttpServer server;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/health", ex -> {
            byte[] b = "{\"status\": \"ok\"}".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Override
    protected Map<String, Object> yamlParameters() {
        return Map.of("url", "http://127.0.0.1:" + server.getAddress().getPort() + "/health",
                "expect", Map.of("status", List.of("200"), "body_contains", "ok", "json", Map.of("status", "ok")));
    }

    @Override
    protected Map<String, Object> silentEndpointParameters(SilentEndpoint endpoint) {
        return Map.of("url", endpoint.httpUrl("/health"));
    }

}
