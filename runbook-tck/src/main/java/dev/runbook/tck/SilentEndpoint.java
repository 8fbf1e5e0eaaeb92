package dev.runbook.tck;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP endpoint on 127.0.0.1 that accepts every connection and never sends a byte: the server that hangs.
 * Network types must give their own verdict against it ({@code CRITICAL} "no answer", contract §1) before the
 * engine's deadline. Accepts on one daemon thread; {@link #close()} closes the listener and every accepted
 * socket. Thread-safe.
 */
public final class SilentEndpoint implements AutoCloseable {
    private final ServerSocket server;
    private final List<Socket> held = new CopyOnWriteArrayList<>();

    /** Opens the endpoint on an ephemeral port of 127.0.0.1. */
    public SilentEndpoint() {
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a socket on 127.0.0.1", e);
        }
        Thread acceptor = new Thread(() -> {
            try {
                while (true) {
                    held.add(server.accept());
                }
            } catch (IOException closed) {
                // close() ends the loop
            }
        }, "tck-silent-endpoint-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** {@code 127.0.0.1}. */
    public String host() {
        return "127.0.0.1";
    }

    /** The port it listens on. */
    public int port() {
        return server.getLocalPort();
    }

    /** {@code http://127.0.0.1:<port><path>}. */
    public String httpUrl(String path) {
        return "http://" + host() + ":" + port() + path;
    }

    /** How many connections it has accepted (and left unanswered). */
    public int accepted() {
        return held.size();
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // nothing more to release
        }
        for (Socket s : held) {
            try {
                s.close();
            } catch (IOException e) {
                // already gone
            }
        }
    }
}
