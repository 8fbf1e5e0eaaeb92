package dev.runbook.runtime.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A small HTTP/1.1 server for a few GET pages, built so that no client can hold it hostage: a fixed pool of
 * workers, a deadline for the whole request head (a client that sends one byte and waits is cut off when it
 * passes), bounded request-line and header sizes, a bounded number of connections (past it a connection is
 * answered 503 at once and closed), and one request per connection ({@code Connection: close}). Request bodies
 * are not read.
 *
 * <p>Thread-safe. {@link #start} returns at once; pages are rendered on the workers; {@link #stop} blocks up to a
 * second.
 */
final class BoundedHttpServer {
    /** A request as pages see it. */
    record Request(String method, String path) {
    }

    /** A page's answer; {@code location} only for redirects. */
    record Reply(int code, String type, String body, String location) {
        Reply(int code, String type, String body) {
            this(code, type, body, null);
        }
    }

    /** The limits; see the class comment. */
    record Limits(int workers, int maxConnections, Duration headDeadline, int maxRequestLine, int maxHeaderBytes) {
        static final Limits DEFAULT = new Limits(4, 32, Duration.ofSeconds(5), 2048, 8192);
    }

    private final ServerSocket socket;
    private final Function<Request, Reply> pages;
    private final Limits limits;
    private final ThreadPoolExecutor pool;
    private final Thread acceptor;
    private volatile boolean stopped;

    private BoundedHttpServer(ServerSocket socket, Function<Request, Reply> pages, Limits limits) {
        this.socket = socket;
        this.pages = pages;
        this.limits = limits;
        AtomicInteger n = new AtomicInteger();
        // at most maxConnections accepted connections: the workers' plus the queue's
        this.pool = new ThreadPoolExecutor(limits.workers(), limits.workers(), 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(Math.max(1, limits.maxConnections() - limits.workers())), r -> {
                    Thread t = new Thread(r, "runbook-http-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        this.acceptor = new Thread(this::accept, "runbook-http-accept");
        this.acceptor.setDaemon(true);
    }

    /** Binds {@code address} and starts accepting. */
    static BoundedHttpServer start(InetSocketAddress address, Function<Request, Reply> pages, Limits limits)
            throws IOException {
        ServerSocket ss = new ServerSocket();
        try {
            ss.setReuseAddress(true);
            ss.bind(address, 64);
        } catch (IOException e) {
            ss.close();
            throw e;
        }
        BoundedHttpServer s = new BoundedHttpServer(ss, pages, limits);
        s.acceptor.start();
        return s;
    }

    InetSocketAddress address() {
        return new InetSocketAddress(socket.getInetAddress() == null ? InetAddress.getLoopbackAddress()
                : socket.getInetAddress(), socket.getLocalPort());
    }

    private void accept() {
        while (!stopped) {
            Socket c;
            try {
                c = socket.accept();
            } catch (IOException e) {
                if (stopped) {
                    return;
                }
                continue;
            }
            try {
                pool.execute(() -> serve(c));
            } catch (RejectedExecutionException e) {
                busy(c);
            }
        }
    }

    /** Too many connections: answer 503 without reading (a short write to a fresh socket), then close. */
    private void busy(Socket c) {
        try (c) {
            c.setSoTimeout(1000);
            write(c.getOutputStream(), new Reply(503, "text/plain; charset=utf-8",
                    "too many connections; try again\n"), false);
        } catch (IOException ignored) {
            // the client went away
        }
    }

    private void serve(Socket c) {
        try (c) {
            long deadline = System.nanoTime() + limits.headDeadline().toNanos();
            String head;
            try {
                head = readHead(c, deadline);
            } catch (TooLarge e) {
                write(c.getOutputStream(), new Reply(e.code, "text/plain; charset=utf-8", e.getMessage() + "\n"), false);
                return;
            } catch (SocketTimeoutException e) {
                write(c.getOutputStream(), new Reply(408, "text/plain; charset=utf-8",
                        "request head not received within " + limits.headDeadline().toSeconds() + " s\n"), false);
                return;
            }
            if (head == null) {
                return;
            }
            String line = head.lines().findFirst().orElse("");
            String[] parts = line.split(" ");
            if (parts.length != 3 || !parts[2].startsWith("HTTP/1.")) {
                write(c.getOutputStream(), new Reply(400, "text/plain; charset=utf-8",
                        "bad request line (expected: GET /path HTTP/1.1)\n"), false);
                return;
            }
            String method = parts[0].toUpperCase(Locale.ROOT);
            String path;
            try {
                path = new URI(parts[1]).getPath();
            } catch (URISyntaxException e) {
                write(c.getOutputStream(), new Reply(400, "text/plain; charset=utf-8", "bad request target\n"), false);
                return;
            }
            Reply r;
            if (!method.equals("GET") && !method.equals("HEAD")) {
                r = new Reply(405, "text/plain; charset=utf-8", "GET only\n");
            } else {
                try {
                    r = pages.apply(new Request(method, path == null ? "/" : path));
                } catch (RuntimeException e) {
                    r = new Reply(500, "text/plain; charset=utf-8", "error: " + e + "\n");
                }
            }
            write(c.getOutputStream(), r, method.equals("HEAD"));
        } catch (IOException ignored) {
            // the client went away or was too slow: nothing to answer
        }
    }

    private static final class TooLarge extends IOException {
        final int code;

        TooLarge(int code, String message) {
            super(message);
            this.code = code;
        }
    }

    /** Reads up to the blank line that ends the head, within the deadline and the size bounds; null on EOF. */
    private String readHead(Socket c, long deadline) throws IOException {
        InputStream in = c.getInputStream();
        ByteArrayOutputStream buf = new ByteArrayOutputStream(512);
        int lineStart = 0;
        boolean firstLine = true;
        while (true) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                throw new SocketTimeoutException("head deadline");
            }
            c.setSoTimeout((int) Math.min(left, Integer.MAX_VALUE));
            int b = in.read();
            if (b < 0) {
                return null;
            }
            buf.write(b);
            int size = buf.size();
            if (firstLine && size > limits.maxRequestLine()) {
                throw new TooLarge(414, "request line longer than " + limits.maxRequestLine() + " bytes");
            }
            if (size > limits.maxRequestLine() + limits.maxHeaderBytes()) {
                throw new TooLarge(431, "request headers larger than " + limits.maxHeaderBytes() + " bytes");
            }
            if (b == '\n') {
                byte[] bytes = buf.toByteArray();
                int len = size - lineStart;
                boolean blank = len == 1 || len == 2 && bytes[size - 2] == '\r';
                if (blank && !firstLine) {
                    return new String(bytes, 0, size, StandardCharsets.ISO_8859_1);
                }
                firstLine = false;
                lineStart = size;
            }
        }
    }

    private static void write(OutputStream out, Reply r, boolean head) throws IOException {
        byte[] body = r.body().getBytes(StandardCharsets.UTF_8);
        StringBuilder h = new StringBuilder("HTTP/1.1 ").append(r.code()).append(' ').append(reason(r.code()))
                .append("\r\nContent-Type: ").append(r.type())
                .append("\r\nContent-Length: ").append(body.length)
                .append("\r\nConnection: close\r\nCache-Control: no-store\r\n");
        if (r.code() == 405) {
            h.append("Allow: GET, HEAD\r\n");
        }
        if (r.location() != null) {
            h.append("Location: ").append(r.location()).append("\r\n");
        }
        h.append("\r\n");
        out.write(h.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (!head) {
            out.write(body);
        }
        out.flush();
    }

    private static String reason(int code) {
        switch (code) {
            case 200: return "OK";
            case 302: return "Found";
            case 400: return "Bad Request";
            case 404: return "Not Found";
            case 405: return "Method Not Allowed";
            case 408: return "Request Timeout";
            case 414: return "URI Too Long";
            case 431: return "Request Header Fields Too Large";
            case 503: return "Service Unavailable";
            default: return "Error";
        }
    }

    /** Stops accepting, closes the socket, and ends the workers (waiting up to a second). */
    void stop() {
        stopped = true;
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        pool.shutdownNow();
        try {
            pool.awaitTermination(1, TimeUnit.SECONDS);
            acceptor.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
