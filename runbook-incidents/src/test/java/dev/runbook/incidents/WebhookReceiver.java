package dev.runbook.incidents;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A real HTTP receiver on 127.0.0.1 that records POSTed bodies, failing the first {@code failFirst} with 500. */
final class WebhookReceiver implements AutoCloseable {
    private final HttpServer server;
    final List<String> bodies = new CopyOnWriteArrayList<>();
    final List<String> paths = new CopyOnWriteArrayList<>();
    final List<com.sun.net.httpserver.Headers> headers = new CopyOnWriteArrayList<>();
    final AtomicInteger requests = new AtomicInteger();
    /** The Idempotency-Key header of every request, failed ones included (null when absent). */
    final List<String> idempotencyKeys = new CopyOnWriteArrayList<>();
    volatile int failFirst;

    WebhookReceiver(int port, int failFirst) throws IOException {
        this.failFirst = failFirst;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/", ex -> {
            int n = requests.incrementAndGet();
            idempotencyKeys.add(String.valueOf(ex.getRequestHeaders().getFirst("Idempotency-Key")));
            try (InputStream in = ex.getRequestBody()) {
                String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                if (n <= this.failFirst) {
                    ex.sendResponseHeaders(500, -1);
                } else {
                    bodies.add(body);
                    paths.add(ex.getRequestURI().getPath());
                    headers.add(ex.getRequestHeaders());
                    byte[] ok = "ok".getBytes(StandardCharsets.UTF_8);
                    ex.sendResponseHeaders(200, ok.length);
                    ex.getResponseBody().write(ok);
                }
            } finally {
                ex.close();
            }
        });
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
