package dev.runbook.checks.system;

import dev.runbook.checks.net.IoTimeout;
import dev.runbook.core.Check;
import dev.runbook.core.CheckContext;
import dev.runbook.core.CheckResult;
import dev.runbook.core.MetricSpec;
import dev.runbook.core.quantity.Unit;
import dev.runbook.core.spi.CheckType;
import dev.runbook.core.spi.TypeContext;
import dev.runbook.core.spi.TypeName;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@code port} check. {@code mode: connect} (default) opens a TCP connection to {@code host} (default
 * 127.0.0.1) and reports the time it took; refused, unresolvable or unanswered within the timeout is CRITICAL.
 * {@code mode: listen} looks the port up in the kernel's listening table ({@code /proc/net/tcp} and
 * {@code tcp6}) without connecting; nothing listening is CRITICAL. In listen mode without {@code host} any local
 * address counts; with it, that address or a wildcard.
 *
 * <p>Stateless and thread-safe; a connect blocks up to the check's timeout.
 */
@TypeName("port")
public final class PortCheckType implements CheckType<PortCheckType.Params> {
    private static final List<Path> TABLES = List.of(Path.of("/proc/net/tcp"), Path.of("/proc/net/tcp6"));

    /** How to test the port. YAML: {@code connect}, {@code listen}. */
    public enum Mode { CONNECT, LISTEN }

    /**
     * Parameters of {@code type: port}, as the YAML loader binds them: absent keys are null,
     * defaults apply in {@code create}. Immutable.
     *
     * @param port the TCP port (1..65535)
     * @param host the host to connect to, or the local address to look for (default 127.0.0.1 for connect)
     * @param mode connect (default) or listen
     */
    public record Params(Integer port, String host, Mode mode) {
    }

    @Override
    public String name() {
        return "port";
    }

    @Override
    public Class<Params> parameterType() {
        return Params.class;
    }

    @Override
    public String description() {
        return "a TCP port accepts a connection (connect) or is in the listening table (listen)";
    }

    @Override
    public List<MetricSpec> metrics(Params p) {
        if (p != null && p.mode() == Mode.LISTEN) {
            return List.of();
        }
        return List.of(MetricSpec.higherIsWorse("connect_time", Unit.SECONDS));
    }

    @Override
    public Check create(Params p, TypeContext context) {
        if (p.port() == null) {
            throw new IllegalArgumentException("port: port is required (1..65535)");
        }
        int port = p.port();
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port: port must be 1..65535, found " + port);
        }
        if (p.host() != null && p.host().isBlank()) {
            throw new IllegalArgumentException("port: host must not be empty");
        }
        if (p.mode() == Mode.LISTEN) {
            String host = p.host();
            return ctx -> listen(TABLES, host, port);
        }
        String host = p.host() == null ? "127.0.0.1" : p.host().trim();
        return ctx -> connect(host, port, ctx);
    }

    static CheckResult connect(String host, int port, CheckContext ctx) {
        String where = host + ":" + port;
        // Below the deadline, so that "no answer" is this check's CRITICAL, not the engine's UNKNOWN.
        int timeoutMs = IoTimeout.millis(IoTimeout.below(ctx));
        long start = System.nanoTime();
        try (Socket s = new Socket()) {
            InetSocketAddress addr = new InetSocketAddress(host, port);
            if (addr.isUnresolved()) {
                return CheckResult.critical("DNS failure: cannot resolve " + host);
            }
            s.connect(addr, timeoutMs);
            double seconds = (System.nanoTime() - start) / 1e9;
            return CheckResult.builder().value(seconds, Unit.SECONDS).metric("connect_time", seconds)
                    .message(String.format(Locale.ROOT, "%s accepted a connection in %.1f ms", where, seconds * 1e3))
                    .detail("address", addr.getAddress().getHostAddress()).build();
        } catch (ConnectException e) {
            String m = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
            return CheckResult.critical((m.contains("refused") ? "connection refused: " : "cannot connect: ") + where
                    + (m.contains("refused") ? "" : " (" + e.getMessage() + ")"));
        } catch (SocketTimeoutException e) {
            return CheckResult.critical("no answer within " + timeoutMs + " ms: " + where);
        } catch (NoRouteToHostException e) {
            return CheckResult.critical("no route to host: " + where);
        } catch (IOException e) {
            return CheckResult.critical("cannot connect: " + where + " (" + e.getMessage() + ")");
        }
    }

    static CheckResult listen(List<Path> tables, String host, int port) {
        InetAddress want = null;
        if (host != null) {
            try {
                want = InetAddress.getByName(host.trim());
            } catch (UnknownHostException e) {
                return CheckResult.critical("DNS failure: cannot resolve " + host);
            }
        }
        List<ListenTable.Listener> all;
        try {
            all = ListenTable.read(tables, port);
        } catch (IOException e) {
            return CheckResult.unknown("cannot read the listening table " + tables + ": " + e.getMessage());
        }
        List<ListenTable.Listener> ok = new ArrayList<>();
        for (ListenTable.Listener l : all) {
            if (ListenTable.accepts(l, want)) {
                ok.add(l);
            }
        }
        String where = (host == null ? "port " : host + ":") + port;
        if (ok.isEmpty()) {
            return CheckResult.builder().status(dev.runbook.core.Status.CRITICAL)
                    .message("nothing listening on " + where + (all.isEmpty() ? "" : " (only on "
                            + ListenTable.describe(all) + ")")).build();
        }
        return CheckResult.builder().message("listening on " + where + " (" + ListenTable.describe(ok) + ")")
                .detail("listeners", ListenTable.describe(ok)).build();
    }
}
