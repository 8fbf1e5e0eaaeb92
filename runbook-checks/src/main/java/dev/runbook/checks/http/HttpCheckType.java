package dev.runbook.checks.http;

import com.fasterxml.jackson.annotation.JsonFormat;
import dev.runbook.checks.tls.InsecureTls;
import dev.runbook.checks.net.IoTimeout;
import dev.runbook.core.Check;
import dev.runbook.core.CheckContext;
import dev.runbook.core.CheckResult;
import dev.runbook.core.MetricSpec;
import dev.runbook.core.ReportPlace;
import dev.runbook.core.Secret;
import dev.runbook.core.Status;
import dev.runbook.core.quantity.Quantity;
import dev.runbook.core.quantity.Unit;
import dev.runbook.core.spi.CheckType;
import dev.runbook.core.spi.TypeContext;
import dev.runbook.core.spi.TypeName;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.MalformedURLException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/**
 * The {@code http} check type: one request to an HTTP(S) endpoint, judged by status, body text and JSON fields.
 *
 * <pre>{@code
 * health: { type: http, url: "http://127.0.0.1:8100/health", expect: { status: 200, json: { status: healthy } } }
 * }</pre>
 *
 * <p>Uses {@link HttpURLConnection} (first request a few ms, keep-alive reuse afterwards). Connection refused, DNS
 * failure, TLS failure and timeouts are {@code CRITICAL}; an untrusted certificate is {@code CRITICAL}
 * "certificate not trusted: …" unless {@code insecure: true}. Stateless and thread-safe; a check blocks up to its
 * timeout.
 */
@TypeName("http")
public final class HttpCheckType implements CheckType<HttpCheckType.Params> {
    private static final int BODY_LIMIT = 4 * 1024 * 1024;
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH", "TRACE");

    /**
     * Parameters of {@code http}.
     *
     * @param url             the URL (http or https), required
     * @param method          GET (default), HEAD, POST, PUT, DELETE, OPTIONS, PATCH
     * @param headers         request headers
     * @param body            request body (UTF-8)
     * @param basicAuth       basic authentication
     * @param expect          what the answer must be
     * @param followRedirects follow 3xx within the same scheme (default false)
     * @param insecure        accept any certificate (default false)
     */
    public record Params(String url, String method, Map<String, String> headers, String body, BasicAuth basicAuth,
                         Expect expect, Boolean followRedirects, Boolean insecure) {
    }

    /**
     * {@code basic_auth: {username, password}}.
     *
     * @param username the user
     * @param password the password, a secret
     */
    public record BasicAuth(String username, Secret password) {
    }

    /**
     * {@code expect:}.
     *
     * @param status       accepted statuses: a number, a list, or ranges such as {@code "200-299"} (default 200–299)
     * @param bodyContains text the body must contain
     * @param json         JSON Pointer ({@code /status}) or dotted key ({@code data.status}) to expected value
     */
    public record Expect(@JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> status,
                         String bodyContains, Map<String, Object> json) {
    }

    @Override
    public String name() {
        return "http";
    }

    @Override
    public Class<Params> parameterType() {
        return Params.class;
    }

    @Override
    public String description() {
        return "an HTTP(S) endpoint answers as expected";
    }

    /** Where its checks appear in the reports (runbook-format §8). */
    @Override
    public List<ReportPlace> reportPlaces(Params parameters) {
        return List.of(ReportPlace.of("availability", "uptime"));
    }

    @Override
    public List<MetricSpec> metrics(Params parameters) {
        return List.of(MetricSpec.higherIsWorse("latency", Unit.SECONDS), MetricSpec.informational("status_code", Unit.COUNT));
    }

