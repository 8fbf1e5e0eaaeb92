package dev.runbook.incidents.notifier;

import dev.runbook.core.Secret;
import dev.runbook.core.escalation.Notification;
import dev.runbook.core.escalation.Notifier;
import dev.runbook.core.spi.NotifierType;
import dev.runbook.core.spi.TypeContext;
import dev.runbook.core.spi.TypeName;
import jakarta.mail.Authenticator;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Date;
import java.util.Locale;
import java.util.Properties;

/**
 * The {@code email} notifier: plain-text mail over SMTP through Angus Mail (the jakarta.mail API), with
 * connect, read and write timeouts. {@code smtp: "smtp://host:port"} (STARTTLS with {@code starttls: true},
 * then required, never falling back to clear text) or {@code "smtps://host:port"} (TLS from the start);
 * {@code username} and {@code password} (a {@link Secret}) for SMTP AUTH. The recipient is the contact's
 * {@code address}, else {@code to}. Stateless and thread-safe; {@code send} blocks up to the timeouts.
 *
 * <pre>{@code
 * notifiers:
 *   ops-email: { type: email, smtp: "smtp://mail.example.com:587", from: runbook@example.com,
 *                starttls: true, username: runbook, password: "${secret:smtp_password}" }
 * }</pre>
 */
@TypeName("email")
public final class EmailNotifierType implements NotifierType<EmailNotifierType.Params> {
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(20);

    /**
     * Parameters of an {@code email} notifier.
     *
     * @param smtp     {@code smtp://host:port} (default port 25, 587 with starttls) or {@code smtps://host:port} (465)
     * @param from     the sender address
     * @param to       the recipient when the notifier is named directly instead of through a contact
     * @param starttls require STARTTLS (default false)
     * @param username SMTP AUTH user, or null for none
     * @param password SMTP AUTH password
     * @param timeout  connect, read and write timeout each (default 20s)
     */
    public record Params(String smtp, String from, String to, Boolean starttls, String username, Secret password,
                         Duration timeout) {
    }

    @Override
    public String name() {
        return "email";
    }

    @Override
    public Class<Params> parameterType() {
        return Params.class;
    }

    @Override
    public String description() {
        return "sends notifications as plain-text email over SMTP (STARTTLS, AUTH)";
    }

    @Override
    public Notifier create(Params p, TypeContext context) {
        if (p.smtp() == null || p.smtp().isBlank()) {
            throw new IllegalArgumentException("smtp: required, e.g. \"smtp://mail.example.com:587\"");
        }
        URI uri;
        try {
            uri = URI.create(p.smtp().trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("smtp: expected smtp://host:port or smtps://host:port, found '" + p.smtp() + "'");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("smtp") && !scheme.equals("smtps") || uri.getHost() == null) {
            throw new IllegalArgumentException("smtp: expected smtp://host:port or smtps://host:port, found '" + p.smtp() + "'");
        }
        if (uri.getUserInfo() != null) {
            throw new IllegalArgumentException("smtp: put the user in username and the password in password (a secret), "
                    + "not in the URL");
        }
        if (p.from() == null || p.from().isBlank()) {
            throw new IllegalArgumentException("from: required (the sender address)");
        }
        InternetAddress from = address("from", p.from());
        InternetAddress to = p.to() == null ? null : address("to", p.to());
        if (p.password() != null && p.username() == null) {
            throw new IllegalArgumentException("username: required when password is given");
        }
        boolean ssl = scheme.equals("smtps");
        boolean starttls = Boolean.TRUE.equals(p.starttls());
        if (ssl && starttls) {
            throw new IllegalArgumentException("starttls: not with smtps:// (TLS from the start); use one or the other");
        }
        int port = uri.getPort() > 0 ? uri.getPort() : ssl ? 465 : starttls ? 587 : 25;
        Duration timeout = p.timeout() == null ? DEFAULT_TIMEOUT : p.timeout();
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout: must be positive, found " + timeout);
        }
        String proto = ssl ? "smtps" : "smtp";
        String ms = Long.toString(timeout.toMillis());
        Properties props = new Properties();
        props.put("mail.transport.protocol", proto);
        props.put("mail." + proto + ".host", uri.getHost());
        props.put("mail." + proto + ".port", Integer.toString(port));
        props.put("mail." + proto + ".connectiontimeout", ms);
        props.put("mail." + proto + ".timeout", ms);
        props.put("mail." + proto + ".writetimeout", ms);
        props.put("mail." + proto + ".auth", Boolean.toString(p.username() != null));
        if (starttls) {
            props.put("mail.smtp.starttls.enable", "true");
            props.put("mail.smtp.starttls.required", "true");
        }
        if (ssl || starttls) {
            props.put("mail." + proto + ".ssl.checkserveridentity", "true");
        }
        return new EmailNotifier(context.id(), proto, props, from, to, p.username(), p.password());
    }

