package dev.runbook.checks.http;

import dev.runbook.core.testing.TestCheckContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsServer;
import dev.runbook.checks.tls.TestCertificates;
import dev.runbook.core.CheckResult;
import dev.runbook.core.Secret;
import dev.runbook.core.Status;
import dev.runbook.core.spi.TypeContext;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpCheckTypeTest {
    private final HttpCheckType type = new HttpCheckType();
    private final CountDownLatch release = new CountDownLatch(1);
    private HttpServer server;
    private HttpsServer https;
    private String base;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/health", ex -> reply(ex, 200, "{\"status\":\"healthy\",\"data\":{\"db\":{\"ok\":true,\"n\":3}}}"));
        server.createContext("/down", ex -> reply(ex, 503, "{\"status\":\"down\"}"));
        server.createContext("/moved", ex -> {
            ex.getResponseHeaders().add("Location", "/health");
            reply(ex, 302, "");
        });
        server.createContext("/slow", ex -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            reply(ex, 200, "late");
        });
        server.createContext("/private", ex -> {
            String want = "Basic " + Base64.getEncoder().encodeToString("ops:s3cret".getBytes(StandardCharsets.UTF_8));
            reply(ex, want.equals(ex.getRequestHeaders().getFirst("Authorization")) ? 200 : 401, "private");
        });
        server.createContext("/echo", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            reply(ex, 200, ex.getRequestMethod() + " " + ex.getRequestHeaders().getFirst("X-Token") + " " + body);
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
        if (https != null) {
            https.stop(0);
        }
    }

    private static void reply(HttpExchange ex, int code, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(code, b.length == 0 ? -1 : b.length);
        if (b.length > 0) {
            ex.getResponseBody().write(b);
        }
        ex.close();
    }

    private CheckResult run(HttpCheckType.Params p) throws Exception {
        return type.create(p, TypeContext.defaults("health")).run(TestCheckContext.at("2026-11-28T09:00:00Z"));
    }

    private static HttpCheckType.Params get(String url, HttpCheckType.Expect expect) {
        return new HttpCheckType.Params(url, null, null, null, null, expect, null, null);
    }

    @Test
    void isOkWhenStatusAndJsonFieldsMatchByPointerAndDottedKey() throws Exception {
        CheckResult r = run(get(base + "/health", new HttpCheckType.Expect(List.of("200"), "healthy",
                Map.of("/status", "healthy", "data.db.ok", true, "data.db.n", 3))));
        assertThat(r.status()).isEqualTo(Status.OK);
        assertThat(r.metrics()).containsEntry("status_code", 200.0).containsKey("latency");
        assertThat(r.value()).isPositive().isLessThan(5.0);
        assertThat(r.message()).startsWith("HTTP 200 in");
    }

    @Test
    void isCriticalOnA503WithTheDefaultExpectation() throws Exception {
        CheckResult r = run(get(base + "/down", null));
        assertThat(r.status()).isEqualTo(Status.CRITICAL);
        assertThat(r.message()).startsWith("HTTP 503, expected 200-299");
        assertThat(r.metrics()).containsEntry("status_code", 503.0);
    }

    @Test
    void acceptsAListOfStatusesAndRanges() throws Exception {
        assertThat(run(get(base + "/down", new HttpCheckType.Expect(List.of("200", "500-599"), null, null))).status())
                .isEqualTo(Status.OK);
        assertThat(run(get(base + "/health", new HttpCheckType.Expect(List.of("204"), null, null))).status())
                .isEqualTo(Status.CRITICAL);
    }

    @Test
    void isCriticalWhenAJsonFieldDiffersOrTheBodyLacksTheText() throws Exception {
        CheckResult json = run(get(base + "/health", new HttpCheckType.Expect(null, null, Map.of("status", "ok"))));
        assertThat(json.status()).isEqualTo(Status.CRITICAL);
        assertThat(json.message()).contains("JSON /status is \"healthy\", expected ok");
        CheckResult text = run(get(base + "/health", new HttpCheckType.Expect(null, "unhealthy!", null)));
        assertThat(text.status()).isEqualTo(Status.CRITICAL);
        assertThat(text.message()).contains("does not contain 'unhealthy!'");
        CheckResult missing = run(get(base + "/health", new HttpCheckType.Expect(null, null, Map.of("/nope", "x"))));
        assertThat(missing.message()).contains("JSON /nope is missing");
    }

    @Test
    void doesNotFollowRedirectsUnlessAsked() throws Exception {
        CheckResult not = run(get(base + "/moved", null));
        assertThat(not.status()).isEqualTo(Status.CRITICAL);
        assertThat(not.metrics()).containsEntry("status_code", 302.0);
        CheckResult follow = run(new HttpCheckType.Params(base + "/moved", null, null, null, null, null, true, null));
        assertThat(follow.status()).isEqualTo(Status.OK);
        assertThat(follow.metrics()).containsEntry("status_code", 200.0);
    }

    @Test
    void sendsMethodHeadersAndBody() throws Exception {
        CheckResult r = run(new HttpCheckType.Params(base + "/echo", "post", Map.of("X-Token", "abc"), "hello", null,
                new HttpCheckType.Expect(null, "POST abc hello", null), null, null));
        assertThat(r.status()).isEqualTo(Status.OK);
    }

    @Test
    void sendsBasicAuthAndIsUnknownWhenItsSecretIsUnset() throws Exception {
        CheckResult ok = run(new HttpCheckType.Params(base + "/private", null, null, null,
                new HttpCheckType.BasicAuth("ops", Secret.of("health_password", "s3cret")), null, null, null));
        assertThat(ok.status()).isEqualTo(Status.OK);
        CheckResult wrong = run(new HttpCheckType.Params(base + "/private", null, null, null,
                new HttpCheckType.BasicAuth("ops", Secret.of("health_password", "nope")), null, null, null));
        assertThat(wrong.status()).isEqualTo(Status.CRITICAL);
        assertThat(wrong.message()).doesNotContain("nope");
        CheckResult unset = run(new HttpCheckType.Params(base + "/private", null, null, null,
                new HttpCheckType.BasicAuth("ops", Secret.unset("health_password")), null, null, null));
        assertThat(unset.status()).isEqualTo(Status.UNKNOWN);
        assertThat(unset.message()).isEqualTo("secret health_password is not set");
    }

    @Test
    void saysConnectionRefusedInPlainWords() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        CheckResult r = run(get("http://127.0.0.1:" + port + "/health", null));
        assertThat(r.status()).isEqualTo(Status.CRITICAL);
        assertThat(r.message()).isEqualTo("connection refused: 127.0.0.1:" + port);
        assertThat(r.metrics()).isEmpty();
    }

    @Test
    void isCriticalWhenNoAnswerComesWithinTheTimeout() throws Exception {
        CheckResult r = type.create(get(base + "/slow", null), TypeContext.defaults("slow"))
                .run(TestCheckContext.at("2026-11-28T09:00:00Z").timeout(Duration.ofMillis(300)));
        assertThat(r.status()).isEqualTo(Status.CRITICAL);
        assertThat(r.message()).startsWith("timed out after 300ms");
    }

    @Test
    void isCriticalForAnUntrustedCertificateUnlessInsecure() throws Exception {
        Instant now = Instant.now();
        TestCertificates.Issued cert = TestCertificates.selfSigned("localhost", now.minus(1, ChronoUnit.DAYS),
                now.plus(30, ChronoUnit.DAYS));
        https = TestCertificates.httpsServer(cert, ex -> reply(ex, 200, "secure"));
        String url = "https://127.0.0.1:" + https.getAddress().getPort() + "/";
        CheckResult strict = run(get(url, null));
        assertThat(strict.status()).isEqualTo(Status.CRITICAL);
        assertThat(strict.message()).startsWith("certificate not trusted: ");
        CheckResult insecure = run(new HttpCheckType.Params(url, null, null, null, null,
                new HttpCheckType.Expect(null, "secure", null), null, true));
        assertThat(insecure.status()).isEqualTo(Status.OK);
    }

    @Test
    void isCriticalWhenTheTlsHandshakeFails() throws Exception {
        // the plain-HTTP peer answers the ClientHello with an HTTP 400 or keeps waiting: either way no TLS
        CheckResult r = type.create(get("https://127.0.0.1:" + server.getAddress().getPort() + "/health", null),
                TypeContext.defaults("tls")).run(TestCheckContext.at("2026-11-28T09:00:00Z").timeout(Duration.ofMillis(500)));
        assertThat(r.status()).isEqualTo(Status.CRITICAL);
        assertThat(r.message()).containsAnyOf("TLS", "timed out");
        assertThat(r.message()).contains("127.0.0.1:" + server.getAddress().getPort());
        assertThat(r.metrics()).isEmpty();
    }

    @Test
    void refusesAnInvalidUrlMethodOrStatus() {
        assertThatThrownBy(() -> type.create(get("ftp://x/", null), TypeContext.defaults("h")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("url").hasMessageContaining("ftp://x/");
        assertThatThrownBy(() -> type.create(new HttpCheckType.Params(base, "FETCH", null, null, null, null, null, null),
                TypeContext.defaults("h"))).hasMessageContaining("method").hasMessageContaining("FETCH");
        assertThatThrownBy(() -> type.create(new HttpCheckType.Params(base, null, null, "x", null, null, null, null),
                TypeContext.defaults("h"))).hasMessageStartingWith("body");
        assertThatThrownBy(() -> type.create(get(base, new HttpCheckType.Expect(List.of("abc"), null, null)),
                TypeContext.defaults("h"))).hasMessageContaining("expect.status").hasMessageContaining("abc");
    }
}
