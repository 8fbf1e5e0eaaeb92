package dev.runbook.checks.tls;

import dev.runbook.checks.net.IoTimeout;
import dev.runbook.core.Check;
import dev.runbook.core.CheckContext;
import dev.runbook.core.CheckResult;
import dev.runbook.core.MetricSpec;
import dev.runbook.core.ReportPlace;
import dev.runbook.core.Status;
import dev.runbook.core.quantity.Quantity;
import dev.runbook.core.quantity.Unit;
import dev.runbook.core.spi.CheckType;
import dev.runbook.core.spi.TypeContext;
import dev.runbook.core.spi.TypeName;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * The {@code tls} check type: time left until a certificate expires, read from a TLS server ({@code host},
 * {@code port}, {@code servername}) or a PEM file ({@code file}). It reads the certificate as it is and does not
 * judge trust (self-signed certificates are read too); a connection or handshake failure is {@code CRITICAL}.
 * An expired certificate has a negative {@code time_left} and is {@code CRITICAL} by itself. Stateless and thread-safe; a check blocks up to its
 * timeout.
 */
@TypeName("tls")
public final class TlsCheckType implements CheckType<TlsCheckType.Params> {

    /**
     * Parameters of {@code tls}.
     *
     * @param host       server host (with {@code port}), or
     * @param port       server port (default 443)
     * @param servername SNI name (default: host)
     * @param file       a PEM file whose first certificate is read
     */
    public record Params(String host, Integer port, String servername, String file) {
    }

    @Override
    public String name() {
        return "tls";
    }

    @Override
    public Class<Params> parameterType() {
        return Params.class;
    }

    @Override
    public String description() {
        return "time until a TLS certificate expires (read from a server or a PEM file)";
    }

    /** Where its checks appear in the reports (runbook-format §8). */
    @Override
    public List<ReportPlace> reportPlaces(Params parameters) {
        return List.of(ReportPlace.of("security", "time-left").showing("time_left"));
    }

    @Override
    public List<MetricSpec> metrics(Params parameters) {
        return List.of(MetricSpec.lowerIsWorse("time_left", Unit.SECONDS));
    }

    @Override
    public Check create(Params p, TypeContext context) {
        boolean hasHost = p != null && p.host() != null && !p.host().isBlank();
        boolean hasFile = p != null && p.file() != null && !p.file().isBlank();
        if (hasHost == hasFile) {
            throw new IllegalArgumentException("host/file: give either host (with port) or file, found "
                    + (hasHost ? "both" : "neither"));
        }
        if (hasFile) {
            if (p.port() != null || p.servername() != null) {
                throw new IllegalArgumentException("file: port and servername apply only with host");
            }
            Path file = context.resolve(p.file());
            return dev.runbook.checks.access.FileAccess.guarded(ctx -> fromFile(file, ctx));
        }
        int port = p.port() == null ? 443 : p.port();
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port: expected 1-65535, found " + port);
        }
        String host = p.host().trim();
        String sni = p.servername() == null ? host : p.servername().trim();
        return ctx -> fromServer(host, port, sni, ctx);
    }

    private static CheckResult fromFile(Path file, CheckContext ctx) {
        try (InputStream in = Files.newInputStream(file)) {
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
            for (Certificate c : certs) {
                if (c instanceof X509Certificate x) {
                    return judge(x, ctx, file.toString());
                }
            }
            return CheckResult.critical("no certificate in " + file);
        } catch (java.nio.file.AccessDeniedException e) {
            return CheckResult.unknown(dev.runbook.checks.access.FileAccess.explain(e));
        } catch (NoSuchFileException e) {
            String why = dev.runbook.checks.access.FileAccess.denied(file, false);
            return why != null ? CheckResult.unknown(why) : CheckResult.critical("certificate file not found: " + file);
        } catch (CertificateException e) {
            return CheckResult.critical("not a PEM certificate: " + file + ": " + e.getMessage());
        } catch (IOException e) {
            return CheckResult.unknown("cannot read " + file + ": " + e.getMessage());
        }
    }

    private static CheckResult fromServer(String host, int port, String sni, CheckContext ctx) {
        // Below the deadline, so that "no answer" is this check's CRITICAL, not the engine's UNKNOWN.
        Duration timeout = IoTimeout.below(ctx);
        int ms = IoTimeout.millis(timeout);
        String target = host + ":" + port;
        long start = System.nanoTime();
        try (Socket raw = new Socket()) {
            raw.connect(new InetSocketAddress(host, port), ms);
            raw.setSoTimeout(IoTimeout.millis(IoTimeout.remaining(timeout, start)));
            try (SSLSocket s = (SSLSocket) InsecureTls.socketFactory().createSocket(raw, sni, port, false)) {
                SSLParameters params = s.getSSLParameters();
                if (!isIpLiteral(sni)) {
                    params.setServerNames(List.of(new SNIHostName(sni)));
                }
                s.setSSLParameters(params);
                // Set now: building the TLS machinery (slow on first use) comes off the time left for the answer.
                raw.setSoTimeout(IoTimeout.millis(IoTimeout.remaining(timeout, start)));
                s.startHandshake();
                Certificate[] chain = s.getSession().getPeerCertificates();
                if (chain.length == 0 || !(chain[0] instanceof X509Certificate x)) {
                    return CheckResult.critical("no X.509 certificate from " + target);
                }
                return judge(x, ctx, target);
            }
        } catch (SocketTimeoutException e) {
            Duration checkTimeout = ctx.timeout() == null ? Duration.ofSeconds(30) : ctx.timeout();
            return CheckResult.critical("timed out after " + Quantity.humanize(checkTimeout.toMillis() / 1000.0, Unit.SECONDS)
                    + ": no answer from " + target);
        } catch (ConnectException e) {
            return CheckResult.critical("connection refused: " + target);
        } catch (UnknownHostException e) {
            return CheckResult.critical("DNS lookup failed: " + host);
        } catch (SSLException e) {
            return CheckResult.critical("TLS handshake failed: " + e.getMessage() + " (" + target + ")");
        } catch (IOException e) {
            return CheckResult.critical("cannot connect to " + target + ": " + e.getMessage());
        }
    }

    private static boolean isIpLiteral(String h) {
        return h.contains(":") || h.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    }

    static CheckResult judge(X509Certificate cert, CheckContext ctx, String source) {
        Instant now = ctx.clock().instant();
        Instant notAfter = cert.getNotAfter().toInstant();
        double left = Duration.between(now, notAfter).toMillis() / 1000.0;
        long days = (long) Math.floor(left / 86400.0);
        String subject = cert.getSubjectX500Principal().getName();
        String message = left >= 0
                ? subject + " expires in " + Quantity.humanize(left, Unit.SECONDS) + " (" + notAfter + ")"
                : subject + " expired " + Quantity.humanize(-left, Unit.SECONDS) + " ago (" + notAfter + ")";
        return CheckResult.builder().status(left < 0 ? Status.CRITICAL : Status.OK).value(left, Unit.SECONDS).metric("time_left", left)
                .message(message)
                .detail("source", source)
                .detail("subject", subject)
                .detail("issuer", cert.getIssuerX500Principal().getName())
                .detail("not_before", cert.getNotBefore().toInstant().toString())
                .detail("not_after", notAfter.toString())
                .detail("days_left", days)
                .build();
    }
}