    private static InternetAddress address(String key, String value) {
        try {
            InternetAddress a = new InternetAddress(value, true);
            a.validate();
            return a;
        } catch (AddressException e) {
            throw new IllegalArgumentException(key + ": not an email address: '" + value + "'");
        }
    }

    /** Sends one mail per notification. */
    private static final class EmailNotifier implements Notifier {
        private final String id;
        private final String proto;
        private final Properties props;
        private final InternetAddress from;
        private final InternetAddress to;
        private final String username;
        private final Secret password;

        EmailNotifier(String id, String proto, Properties props, InternetAddress from, InternetAddress to,
                      String username, Secret password) {
            this.id = id;
            this.proto = proto;
            this.props = props;
            this.from = from;
            this.to = to;
            this.username = username;
            this.password = password;
        }

        @Override
        public void send(Notification n, String address) throws Exception {
            InternetAddress rcpt;
            if (address != null && !address.isBlank()) {
                rcpt = new InternetAddress(address, true);
            } else if (to != null) {
                rcpt = to;
            } else {
                throw new IllegalStateException("email " + id + ": no recipient (give the contact an address, "
                        + "or the notifier a 'to')");
            }
            Authenticator auth = null;
            if (username != null) {
                String pw = password == null ? "" : password.reveal();
                auth = new Authenticator() {
                    @Override
                    protected PasswordAuthentication getPasswordAuthentication() {
                        return new PasswordAuthentication(username, pw);
                    }
                };
            }
            Session session = Session.getInstance(props, auth);
            MimeMessage m = new MimeMessage(session);
            m.setFrom(from);
            m.setRecipient(Message.RecipientType.TO, rcpt);
            m.setSubject(n.subject(), StandardCharsets.UTF_8.name());
            m.setText(n.text(), StandardCharsets.UTF_8.name());
            m.setSentDate(n.at() == null ? new Date() : Date.from(n.at()));
            m.setHeader("X-Runbook-Kind", n.kind());
            String inc = n.fields().get("incident");
            if (inc != null) {
                m.setHeader("X-Runbook-Incident", inc);
            }
            try (Transport t = session.getTransport(proto)) {
                if (username != null) {
                    t.connect(username, password == null ? "" : password.reveal());
                } else {
                    t.connect();
                }
                t.sendMessage(m, m.getAllRecipients());
            } catch (MessagingException e) {
                throw new MessagingException("email " + id + ": " + summary(e));
            }
        }

        private static String summary(Throwable e) {
            StringBuilder b = new StringBuilder();
            Throwable t = e;
            int depth = 0;
            while (t != null && depth++ < 3) {
                if (b.length() > 0) {
                    b.append(": ");
                }
                b.append(t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage().strip());
                t = t.getCause() == t ? null : t.getCause();
            }
            return b.toString();
        }

        @Override
        public String toString() {
            return "email " + id;
        }
    }
}