    @Override
    public Check create(Params p, TypeContext context) {
        if (p == null || p.url() == null || p.url().isBlank()) {
            throw new IllegalArgumentException("url: required, e.g. http://127.0.0.1:8100/health");
        }
        URL url;
        try {
            URI uri = new URI(p.url().trim());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw new IllegalArgumentException("url: expected an http:// or https:// URL, found '" + p.url() + "'");
            }
            if (uri.getHost() == null) {
                throw new IllegalArgumentException("url: no host in '" + p.url() + "'");
            }
            url = uri.toURL();
        } catch (URISyntaxException | MalformedURLException e) {
            throw new IllegalArgumentException("url: not a valid URL '" + p.url() + "': " + e.getMessage());
        }
        String method = p.method() == null ? "GET" : p.method().trim().toUpperCase(Locale.ROOT);
        if (!METHODS.contains(method)) {
            throw new IllegalArgumentException("method: expected one of " + METHODS + ", found '" + p.method() + "'");
        }
        if (p.body() != null && (method.equals("GET") || method.equals("HEAD"))) {
            throw new IllegalArgumentException("body: a " + method + " request carries no body; set method: POST (or PUT, PATCH)");
        }
        if (p.basicAuth() != null && (p.basicAuth().username() == null || p.basicAuth().password() == null)) {
            throw new IllegalArgumentException("basic_auth: needs both username and password");
        }
        Expect e = p.expect();
        StatusSet statuses = StatusSet.parse(e == null ? null : e.status());
        Map<String, Object> json = new LinkedHashMap<>();
        if (e != null && e.json() != null) {
            for (Map.Entry<String, Object> en : e.json().entrySet()) {
                json.put(JsonExpectation.pointer(en.getKey()), en.getValue());
            }
        }
        return new HttpCheck(url, method, p.headers() == null ? Map.of() : Map.copyOf(p.headers()), p.body(),
                p.basicAuth(), statuses, e == null ? null : e.bodyContains(), json,
                Boolean.TRUE.equals(p.followRedirects()), Boolean.TRUE.equals(p.insecure()));
    }

    /** The built check; immutable. */
    static final class HttpCheck implements Check {
        private final URL url;
        private final String method;
        private final Map<String, String> headers;
        private final String body;
        private final BasicAuth basicAuth;
        private final StatusSet statuses;
        private final String bodyContains;
        private final Map<String, Object> json;
        private final boolean follow;
        private final boolean insecure;

        HttpCheck(URL url, String method, Map<String, String> headers, String body, BasicAuth basicAuth,
                  StatusSet statuses, String bodyContains, Map<String, Object> json, boolean follow, boolean insecure) {
            this.url = url;
            this.method = method;
            this.headers = headers;
            this.body = body;
            this.basicAuth = basicAuth;
            this.statuses = statuses;
            this.bodyContains = bodyContains;
            this.json = json;
            this.follow = follow;
            this.insecure = insecure;
        }

        @Override
        public CheckResult run(CheckContext context) {
            String authHeader = null;
            if (basicAuth != null) {
                Secret pw = basicAuth.password();
                if (!pw.isSet()) {
                    return CheckResult.unknown("secret " + pw.name() + " is not set");
                }
                authHeader = "Basic " + Base64.getEncoder().encodeToString(
                        (basicAuth.username() + ":" + pw.reveal()).getBytes(StandardCharsets.UTF_8));
            }
            // Below the deadline, so that "no answer" is this check's CRITICAL, not the engine's UNKNOWN.
            Duration checkTimeout = context.timeout() == null ? Duration.ofSeconds(30) : context.timeout();
            Duration timeout = IoTimeout.below(context);
            int ms = IoTimeout.millis(timeout);
            String target = url.getHost() + ":" + (url.getPort() < 0 ? url.getDefaultPort() : url.getPort());
            long start = System.nanoTime();
            HttpURLConnection conn = null;
            try {
                conn = (HttpURLConnection) url.openConnection();
                if (insecure && conn instanceof HttpsURLConnection https) {
                    https.setSSLSocketFactory(InsecureTls.socketFactory());
                    https.setHostnameVerifier(InsecureTls.ANY_HOST);
                }
                conn.setConnectTimeout(ms);
                conn.setReadTimeout(ms);
                conn.setInstanceFollowRedirects(follow);
                conn.setUseCaches(false);
                conn.setRequestMethod(method);
                for (Map.Entry<String, String> h : headers.entrySet()) {
                    conn.setRequestProperty(h.getKey(), h.getValue());
                }
                if (authHeader != null) {
                    conn.setRequestProperty("Authorization", authHeader);
                }
                if (body != null) {
                    conn.setDoOutput(true);
                    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                    conn.setFixedLengthStreamingMode(bytes.length);
                    try (OutputStream out = conn.getOutputStream()) {
                        out.write(bytes);
                    }
                }
                conn.connect(); // a no-op when the body was sent
                // What connecting (and a TLS handshake) took comes off the time left for the answer.
                conn.setReadTimeout(IoTimeout.millis(IoTimeout.remaining(timeout, start)));
                int code = conn.getResponseCode();
                byte[] answer = readBody(conn, code);
                double latency = (System.nanoTime() - start) / 1e9;
                return judge(code, answer, latency);
            } catch (SocketTimeoutException ex) {
                return CheckResult.critical("timed out after " + Quantity.humanize(checkTimeout.toMillis() / 1000.0,
                        Unit.SECONDS) + ": no answer from " + url);
            } catch (ConnectException ex) {
                String m = ex.getMessage() == null ? "" : ex.getMessage().toLowerCase(Locale.ROOT);
                return CheckResult.critical((m.contains("timed out") ? "connect timed out: " : "connection refused: ") + target);
            } catch (UnknownHostException ex) {
                return CheckResult.critical("DNS lookup failed: " + url.getHost());
            } catch (NoRouteToHostException ex) {
                return CheckResult.critical("no route to host: " + target);
            } catch (SSLHandshakeException ex) {
                if (isTrustFailure(ex)) {
                    return CheckResult.critical("certificate not trusted: " + rootMessage(ex) + " (" + target + ")");
                }
                return CheckResult.critical("TLS handshake failed: " + rootMessage(ex) + " (" + target + ")");
            } catch (SSLException ex) {
                return CheckResult.critical("TLS failure: " + rootMessage(ex) + " (" + target + ")");
            } catch (IOException ex) {
                return CheckResult.critical("request failed: " + rootMessage(ex) + " (" + url + ")");
            } finally {
                if (conn != null && Thread.currentThread().isInterrupted()) {
                    conn.disconnect();
                }
            }
        }

        private CheckResult judge(int code, byte[] answer, double latency) {
            CheckResult.Builder b = CheckResult.builder().value(latency, Unit.SECONDS)
                    .metric("latency", latency).metric("status_code", code)
                    .detail("url", url.toString()).detail("status_code", code);
            String took = millis(latency);
            if (code < 0) {
                return b.status(Status.CRITICAL).message("not an HTTP answer from " + url).build();
            }
            if (!statuses.contains(code)) {
                return b.status(Status.CRITICAL).message("HTTP " + code + ", expected " + statuses + " (" + took + ")").build();
            }
            String text = null;
            if (bodyContains != null) {
                text = new String(answer, StandardCharsets.UTF_8);
                if (!text.contains(bodyContains)) {
                    return b.status(Status.CRITICAL).message("HTTP " + code + " but the body does not contain '"
                            + bodyContains + "' (" + took + ")").build();
                }
            }
            if (!json.isEmpty()) {
                String problem = JsonExpectation.check(answer, json);
                if (problem != null) {
                    return b.status(Status.CRITICAL).message("HTTP " + code + " but " + problem + " (" + took + ")").build();
                }
            }
            return b.status(Status.OK).message("HTTP " + code + " in " + took).build();
        }

        private static byte[] readBody(HttpURLConnection conn, int code) throws IOException {
            InputStream in;
            try {
                in = code >= 400 ? conn.getErrorStream() : conn.getInputStream();
            } catch (IOException e) {
                in = conn.getErrorStream();
            }
            if (in == null) {
                return new byte[0];
            }
            try (InputStream s = in) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                byte[] buf = new byte[8192];
                int n;
                while ((n = s.read(buf)) > 0) {
                    if (out.size() < BODY_LIMIT) {
                        out.write(buf, 0, Math.min(n, BODY_LIMIT - out.size()));
                    }
                }
                return out.toByteArray();
            }
        }

        private static boolean isTrustFailure(Throwable t) {
            for (Throwable c = t; c != null; c = c.getCause()) {
                if (c instanceof java.security.cert.CertPathValidatorException
                        || c instanceof java.security.cert.CertificateException
                        || c.getClass().getName().endsWith("CertPathBuilderException")
                        || c.getClass().getName().endsWith("ValidatorException")) {
                    return true;
                }
            }
            String m = t.getMessage();
            return m != null && (m.contains("PKIX") || m.contains("certificate"));
        }
    }

    /** "12.3ms" without java.util.Formatter, whose first use costs tens of ms on the first check run. */
    static String millis(double seconds) {
        long tenths = Math.round(seconds * 10_000);
        return tenths / 10 + "." + tenths % 10 + "ms";
    }

    static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        String m = c.getMessage();
        return m == null || m.isBlank() ? c.getClass().getSimpleName() : m;
    }
}
