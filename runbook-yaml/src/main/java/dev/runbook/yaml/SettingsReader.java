package dev.runbook.yaml;

import dev.runbook.core.Secret;
import dev.runbook.yaml.YNode.Entry;
import dev.runbook.yaml.YNode.YMap;
import dev.runbook.yaml.YNode.YScalar;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads {@code vars:}, {@code secrets:} and {@code store:}. One per load; not thread-safe. */
final class SettingsReader extends NodeReader {
    private static final Pattern ENV_REF = Pattern.compile("\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)}");

    SettingsReader(Loading loading) {
        super(loading);
    }

    void buildVars() {
        Substitutor partial = new Substitutor(l.env, l.vars, Map.of());
        for (Entry e : section("vars").values()) {
            if (!(e.value() instanceof YScalar s) || s.isNull()) {
                problems.error(e.value(), "expected a text for var '" + e.key().text() + "', found " + e.value().describe());
                continue;
            }
            Substitutor.Result r = partial.expand(s, s.text(), problems, Substitutor.Mode.VARS);
            if (r.ok()) {
                l.vars.put(e.key().text(), r.text());
            }
        }
    }

    void buildSecrets() {
        Substitutor partial = new Substitutor(l.env, l.vars, Map.of());
        for (Entry e : section("secrets").values()) {
            String name = e.key().text();
            if (!(e.value() instanceof YScalar s) || s.isNull()) {
                problems.error(e.value(), "expected a text for secret '" + name + "' (usually ${env:NAME}), found "
                        + e.value().describe());
                continue;
            }
            int before = problems.errorCount();
            Substitutor.Result r = partial.expand(s, s.text(), problems, Substitutor.Mode.SECRETS);
            if (r.ok()) {
                l.secrets.put(name, Secret.of(name, r.text()));
            } else {
                l.secrets.put(name, Secret.unset(name));
                if (problems.errorCount() == before) {
                    List<String> missing = new ArrayList<>();
                    Matcher m = ENV_REF.matcher(s.text());
                    while (m.find()) {
                        if (!l.env.containsKey(m.group(1))) {
                            missing.add(m.group(1));
                        }
                    }
                    problems.warning(s, "secret " + name + " is not set: environment variable "
                            + String.join(", ", missing) + " is missing; checks and actions using it will be UNKNOWN");
                }
            }
        }
    }

    StoreSettings buildStore(YNode node, String id) {
        Duration retention = null;
        String pathText = null;
        YNode at = node;
        if (node != null && !(node instanceof YScalar sc && sc.isNull())) {
            if (node instanceof YMap m) {
                keys(m, Set.of("path", "retention", "url", "username", "password"), "store");
                if (m.get("url") != null) {
                    Duration keep = m.get("retention") == null ? null : duration(m.get("retention"), "store.retention");
                    return serverStore(m, keep);
                }
                for (String k : List.of("username", "password")) {
                    if (m.get(k) != null) {
                        problems.error(m.get(k), "store." + k + " is for a PostgreSQL store: give store.url too");
                    }
                }
                if (m.get("path") != null) {
                    pathText = text(m.get("path"), "store.path");
                    at = m.get("path");
                }
                if (m.get("retention") != null) {
                    retention = duration(m.get("retention"), "store.retention");
                }
            } else {
                pathText = text(node, "store");
            }
        }
        Path path;
        if (pathText == null) {
            String xdg = l.env.get("XDG_STATE_HOME");
            Path base = xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute() ? Path.of(xdg)
                    : Path.of(home(), ".local", "state");
            path = base.resolve("runbook").resolve((id == null ? "runbook" : id) + ".db");
        } else {
            String p = pathText.trim();
            if (p.startsWith("jdbc:sqlite:")) {
                p = p.substring("jdbc:sqlite:".length());
                if (p.startsWith("file:")) {
                    p = p.substring(5);
                }
                int q = p.indexOf('?');
                if (q >= 0) {
                    p = p.substring(0, q);
                }
            } else if (p.startsWith("jdbc:")) {
                problems.error(at, "unsupported store '" + Problems.clip(p) + "': version 1 stores history in SQLite only; "
                        + "expected a file path or a jdbc:sqlite: URL");
                p = null;
            }
            if (p == null || p.isEmpty()) {
                if (p != null) {
                    problems.error(at, "expected a store path, found an empty one");
                }
                path = Path.of(home(), ".local", "state", "runbook", "runbook.db");
            } else {
                if (p.equals("~") || p.startsWith("~/")) {
                    p = home() + p.substring(1);
                }
                Path given;
                try {
                    given = Path.of(p);
                } catch (java.nio.file.InvalidPathException e) {
                    problems.error(at, "expected a store path, found '" + Problems.clip(p) + "'");
                    given = Path.of("runbook.db");
                }
                path = given.isAbsolute() ? given : l.mainFile.getParent().resolve(given);
            }
        }
        return new StoreSettings(path.toAbsolutePath().normalize(), retention);
    }

    /** {@code host: NAME} (runbook-format §10), e.g. {@code "${env:HOSTNAME}"}; null when absent. */
    String buildHost(YNode node) {
        if (node == null || node instanceof YScalar sc && sc.isNull()) {
            return null;
        }
        String h = text(node, "host");
        if (h == null) {
            return null;
        }
        if (h.isBlank() || h.length() > 253 || h.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
            problems.error(node, "expected host as a name of 1 to 253 characters without spaces, found '"
                    + Problems.clip(h) + "'");
            return null;
        }
        return h;
    }

    /** {@code store: {url: "postgresql://host[:port]/db", username, password}} (runbook-format §10). */
    private StoreSettings serverStore(YMap m, Duration retention) {
        if (m.get("path") != null) {
            problems.error(m.get("path"), "store: give either path (an SQLite file) or url (a PostgreSQL server), not both");
        }
        String url = text(m.get("url"), "store.url");
        String user = m.get("username") == null ? null : secretText(m.get("username"), "store.username");
        String password = m.get("password") == null ? null : secretText(m.get("password"), "store.password");
        String fallback = "postgresql://localhost/runbook";
        if (url == null) {
            return new StoreSettings(Path.of(fallback), retention, fallback);
        }
        String u = url.strip();
        if (u.startsWith("jdbc:")) {
            u = u.substring(5);
        }
        if (u.startsWith("postgres://")) {
            u = "postgresql://" + u.substring("postgres://".length());
        }
        java.net.URI uri = null;
        if (u.startsWith("postgresql://")) {
            try {
                uri = new java.net.URI(u);
            } catch (java.net.URISyntaxException e) {
                uri = null;
            }
        }
        if (uri == null || uri.getHost() == null || uri.getRawPath() == null || uri.getRawPath().length() < 2
                || uri.getRawUserInfo() != null) {
            problems.error(m.get("url"), "expected store.url as postgresql://host[:port]/database (credentials go in"
                    + " store.username and store.password), found '" + Problems.clip(url.replaceAll("//[^/@]*@", "//…@"))
                    + "'");
            return new StoreSettings(Path.of(fallback), retention, fallback);
        }
        String server = uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "") + uri.getRawPath()
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        String login = "";
        if (user != null) {
            login = enc(user) + (password == null ? "" : ":" + enc(password)) + "@";
        } else if (password != null) {
            problems.error(m.get("password"), "store.password needs store.username");
        }
        return new StoreSettings(Path.of("postgresql://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "")
                + uri.getRawPath()), retention, "postgresql://" + login + server);
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }
}
