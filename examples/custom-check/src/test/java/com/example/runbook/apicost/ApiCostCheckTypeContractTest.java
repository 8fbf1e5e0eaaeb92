package com.example.runbook.apicost;

import com.sun.net.httpserver.HttpServer;
import dev.runbook.core.spi.CheckType;
import dev.runbook.tck.CheckTypeContract;
import dev.runbook.tck.SilentEndpoint;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The TCK's contract for this plugin's {@code api-cost} type: what every plugin author adds to their tests
 * (docs/tck.md). A real usage endpoint on 127.0.0.1 answers; the TCK's silent endpoint never does.
 */
class ApiCostCheckTypeContractTest extends CheckTypeContract<ApiCostCheckType.Params> {
    private HttpServer server;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/usage", ex -> {
            String path = ex.getRequestURI().getPath();
            byte[] b = (path.endsWith("/html") ? "<html>login</html>" : "{\"tokens\": 1000, \"cost\": 2.5}")
                    .getBytes(StandardCharsets.UTF_8);
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

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    @Override
    protected CheckType<ApiCostCheckType.Params> type() {
        return new ApiCostCheckType();
    }

    @Override
    protected Map<String, Object> yamlParameters() {
        return Map.of("url", url("/v1/usage"), "api_key", "sk-test", "currency", "USD", "budget", "20 USD");
    }

    @Override
    protected Map<String, Object> silentEndpointParameters(SilentEndpoint endpoint) {
        return Map.of("url", endpoint.httpUrl("/v1/usage"));
    }

    @Override
    protected Map<String, Object> unjudgeableParameters() {
        return Map.of("url", url("/v1/usage/html")); // an answer it cannot read
    }
}
