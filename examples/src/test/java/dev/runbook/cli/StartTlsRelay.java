package dev.runbook.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Locale;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * An SMTP front on 127.0.0.1 that offers STARTTLS, as the seed's mail server must ({@code starttls: true}), and
 * relays the encrypted session in clear to an in-process SMTP server (GreenMail, which has no STARTTLS) on
 * 127.0.0.1: the client's greeting and EHLO are answered here, STARTTLS upgrades the socket with the given key,
 * then every byte goes both ways (the server's own greeting is swallowed: the client had one). Every socket has a
 * read timeout, so nothing hangs. Close it.
 */
final class StartTlsRelay implements AutoCloseable {
    private final ServerSocket server;
    private final SSLContext tls;
    private final int target;

    /** Relays to {@code 127.0.0.1:target}, with the key pair in the PKCS12 file {@code keyStore}. */
    StartTlsRelay(Path keyStore, char[] password, int target) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            ks.load(in, password);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, password);
        tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        this.target = target;
        server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread accept = new Thread(this::accept, "starttls-relay");
        accept.setDaemon(true);
        accept.start();
    }

    int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                Thread t = new Thread(() -> session(s), "starttls-session");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void session(Socket client) {
        try (client) {
            client.setSoTimeout(30_000);
            InputStream in = client.getInputStream();
            OutputStream out = client.getOutputStream();
            say(out, "220 127.0.0.1 ESMTP relay");
            while (true) {
                String line = line(in);
                if (line == null) {
                    return;
                }
                String verb = line.length() < 4 ? line : line.substring(0, 4).toUpperCase(Locale.ROOT);
                if (verb.equals("EHLO")) {
                    say(out, "250-127.0.0.1\r\n250 STARTTLS");
                } else if (verb.equals("HELO")) {
                    say(out, "250 127.0.0.1");
                } else if (line.toUpperCase(Locale.ROOT).startsWith("STARTTLS")) {
                    say(out, "220 ready to start TLS");
                    break;
                } else if (verb.equals("QUIT")) {
                    say(out, "221 bye");
                    return;
                } else {
                    say(out, "530 issue STARTTLS first");
                }
            }
            SSLSocket secure = (SSLSocket) tls.getSocketFactory().createSocket(client,
                    client.getInetAddress().getHostAddress(), client.getPort(), true);
            secure.setUseClientMode(false);
            secure.startHandshake();
            try (secure; Socket mail = new Socket(InetAddress.getLoopbackAddress(), target)) {
                mail.setSoTimeout(30_000);
                line(mail.getInputStream()); // GreenMail's greeting; the client already had one
                Thread back = new Thread(() -> pipe(mail, secure), "starttls-back");
                back.setDaemon(true);
                back.start();
                pipe(secure, mail);
                back.join(30_000);
            }
        } catch (IOException | InterruptedException e) {
            // the session ends; the client sees its connection close
        }
    }

    private static void pipe(Socket from, Socket to) {
        byte[] buf = new byte[8192];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(buf)) > 0) {
                out.write(buf, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // closed
        } finally {
            try {
                to.shutdownOutput();
            } catch (IOException | UnsupportedOperationException e) {
                // SSL sockets do not half-close; closing the pair ends it
            }
        }
    }

    private static void say(OutputStream out, String text) throws IOException {
        out.write((text + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** One CRLF line read byte by byte (nothing beyond it is consumed), or null at the end. */
    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                String s = b.toString(StandardCharsets.US_ASCII);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            b.write(c);
        }
        return b.size() == 0 ? null : b.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
