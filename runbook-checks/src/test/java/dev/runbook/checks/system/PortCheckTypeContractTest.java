package dev.runbook.checks.system;

import dev.runbook.core.spi.CheckType;
import dev.runbook.tck.CheckTypeContract;
import dev.runbook.tck.SilentEndpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The TCK's contract for the {@code port} check type. */
class PortCheckTypeContractTest extends CheckTypeContract<PortCheckType.Params> {
    @Override
    protected CheckType<PortCheckType.Params> type() {
        return new PortCheckType();
    }

    private ServerSocket listening;
    private ServerSocket full;
    private final List<Socket> fillers = new ArrayList<>();

    @BeforeEach
    void listen() throws IOException {
        listening = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    }

    @AfterEach
    void close() throws IOException {
        listening.close();
        for (Socket s : fillers) {
            s.close();
        }
        if (full != null) {
            full.close();
        }
    }

    @Override
    protected Map<String, Object> yamlParameters() {
        return Map.of("port", listening.getLocalPort(), "host", "127.0.0.1");
    }

    /**
     * A connect that gets no answer: a listener that never accepts, its backlog filled, so the kernel drops further
     * SYNs and the connect waits. (The TCK's own silent endpoint accepts, which a port check rightly calls OK.)
     */
    @Override
    protected Map<String, Object> silentEndpointParameters(SilentEndpoint endpoint) {
        try {
            full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
            for (int i = 0; i < 4; i++) {
                Socket s = new Socket();
                try {
                    s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), full.getLocalPort()), 200);
                    fillers.add(s);
                } catch (IOException e) {
                    s.close();
                    break; // the backlog is full
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("port", full.getLocalPort(), "host", "127.0.0.1");
    }

}
