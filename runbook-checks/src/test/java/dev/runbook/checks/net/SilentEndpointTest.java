package dev.runbook.checks.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.checks.http.HttpCheckType;
import dev.runbook.checks.tls.TlsCheckType;
import dev.runbook.core.Status;
import dev.runbook.core.engine.CheckRun;
import dev.runbook.core.engine.Engine;
import dev.runbook.core.engine.RunRequest;
import dev.runbook.core.engine.RunResult;
import dev.runbook.core.model.Runbook;
import dev.runbook.dsl.RunbookBuilder;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Contract §1 through the engine: an endpoint that accepts and never answers is {@code CRITICAL} (the type's own
 * "no answer"), never the engine's {@code UNKNOWN} "timed out". The types' socket timeouts must stay below the
 * check's deadline for this to hold.
 */
class SilentEndpointTest {
    private ServerSocket silent;
    private final List<Socket> held = new CopyOnWriteArrayList<>();

    @BeforeEach
    void openASocketThatNeverAnswers() throws IOException {
        silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            try {
                while (true) {
                    held.add(silent.accept());
                }
            } catch (IOException closed) {
                // the test is over
            }
        }, "silent-endpoint");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    @AfterEach
    void close() throws IOException {
        silent.close();
        for (Socket s : held) {
            s.close();
        }
    }

    @Test
    void httpAndTlsThatNeverAnswerAreCriticalThroughTheEngine() {
        int port = silent.getLocalPort();
        Runbook rb = RunbookBuilder.runbook("silent")
                .check("web", c -> c.of(new HttpCheckType(), new HttpCheckType.Params("http://127.0.0.1:" + port + "/health", null, null, null, null, null, null, null))
                        .timeout("3s"))
                .check("cert", c -> c.of(new TlsCheckType(), new TlsCheckType.Params("127.0.0.1", port, null, null))
                        .timeout("3s"))
                .build();
        // 3 s: a first TLS handshake in a busy JVM must fit in the margin the types keep below the deadline.
        try (Engine engine = Engine.builder().build()) {
            for (int i = 0; i < 2; i++) {
                RunResult r = engine.run(rb, RunRequest.allChecks());
                for (CheckRun c : r.results()) {
                    assertThat(c.status()).as("run %d, %s: %s", i, c.check(), c.message()).isEqualTo(Status.CRITICAL);
                    assertThat(c.message()).as(c.check()).contains("no answer");
                }
                assertThat(r.results()).hasSize(2);
            }
        }
    }
}
