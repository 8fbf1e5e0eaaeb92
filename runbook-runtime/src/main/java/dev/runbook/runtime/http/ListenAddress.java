package dev.runbook.runtime.http;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * Where the daemon serves its endpoints, as written on a command line: {@code HOST:PORT}, {@code [IPv6]:PORT} or
 * {@code :PORT} (loopback), and back. Stateless; resolving a host name may block on DNS.
 */
public final class ListenAddress {
    private ListenAddress() {
    }

    /**
     * The address {@code s} names.
     *
     * @throws IllegalArgumentException saying what is wrong: no colon, a bad or out-of-range port, an unknown host
     */
    public static InetSocketAddress parse(String s) {
        int colon = s.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("expected HOST:PORT, e.g. 127.0.0.1:9100");
        }
        String host = s.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(s.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad port '" + s.substring(colon + 1) + "' (expected 0-65535)");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is out of range (0-65535)");
        }
        try {
            InetAddress a = host.isEmpty() ? InetAddress.getLoopbackAddress() : InetAddress.getByName(host);
            return new InetSocketAddress(a, port);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("unknown host '" + host + "'");
        }
    }

    /** {@code a} as {@code HOST:PORT} with the numeric host, an IPv6 host in brackets. */
    public static String hostPort(InetSocketAddress a) {
        String h = a.getAddress().getHostAddress();
        return (h.contains(":") ? "[" + h + "]" : h) + ":" + a.getPort();
    }
}
