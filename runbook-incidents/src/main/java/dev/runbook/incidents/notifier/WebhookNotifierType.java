package dev.runbook.incidents.notifier;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runbook.core.Secret;
import dev.runbook.core.escalation.Notification;
import dev.runbook.core.escalation.Notifier;
import dev.runbook.core.spi.NotifierType;
import dev.runbook.core.spi.TypeContext;
import dev.runbook.core.spi.TypeName;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The {@code webhook} notifier: a JSON POST over HttpURLConnection with connect and read timeouts.
 * {@code format: slack} sends Slack's incoming-webhook payload ({@code {"text": …}}); the default
 * ({@code format: json}) sends {@code {"kind", "subject", "text", "at", "id", "address", "fields": {…}}}. Every request
 * carries the notification's stable id as an {@code Idempotency-Key} header, the same on every attempt.
 * The URL is a {@link Secret}: it never appears in errors, logs or the store (errors name the notifier id and
 * the HTTP status instead). Stateless and thread-safe; {@code send} blocks up to the two timeouts.
 *
 * <pre>{@code
 * notifiers:
 *   ops-webhook: { type: webhook, url: "${secret:webhook_url}", format: slack, timeout: 10s }
 * }</pre>
 */
@TypeName("webhook")
public final class WebhookNotifierType implements NotifierType<WebhookNotifierType.Params> {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    /**
     * Parameters of a {@code webhook} notifier.
     *
     * @param url     where to POST (http or https); usually {@code ${secret:…}}
     * @param format  {@code json} (default) or {@code slack}
     * @param headers extra request headers (values may be {@code ${secret:…}}; never shown)
     * @param timeout connect and read timeout each (default 10s)
     */
    public record Params(Secret url, String format, Map<String, String> headers, Duration timeout) {
    }

    @Override
    public String name() {
        return "webhook";
    }

    @Override
    public Class<Params> parameterType() {
        return Params.class;
    }

    @Override
    public String description() {
        return "POSTs notifications as JSON to a URL (format: slack for Slack incoming webhooks)";
    }

    @Override
    public Notifier create(Params p, TypeContext context) {
        if (p.url() == null) {
            throw new IllegalArgumentException("url: required (the URL to POST to, usually ${secret:NAME})");
        }
        String format = p.format() == null ? "json" : p.format().toLowerCase(Locale.ROOT);
        if (!Set.of("json", "slack").contains(format)) {
            throw new IllegalArgumentException("format: expected json or slack, found '" + p.format() + "'");
        }
        if (p.url().isSet()) {
            String u = p.url().reveal().toLowerCase(Locale.ROOT);
            if (!u.startsWith("http://") && !u.startsWith("https://")) {
                // never echo the value: it is a secret
                throw new IllegalArgumentException("url: expected an http:// or https:// URL (secret "
                        + p.url().name() + ")");
            }
        }
        Duration timeout = p.timeout() == null ? DEFAULT_TIMEOUT : p.timeout();
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout: must be positive, found " + timeout);
        }
        Map<String, String> headers = p.headers() == null ? Map.of() : Map.copyOf(p.headers());
        return new WebhookNotifier(context.id(), p.url(), format, headers, timeout);
    }

    /** Builds the request body for a format. */
    static byte[] body(String format, Notification n, String address) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        if (format.equals("slack")) {
            root.put("text", "*" + n.subject() + "*\n" + n.text());
        } else {
            root.put("kind", n.kind());
            root.put("subject", n.subject());
            root.put("text", n.text());
            root.put("at", n.at() == null ? null : n.at().toString());
            if (n.id() != null) {
                root.put("id", n.id());
            }
            if (address != null) {
                root.put("address", address);
            }
            ObjectNode f = root.putObject("fields");
            new java.util.TreeMap<>(n.fields()).forEach(f::put);
        }
        return JSON.writeValueAsBytes(root);
    }

    /** POSTs one notification. */
    private static final class WebhookNotifier implements Notifier {
        private final String id;
        private final Secret url;
        private final String format;
        private final Map<String, String> headers;
        private final int timeoutMillis;

        WebhookNotifier(String id, Secret url, String format, Map<String, String> headers, Duration timeout) {
            this.id = id;
            this.url = url;
            this.format = format;
            this.headers = headers;
            this.timeoutMillis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        }

        @Override
        public void send(Notification n, String address) throws Exception {
            byte[] body = body(format, n, address);
            String target = url.reveal();
            HttpURLConnection c;
            try {
                URL u = URI.create(target).toURL();
                c = (HttpURLConnection) u.openConnection();
            } catch (IllegalArgumentException | IOException e) {
                throw new IOException("webhook " + id + ": the URL (secret " + url.name() + ") is not a valid URL");
            }
            try {
                c.setConnectTimeout(timeoutMillis);
                c.setReadTimeout(timeoutMillis);
                c.setInstanceFollowRedirects(false);
                c.setRequestMethod("POST");
                c.setDoOutput(true);
                c.setRequestProperty("Content-Type", "application/json; charset=utf-8");
                c.setRequestProperty("User-Agent", "runbook");
                headers.forEach(c::setRequestProperty);
                if (n.id() != null) {
                    // the same on every attempt: the receiver can drop a re-sent duplicate
                    c.setRequestProperty("Idempotency-Key", n.id());
                }
                c.setFixedLengthStreamingMode(body.length);
                try (OutputStream out = c.getOutputStream()) {
                    out.write(body);
                }
                int code = c.getResponseCode();
                drain(code >= 400 ? c.getErrorStream() : c.getInputStream());
                if (code < 200 || code > 299) {
                    throw new IOException("webhook " + id + " answered HTTP " + code);
                }
            } catch (IOException e) {
                if (e.getMessage() != null && e.getMessage().startsWith("webhook " + id)) {
                    throw e;
                }
                // JDK messages may carry the URL or its host: say what happened without them
                throw new IOException("webhook " + id + ": " + e.getClass().getSimpleName()
                        + safeMessage(e.getMessage(), target));
            } finally {
                c.disconnect();
            }
        }

        private static String safeMessage(String m, String target) {
            if (m == null || m.isBlank()) {
                return "";
            }
            String host = "";
            try {
                host = URI.create(target).getHost();
            } catch (IllegalArgumentException ignored) {
                // not a URI: nothing to hide beyond the target itself
            }
            if (m.contains(target) || (host != null && !host.isEmpty() && m.contains(host)) || m.contains("://")) {
                return "";
            }
            return " (" + m + ")";
        }

        private static void drain(InputStream in) throws IOException {
            if (in == null) {
                return;
            }
            try (in) {
                byte[] buf = new byte[4096];
                int total = 0;
                int r;
                while ((r = in.read(buf)) >= 0 && total < 1 << 20) {
                    total += r;
                }
            }
        }

        @Override
        public String toString() {
            return "webhook " + id + " (" + format + ")";
        }
    }

}
