package dev.runbook.checks.tls;

import dev.runbook.core.testing.TestCheckContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsServer;
import dev.runbook.core.CheckResult;
import dev.runbook.core.Status;
import dev.runbook.core.spi.TypeContext;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsCheckTypeTest {
    private static final Instant NOW = Instant.parse("2026-11-28T09:00:00Z");
    private final TlsCheckType type = new TlsCheckType();
    private HttpsServer server;
    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private TypeContext tc() {
        return new TypeContext(dir, ZoneOffset.UTC, java.time.Clock.fixed(NOW, ZoneOffset.UTC), "cert");
    }

    private HttpsServer serve(TestCertificates.Issued cert) throws Exception {
        server = TestCertificates.httpsServer(cert, ex -> {
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        return server;
    }

    @Test
    void readsTimeLeftOfACertificateExpiringInFiveDaysFromASelfSignedServer() throws Exception {
        TestCertificates.Issued cert = TestCertificates.selfSigned("estimator.test", NOW.minus(30, ChronoUnit.DAYS),
                NOW.plus(5, ChronoUnit.DAYS));
        serve(cert);
        CheckResult r = type.create(new TlsCheckType.Params("127.0.0.1", server.getAddress().getPort(), null, null), tc())
                .run(TestCheckContext.at(NOW.toString()));
        assertThat(r.status()).isEqualTo(Status.OK);
        assertThat(r.metrics().get("time_left")).isEqualTo(5 * 86400.0);
        assertThat(r.value()).isEqualTo(5 * 86400.0);
        assertThat(r.details()).containsEntry("days_left", 5L).containsEntry("subject", "CN=estimator.test")
                .containsEntry("issuer", "CN=estimator.test").containsEntry("not_after", NOW.plus(5, ChronoUnit.DAYS).toString());
        assertThat(r.message()).contains("expires in 5d");
    }

    @Test
    void reportsAnExpiredCertificateWithNegativeTimeLeftAsCritical() throws Exception {
        TestCertificates.Issued cert = TestCertificates.selfSigned("old.test", NOW.minus(400, ChronoUnit.DAYS),
                NOW.minus(2, ChronoUnit.DAYS));
        serve(cert);
        CheckResult r = type.create(new TlsCheckType.Params("127.0.0.1", server.getAddress().getPort(), "old.test", null), tc())
                .run(TestCheckContext.at(NOW.toString()));
        assertThat(r.status()).isEqualTo(Status.CRITICAL);
        assertThat(r.metrics().get("time_left")).isEqualTo(-2 * 86400.0);
        assertThat(r.message()).contains("expired 2d");
    }

    @Test
    void readsTheFirstCertificateOfAPemFile() throws Exception {
        TestCertificates.Issued cert = TestCertificates.selfSigned("file.test", NOW.minus(1, ChronoUnit.DAYS),
                NOW.plus(45, ChronoUnit.DAYS));
        Files.writeString(dir.resolve("cert.pem"), cert.pem());
        CheckResult r = type.create(new TlsCheckType.Params(null, null, null, "cert.pem"), tc())
                .run(TestCheckContext.at(NOW.toString()));
        assertThat(r.status()).isEqualTo(Status.OK);
        assertThat(r.metrics().get("time_left")).isEqualTo(45 * 86400.0);
        assertThat(r.details()).containsEntry("days_left", 45L);
    }

    @Test
    void isCriticalWhenTheConnectionIsRefused() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        CheckResult r = type.create(new TlsCheckType.Params("127.0.0.1", port, null, null), tc())
                .run(TestCheckContext.at(NOW.toString()));
        assertThat(r.status()).isEqualTo(Status.CRITICAL);
        assertThat(r.message()).isEqualTo("connection refused: 127.0.0.1:" + port);
    }

    @Test
    void isCriticalWhenThePeerDoesNotSpeakTls() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            Thread t = new Thread(() -> {
                try (var c = s.accept()) {
                    c.getOutputStream().write("HTTP/1.0 400 Bad Request\r\n\r\n".getBytes());
                } catch (Exception ignored) {
                    // test peer
                }
            });
            t.start();
            CheckResult r = type.create(new TlsCheckType.Params("127.0.0.1", s.getLocalPort(), null, null), tc())
                    .run(TestCheckContext.at(NOW.toString()).timeout(Duration.ofSeconds(3)));
            assertThat(r.status()).isEqualTo(Status.CRITICAL);
            assertThat(r.message()).contains("127.0.0.1:" + s.getLocalPort());
            t.join(3000);
        }
    }

    @Test
    void isCriticalForAMissingOrGarbagePemFile() throws Exception {
        CheckResult missing = type.create(new TlsCheckType.Params(null, null, null, "nope.pem"), tc())
                .run(TestCheckContext.at(NOW.toString()));
        assertThat(missing.status()).isEqualTo(Status.CRITICAL);
        assertThat(missing.message()).startsWith("certificate file not found");
        Files.writeString(dir.resolve("junk.pem"), "hello");
        CheckResult junk = type.create(new TlsCheckType.Params(null, null, null, "junk.pem"), tc())
                .run(TestCheckContext.at(NOW.toString()));
        assertThat(junk.status()).isEqualTo(Status.CRITICAL);
    }

    @Test
    void refusesBothHostAndFileOrAnInvalidPort() {
        assertThatThrownBy(() -> type.create(new TlsCheckType.Params("a", null, null, "b"), tc()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("both");
        assertThatThrownBy(() -> type.create(new TlsCheckType.Params("a", 70000, null, null), tc()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("port").hasMessageContaining("70000");
    }
}
