package dev.runbook.checks.system;

import dev.runbook.core.testing.TestCheckContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runbook.core.CheckResult;
import dev.runbook.core.Status;
import dev.runbook.core.spi.TypeContext;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PortCheckTypeTest {

    private final PortCheckType type = new PortCheckType();

    private CheckResult run(PortCheckType.Params p) throws Exception {
        return type.create(p, TypeContext.defaults("port")).run(new TestCheckContext().timeout(Duration.ofSeconds(2)));
    }

    @Test
    void connectsToAListeningServerAndReportsConnectTime() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            CheckResult r = run(new PortCheckType.Params(server.getLocalPort(), null, null));
            assertThat(r.status()).isEqualTo(Status.OK);
            assertThat(r.metrics().get("connect_time")).isPositive().isLessThan(2.0);
            assertThat(r.message()).startsWith("127.0.0.1:" + server.getLocalPort() + " accepted a connection");
        }
    }

    @Test
    void reportsCriticalWhenConnectionRefused() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            port = s.getLocalPort();
        }
        CheckResult r = run(new PortCheckType.Params(port, "127.0.0.1", PortCheckType.Mode.CONNECT));
        assertThat(r.status()).isEqualTo(Status.CRITICAL);
        assertThat(r.message()).isEqualTo("connection refused: 127.0.0.1:" + port);
        assertThat(r.metrics()).isEmpty();
    }

    @Test
    void reportsCriticalWhenTheHostCannotBeResolved() throws Exception {
        CheckResult r = run(new PortCheckType.Params(80, "no-such-host.invalid", null));
        assertThat(r.status()).isEqualTo(Status.CRITICAL);
        assertThat(r.message()).contains("no-such-host.invalid");
    }

    @Test
    void listenModeFindsTheServerInTheKernelTableWithoutConnecting() throws Exception {
        try (ServerSocket server = new ServerSocket()) {
            server.bind(new InetSocketAddress("127.0.0.1", 0));
            int port = server.getLocalPort();
            CheckResult r = run(new PortCheckType.Params(port, null, PortCheckType.Mode.LISTEN));
            assertThat(r.status()).isEqualTo(Status.OK);
            assertThat(r.message()).isEqualTo("listening on port " + port + " (127.0.0.1:" + port + ")");
            assertThat(run(new PortCheckType.Params(port, "127.0.0.1", PortCheckType.Mode.LISTEN)).status())
                    .isEqualTo(Status.OK);
            server.close();
            CheckResult closed = run(new PortCheckType.Params(port, null, PortCheckType.Mode.LISTEN));
            assertThat(closed.status()).isEqualTo(Status.CRITICAL);
            assertThat(closed.message()).isEqualTo("nothing listening on port " + port);
        }
    }

    @Test
    void listenModeStillFindsTheServerBehindManyClosedConnections() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 500, InetAddress.getByName("127.0.0.1"))) {
            int port = server.getLocalPort();
            for (int i = 0; i < 200; i++) {
                try (java.net.Socket client = new java.net.Socket("127.0.0.1", port)) {
                    server.accept().close();
                }
            }
            CheckResult r = run(new PortCheckType.Params(port, null, PortCheckType.Mode.LISTEN));
            assertThat(r.status()).isEqualTo(Status.OK);
        }
    }

    @Test
    void readingStopsAtTheFirstSocketThatIsNotListeningAsTheKernelListsListenersFirst() throws Exception {
        // in this hand-made table a listener follows established connections, which the kernel never does
        List<ListenTable.Listener> read = ListenTable.read(List.of(Fixtures.path("net-tcp-listeners.txt")), 0);
        assertThat(read).extracting(Object::toString).containsExactly("127.0.0.1:8100", "0.0.0.0:22");
    }

    @Test
    void parsesListenersOfBothFamiliesAndIgnoresEstablishedConnections() throws Exception {
        List<ListenTable.Listener> all = new ArrayList<>();
        ListenTable.parse(Files.readAllBytes(Fixtures.path("net-tcp-listeners.txt")), 0, all);
        ListenTable.parse(Files.readAllBytes(Fixtures.path("net-tcp6-listeners.txt")), 0, all);
        assertThat(all).extracting(Object::toString).containsExactly("127.0.0.1:8100", "0.0.0.0:22", "192.168.1.5:3306",
                "0:0:0:0:0:0:0:0:443", "0:0:0:0:0:0:0:1:5432", "10.0.0.5:9000");
        List<ListenTable.Listener> only8100 = new ArrayList<>();
        ListenTable.parse(Files.readAllBytes(Fixtures.path("net-tcp-listeners.txt")), 8100, only8100);
        assertThat(only8100).hasSize(1);
    }

    @Test
    void listenerAcceptsItsAddressWildcardsAndMappedAddresses() throws Exception {
        List<ListenTable.Listener> all = new ArrayList<>();
        ListenTable.parse(Files.readAllBytes(Fixtures.path("net-tcp-listeners.txt")), 0, all);
        ListenTable.parse(Files.readAllBytes(Fixtures.path("net-tcp6-listeners.txt")), 0, all);
        InetAddress loop = InetAddress.getByName("127.0.0.1");
        assertThat(ListenTable.accepts(all.get(0), loop)).isTrue();
        assertThat(ListenTable.accepts(all.get(0), InetAddress.getByName("10.1.1.1"))).isFalse();
        assertThat(ListenTable.accepts(all.get(1), InetAddress.getByName("10.1.1.1"))).isTrue(); // 0.0.0.0
        assertThat(ListenTable.accepts(all.get(3), loop)).isTrue(); // ::
        assertThat(ListenTable.accepts(all.get(5), InetAddress.getByName("10.0.0.5"))).isTrue(); // ::ffff:10.0.0.5
        assertThat(ListenTable.accepts(all.get(4), loop)).isFalse(); // ::1 is not 127.0.0.1
    }

    @Test
    void refusesAPortOutOfRange() {
        assertThatThrownBy(() -> type.create(new PortCheckType.Params(70000, null, null), TypeContext.defaults("p")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("port: port must be 1..65535, found 70000");
        assertThatThrownBy(() -> type.create(new PortCheckType.Params(null, null, null), TypeContext.defaults("p")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("port is required");
        assertThat(type.metrics(new PortCheckType.Params(1, null, PortCheckType.Mode.LISTEN))).isEmpty();
    }
}
