package dev.runbook.yaml;

import dev.runbook.core.Check;
import dev.runbook.core.MetricSpec;
import dev.runbook.core.Secret;
import dev.runbook.core.Status;
import dev.runbook.core.action.Action;
import dev.runbook.core.escalation.Contact;
import dev.runbook.core.escalation.EscalationPolicy;
import dev.runbook.core.escalation.EscalationStep;
import dev.runbook.core.escalation.Level;
import dev.runbook.core.escalation.Notifier;
import dev.runbook.core.escalation.Route;
import dev.runbook.core.model.ActionDefinition;
import dev.runbook.core.model.CheckDefinition;
import dev.runbook.core.model.Hysteresis;
import dev.runbook.core.model.MaintenanceWindow;
import dev.runbook.core.model.Procedure;
import dev.runbook.core.model.Remediation;
import dev.runbook.core.model.ReportDefinition;
import dev.runbook.core.model.Runbook;
import dev.runbook.core.model.SloDefinition;
import dev.runbook.core.model.Step;
import dev.runbook.core.model.Waiver;
import dev.runbook.core.quantity.Quantity;
import dev.runbook.core.quantity.Unit;
import dev.runbook.core.quantity.UnitFamily;
import dev.runbook.core.schedule.Schedule;
import dev.runbook.core.spi.ActionType;
import dev.runbook.core.spi.CheckType;
import dev.runbook.core.spi.NotifierType;
import dev.runbook.core.spi.TypeContext;
import dev.runbook.core.spi.TypeRegistry;
import dev.runbook.yaml.YNode.Entry;
import dev.runbook.yaml.YNode.YMap;
import dev.runbook.yaml.YNode.YScalar;
import dev.runbook.yaml.YNode.YSeq;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the node trees of a runbook file and its includes into a {@link Runbook}, collecting every problem with
 * its location. One instance per load; not thread-safe.
 */
final class Assembler {
    static final Set<String> MAIN_KEYS = new java.util.LinkedHashSet<>(List.of("runbook", "title", "version", "timezone",
            "include", "vars", "secrets", "store", "checks", "actions", "remediations", "procedures", "maintenance",
            "escalation", "notifiers", "slo", "reports"));
    static final Set<String> MAIN_ONLY = Set.of("runbook", "title", "timezone", "store");
    static final Set<String> CHECK_COMMON = new java.util.LinkedHashSet<>(List.of("type", "title", "timeout", "warning",
            "critical", "thresholds", "for", "recover_for", "flapping", "on_warning", "on_critical", "on_unknown",
            "incident", "category", "depends_on", "maintenance", "waive", "tags"));
    static final Set<String> ACTION_COMMON = new java.util.LinkedHashSet<>(List.of("type", "title", "timeout"));
    static final Set<String> NOTIFIER_COMMON = Set.of("type");
    static final List<String> SECTIONS = List.of("services", "resources", "metrics", "performance", "availability",
            "incidents", "actions", "backup", "security", "capacity", "cost", "notes");
    static final List<String> AGGS = List.of("last", "sum", "avg", "min", "max", "p95");
    static final List<String> FORMATS = List.of("text", "markdown", "json", "html");
    static final List<String> PERIODS = List.of("day", "week", "month");
    static final List<String> DAYS = List.of("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday");
    private static final Pattern LEVEL_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*");
    private static final Pattern ENV_REF = Pattern.compile("\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)}");
    private static final int MAX_INCLUDE_DEPTH = 16;

    private final TypeRegistry registry;
    private final Map<String, String> env;
    private final Clock clock;
    private final YamlReader reader;
    private final Problems problems = new Problems();

    // merged sections: id -> entry (its key node and value), in file order
    private final Map<String, Map<String, Entry>> sections = new HashMap<>();
    private final List<YNode> maintenanceNodes = new ArrayList<>();
    private final List<YMap> escalationNodes = new ArrayList<>();
    private final Set<Path> loaded = new HashSet<>();

    private Path mainFile;
    private ZoneId zone = ZoneId.systemDefault();
    private Substitutor sub;
    private ParamBinder binder;
    private final Map<String, String> vars = new LinkedHashMap<>();
    private final Map<String, Secret> secrets = new LinkedHashMap<>();

    private final Map<String, ActionDefinition> actions = new LinkedHashMap<>();
    private final Map<String, Remediation> remediations = new LinkedHashMap<>();
    private final Set<String> remediationsBuilding = new HashSet<>();
    private final Map<String, Prepared> prepared = new LinkedHashMap<>();
    private EscalationPolicy escalation = EscalationPolicy.none();
    private final Set<String> notifierIds = new LinkedHashSet<>();
    private final Set<String> contactIds = new LinkedHashSet<>();
    private final Set<String> reportIds = new LinkedHashSet<>();

    /** A check whose type and parameters are bound, before its common keys are applied. */
    private record Prepared(String id, YMap node, CheckType<?> type, Object params, Check check, List<MetricSpec> metrics,
                            Set<String> missingSecrets, Path baseDir) {
    }

    Assembler(TypeRegistry registry, Map<String, String> env, Clock clock, YamlReader reader) {
        this.registry = registry;
        this.env = env;
        this.clock = clock;
        this.reader = reader;
    }

    LoadResult load(Path file) {
        LoadResult r;
        try {
            r = doLoad(file);
        } catch (StackOverflowError e) {
            problems.error(file, 0, 0, "the file is too deeply nested to load");
            r = new LoadResult(null, problems.all());
        }
        return scrubbed(r);
    }

    /**
     * Problems never show a secret's value, whatever a type put in its message (a webhook URL it found invalid,
     * say): every set secret's value, in any case, is replaced by {@code ******}.
     */
    private LoadResult scrubbed(LoadResult r) {
        dev.runbook.core.engine.SecretScrubber scrubber = dev.runbook.core.engine.SecretScrubber.of(secrets.values());
        List<Problem> out = new ArrayList<>();
        for (Problem p : r.problems()) {
            out.add(new Problem(p.file(), p.line(), p.column(), scrubber.scrub(p.message()), p.severity()));
        }
        return new LoadResult(r.runbook(), out, r.store());
    }

    private LoadResult doLoad(Path file) {
        mainFile = file.toAbsolutePath().normalize();
        YNode rootNode = reader.read(mainFile, problems);
        if (rootNode == null) {
            if (!problems.hasErrors()) {
                problems.error(mainFile, 1, 1, "expected a runbook (a mapping with runbook: and version: 1), found an empty file");
            }
            return new LoadResult(null, problems.all());
        }
        if (!(rootNode instanceof YMap root)) {
            problems.error(rootNode, "expected a runbook (a mapping with runbook: and version: 1), found " + rootNode.describe());
            return new LoadResult(null, problems.all());
        }
        loaded.add(mainFile);
        collect(root, true, new ArrayDeque<>(List.of(mainFile)));

        // identity
        String id = null;
        YNode idNode = root.get("runbook");
        if (idNode == null) {
            problems.error(root, "missing key 'runbook': expected the runbook's id, e.g. runbook: my-service");
        } else {
            id = scalarText(idNode, "runbook");
            if (id != null && !CheckDefinition.ID.matcher(id).matches()) {
                problems.error(idNode, "runbook id must match [a-z0-9][a-z0-9-]*, found '" + Problems.clip(id) + "'");
                id = null;
            }
        }
        YNode versionNode = root.get("version");
        if (versionNode == null) {
            problems.error(root, "missing key 'version': expected version: 1");
        }
        String title = root.get("title") == null ? null : scalarText(root.get("title"), "title");
        if (root.get("timezone") != null) {
            String tz = scalarText(root.get("timezone"), "timezone");
            if (tz != null) {
                try {
                    zone = ZoneId.of(tz.trim());
                } catch (DateTimeException e) {
                    problems.error(root.get("timezone"), "unknown time zone '" + Problems.clip(tz)
                            + "': expected a region such as Asia/Tokyo or UTC");
                }
            }
        }

        buildVars();
        buildSecrets();
        sub = new Substitutor(env, vars, secrets);
        binder = new ParamBinder(sub, problems);

        StoreSettings store = buildStore(root.get("store"), id);
        buildNotifiers();
        buildEscalation();
        for (String r : section("reports").keySet()) {
            reportIds.add(r);
        }
        buildActions();
        for (String r : section("remediations").keySet()) {
            remediation(r);
        }
        prepareChecks();
        Map<String, CheckDefinition> checks = buildChecks();
        List<Procedure> procedures = buildProcedures();
        List<MaintenanceWindow> windows = new ArrayList<>();
        for (YNode n : maintenanceNodes) {
            windows.addAll(windows(n, "maintenance"));
        }
        List<SloDefinition> slos = buildSlos();
        List<ReportDefinition> reports = buildReports();

        if (problems.hasErrors() || id == null) {
            return new LoadResult(null, problems.all());
        }
        Runbook.Builder b = Runbook.builder(id).title(title).zone(zone).escalation(escalation).source(mainFile)
                .store(store.path().toString());
        secrets.values().forEach(b::secret);
        checks.values().forEach(b::check);
        actions.values().forEach(b::action);
        remediations.values().forEach(b::remediation);
        procedures.forEach(b::procedure);
        windows.forEach(b::maintenance);
        notifiers.forEach(b::notifier);
        slos.forEach(b::slo);
        reports.forEach(b::report);
        try {
            return new LoadResult(b.build(), problems.all(), store);
        } catch (IllegalArgumentException e) {
            YNode at = locateCycle(e.getMessage());
            problems.error(at != null ? at : root, e.getMessage());
            return new LoadResult(null, problems.all());
        }
    }

    private YNode locateCycle(String message) {
        Matcher m = Pattern.compile("dependency cycle: ([a-z0-9-]+)").matcher(message);
        if (m.find()) {
            Entry e = section("checks").get(m.group(1));
            if (e != null && e.value() instanceof YMap cm) {
                return cm.get("depends_on") != null ? cm.get("depends_on") : e.key();
            }
        }
        return null;
    }

    // ---------------------------------------------------------------- files and includes

    private void collect(YMap root, boolean main, Deque<Path> chain) {
        for (Entry e : root.entries().values()) {
            String k = e.key().text();
            if (!MAIN_KEYS.contains(k)) {
                problems.error(e.key(), "unknown key '" + Problems.clip(k) + "' at the top level"
                        + Problems.suggestOrList(k, MAIN_KEYS));
                continue;
            }
            if (!main && MAIN_ONLY.contains(k)) {
                problems.error(e.key(), "'" + k + "' may only be set in the main runbook file, found it in an included file");
                continue;
            }
            YNode v = e.value();
            if (v instanceof YScalar s && s.isNull()) {
                continue;
            }
            switch (k) {
                case "version" -> {
                    if (!(v instanceof YScalar s && s.kind() != YScalar.Kind.NULL && s.text().trim().equals("1"))) {
                        problems.error(v, "unsupported version: expected 1, found " + v.describe());
                    }
                }
                case "include" -> {
                    List<YNode> items = v instanceof YSeq seq ? seq.items() : List.of(v);
                    for (YNode item : items) {
                        include(item, chain);
                    }
                }
                case "maintenance" -> maintenanceNodes.add(v);
                case "escalation" -> {
                    if (v instanceof YMap m) {
                        escalationNodes.add(m);
                    } else {
                        problems.error(v, "expected a mapping for escalation (levels, routes, updates, contacts), found "
                                + v.describe());
                    }
                }
                case "checks", "actions", "remediations", "procedures", "notifiers", "slo", "reports", "vars", "secrets" -> {
                    if (!(v instanceof YMap m)) {
                        problems.error(v, "expected a mapping of " + k + " by id, found " + v.describe());
                        continue;
                    }
                    Map<String, Entry> target = section(k);
                    for (Entry item : m.entries().values()) {
                        Entry prev = target.get(item.key().text());
                        if (prev != null) {
                            problems.error(item.key(), singular(k) + " '" + Problems.clip(item.key().text())
                                    + "' is defined twice (also at " + prev.key().file().getFileName() + ":"
                                    + prev.key().line() + ":" + prev.key().column() + ")");
                        } else {
                            target.put(item.key().text(), item);
                        }
                    }
                }
                default -> {
                }
            }
        }
    }

    private static String singular(String section) {
        return switch (section) {
            case "checks" -> "check";
            case "actions" -> "action";
            case "remediations" -> "remediation";
            case "procedures" -> "procedure";
            case "notifiers" -> "notifier";
            case "reports" -> "report";
            case "vars" -> "var";
            case "secrets" -> "secret";
            default -> section;
        };
    }

    private void include(YNode item, Deque<Path> chain) {
        if (!(item instanceof YScalar s) || s.isNull()) {
            problems.error(item, "expected a file path to include, found " + item.describe());
            return;
        }
        Path from = chain.peekLast().getParent();
        String text = s.text();
        if (text.contains("${")) {
            problems.error(item, "include: paths cannot use substitution, found '" + Problems.clip(text) + "'");
            return;
        }
        if (text.equals("~") || text.startsWith("~/")) {
            text = home() + text.substring(1);
        }
        Path target;
        try {
            Path given = Path.of(text);
            target = (given.isAbsolute() ? given : from.resolve(given)).toAbsolutePath().normalize();
        } catch (java.nio.file.InvalidPathException e) {
            problems.error(item, "expected a file path to include, found '" + Problems.clip(text) + "'");
            return;
        }
        if (chain.contains(target)) {
            List<String> names = new ArrayList<>();
            boolean in = false;
            for (Path p : chain) {
                in |= p.equals(target);
                if (in) {
                    names.add(p.getFileName().toString());
                }
            }
            names.add(target.getFileName().toString());
            problems.error(item, "include cycle: " + String.join(" -> ", names));
            return;
        }
        if (chain.size() > MAX_INCLUDE_DEPTH) {
            problems.error(item, "includes nest too deeply: expected at most " + MAX_INCLUDE_DEPTH + " levels");
            return;
        }
        if (!loaded.add(target)) {
            return; // already merged through another include
        }
        if (!Files.isRegularFile(target)) {
            problems.error(item, "included file not found: " + target);
            return;
        }
        YNode root = reader.read(target, problems);
        if (root == null) {
            return;
        }
        if (!(root instanceof YMap m)) {
            problems.error(root, "expected an included runbook part (a mapping of checks:, actions:, …), found "
                    + root.describe());
            return;
        }
        chain.addLast(target);
        collect(m, false, chain);
        chain.removeLast();
    }

    private Map<String, Entry> section(String name) {
        return sections.computeIfAbsent(name, k -> new LinkedHashMap<>());
    }

    private String home() {
        String h = env.get("HOME");
        return h != null && !h.isBlank() ? h : System.getProperty("user.home");
    }

    // ---------------------------------------------------------------- vars, secrets, store

    private void buildVars() {
        Substitutor partial = new Substitutor(env, vars, Map.of());
        for (Entry e : section("vars").values()) {
            if (!(e.value() instanceof YScalar s) || s.isNull()) {
                problems.error(e.value(), "expected a text for var '" + e.key().text() + "', found " + e.value().describe());
                continue;
            }
            Substitutor.Result r = partial.expand(s, s.text(), problems, Substitutor.Mode.VARS);
            if (r.ok()) {
                vars.put(e.key().text(), r.text());
            }
        }
    }

    private void buildSecrets() {
        Substitutor partial = new Substitutor(env, vars, Map.of());
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
                secrets.put(name, Secret.of(name, r.text()));
            } else {
                secrets.put(name, Secret.unset(name));
                if (problems.errorCount() == before) {
                    List<String> missing = new ArrayList<>();
                    Matcher m = ENV_REF.matcher(s.text());
                    while (m.find()) {
                        if (!env.containsKey(m.group(1))) {
                            missing.add(m.group(1));
                        }
                    }
                    problems.warning(s, "secret " + name + " is not set: environment variable "
                            + String.join(", ", missing) + " is missing; checks and actions using it will be UNKNOWN");
                }
            }
        }
    }

    private StoreSettings buildStore(YNode node, String id) {
        Duration retention = null;
        String pathText = null;
        YNode at = node;
        if (node != null && !(node instanceof YScalar sc && sc.isNull())) {
            if (node instanceof YMap m) {
                keys(m, Set.of("path", "retention"), "store");
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
            String xdg = env.get("XDG_STATE_HOME");
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
                path = given.isAbsolute() ? given : mainFile.getParent().resolve(given);
            }
        }
        return new StoreSettings(path.toAbsolutePath().normalize(), retention);
    }

    // ---------------------------------------------------------------- scalar helpers

    /** The raw text of a scalar (no substitution), or null with a problem. */
    private String scalarText(YNode n, String what) {
        if (n instanceof YScalar s && !s.isNull()) {
            return s.text();
        }
        problems.error(n, "expected a text for " + what + ", found " + n.describe());
        return null;
    }

    /** The substituted text of a scalar, or null with a problem. */
    private String text(YNode n, String what) {
        if (n instanceof YScalar s && !s.isNull()) {
            Substitutor.Result r = sub.expand(s, problems);
            return r.ok() ? r.text() : null;
        }
        problems.error(n, "expected a text for " + what + ", found " + n.describe());
        return null;
    }

    private List<String> textList(YNode n, String what) {
        List<String> out = new ArrayList<>();
        if (n == null || n instanceof YScalar s && s.isNull()) {
            return out;
        }
        if (n instanceof YMap) {
            problems.error(n, "expected a list of texts for " + what + ", found a mapping");
            return out;
        }
        List<YNode> items = n instanceof YSeq seq ? seq.items() : List.of(n);
        for (YNode i : items) {
            String t = text(i, what);
            if (t != null) {
                out.add(t);
            }
        }
        return out;
    }

    private Duration duration(YNode n, String what) {
        String t = text(n, what);
        if (t == null) {
            return null;
        }
        try {
            return Quantity.parseDuration(t);
        } catch (IllegalArgumentException e) {
            problems.error(n, "expected a duration such as 30s, 10m or 1.5h for " + what + ", found '"
                    + Problems.clip(t) + "'");
            return null;
        }
    }

    private YMap map(YNode n, String what) {
        if (n instanceof YMap m) {
            return m;
        }
        problems.error(n, "expected a mapping for " + what + ", found " + n.describe());
        return null;
    }

    private void keys(YMap m, Set<String> allowed, String what) {
        for (Entry e : m.entries().values()) {
            if (!allowed.contains(e.key().text())) {
                problems.error(e.key(), "unknown key '" + Problems.clip(e.key().text()) + "' in " + what
                        + Problems.suggestOrList(e.key().text(), allowed));
            }
        }
    }

    private boolean validId(YScalar key, String kind) {
        if (!CheckDefinition.ID.matcher(key.text()).matches()) {
            problems.error(key, kind + " id must match [a-z0-9][a-z0-9-]*, found '" + Problems.clip(key.text()) + "'");
            return false;
        }
        return true;
    }

    private TypeContext context(YNode at, String id) {
        return new TypeContext(at.file().getParent(), zone, clock, id);
    }

    // ---------------------------------------------------------------- notifiers and escalation

    private final Map<String, Notifier> notifiers = new LinkedHashMap<>();

    private void buildNotifiers() {
        for (Entry e : section("notifiers").values()) {
            String id = e.key().text();
            notifierIds.add(id);
            if (!validId(e.key(), "notifier")) {
                continue;
            }
            YMap m = map(e.value(), "notifier '" + id + "'");
            if (m == null) {
                continue;
            }
            NotifierType<?> type = typeOf(m, registry.notifierTypes(), "notifier", id);
            if (type == null) {
                continue;
            }
            Object params = binder.bindRecord(m, type.parameterType(), NOTIFIER_COMMON, "notifier type " + type.name(),
                    context(m, id));
            if (params == ParamBinder.FAIL) {
                continue;
            }
            try {
                notifiers.put(id, createNotifier(type, params, context(m, id)));
            } catch (IllegalArgumentException ex) {
                problems.error(m, "notifier '" + id + "': " + ex.getMessage());
            } catch (RuntimeException ex) {
                problems.error(m, "notifier '" + id + "': type " + type.name() + " failed: " + ex);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static <P> Notifier createNotifier(NotifierType<P> type, Object params, TypeContext ctx) {
        return type.create((P) params, ctx);
    }

    private <T> T typeOf(YMap m, Map<String, T> types, String kind, String id) {
        YNode t = m.get("type");
        if (t == null) {
            problems.error(m, kind + " '" + id + "' has no type: expected type: one of " + String.join(", ", types.keySet()));
            return null;
        }
        String name = scalarText(t, kind + " type");
        if (name == null) {
            return null;
        }
        T type = types.get(name);
        if (type == null) {
            problems.error(t, "unknown " + kind + " type '" + Problems.clip(name) + "'" + Problems.suggestOrList(name, types.keySet()));
        }
        return type;
    }

    private void buildEscalation() {
        List<Level> levels = new ArrayList<>();
        List<Route> routes = new ArrayList<>();
        List<Contact> contacts = new ArrayList<>();
        Duration updates = null;
        Map<String, YNode> levelNodes = new LinkedHashMap<>();
        Map<String, YNode> contactNodes = new LinkedHashMap<>();
        List<YNode> routeNodes = new ArrayList<>();
        for (YMap esc : escalationNodes) {
            keys(esc, Set.of("levels", "routes", "updates", "contacts"), "escalation");
            if (esc.get("updates") != null) {
                updates = duration(esc.get("updates"), "escalation.updates");
            }
            mergeInto(esc.get("levels"), levelNodes, "escalation level");
            mergeInto(esc.get("contacts"), contactNodes, "contact");
            if (esc.get("routes") instanceof YSeq s) {
                routeNodes.addAll(s.items());
            } else if (esc.get("routes") != null) {
                problems.error(esc.get("routes"), "expected a list of routes ({category, notify}), found "
                        + esc.get("routes").describe());
            }
        }
        contactIds.addAll(contactNodes.keySet());
        for (Map.Entry<String, YNode> c : contactNodes.entrySet()) {
            YMap m = map(c.getValue(), "contact '" + c.getKey() + "'");
            if (m == null) {
                continue;
            }
            keys(m, Set.of("via", "address", "hours"), "contact '" + c.getKey() + "'");
            if (m.get("via") == null) {
                problems.error(m, "contact '" + c.getKey() + "' has no via: expected the id of a notifier");
                continue;
            }
            String via = text(m.get("via"), "via");
            if (via != null && !notifierIds.contains(via)) {
                problems.error(m.get("via"), "contact '" + c.getKey() + "' is reached via unknown notifier '"
                        + Problems.clip(via) + "'" + Problems.suggestOrList(via, notifierIds));
            }
            String address = m.get("address") == null ? null : text(m.get("address"), "address");
            String hours = m.get("hours") == null ? null : text(m.get("hours"), "hours");
            if (hours != null && !hours.trim().equals("always")) {
                try {
                    MaintenanceWindow.recurring(hours, null);
                } catch (IllegalArgumentException ex) {
                    problems.error(m.get("hours"), "contact '" + c.getKey() + "': hours: expected always or a form such "
                            + "as \"weekdays 09:00-18:00\", found '" + Problems.clip(hours) + "'");
                }
            }
            if (via != null) {
                contacts.add(new Contact(c.getKey(), via, address, hours));
            }
        }
        for (Map.Entry<String, YNode> l : levelNodes.entrySet()) {
            String id = l.getKey();
            YMap m = map(l.getValue(), "level '" + id + "'");
            if (m == null) {
                continue;
            }
            keys(m, Set.of("title", "respond", "notify", "then"), "level '" + id + "'");
            String title = m.get("title") == null ? null : text(m.get("title"), "title");
            Duration respond = m.get("respond") == null ? null : duration(m.get("respond"), "respond");
            List<String> notify = recipients(m.get("notify"), "level " + id + " notify");
            List<EscalationStep> then = new ArrayList<>();
            if (m.get("then") != null) {
                List<YNode> items = m.get("then") instanceof YSeq s ? s.items() : List.of(m.get("then"));
                for (YNode item : items) {
                    YMap tm = map(item, "a then entry ({after, notify, unless})");
                    if (tm == null) {
                        continue;
                    }
                    keys(tm, Set.of("after", "notify", "unless"), "then entry");
                    if (tm.get("after") == null) {
                        problems.error(tm, "then entry has no after: expected a duration such as 30m");
                        continue;
                    }
                    Duration after = duration(tm.get("after"), "after");
                    List<String> who = recipients(tm.get("notify"), "then notify");
                    boolean unlessAck = false;
                    if (tm.get("unless") != null) {
                        String u = text(tm.get("unless"), "unless");
                        if (u != null && !u.equals("acknowledged")) {
                            problems.error(tm.get("unless"), "expected unless: acknowledged, found '" + Problems.clip(u) + "'");
                        }
                        unlessAck = true;
                    }
                    if (after != null) {
                        then.add(new EscalationStep(after, who, unlessAck));
                    }
                }
            }
            levels.add(new Level(id, title, respond, notify, then));
        }
        for (YNode r : routeNodes) {
            YMap m = map(r, "a route ({category, notify})");
            if (m == null) {
                continue;
            }
            keys(m, Set.of("category", "notify"), "route");
            if (m.get("category") == null) {
                problems.error(m, "route has no category: expected e.g. category: security");
                continue;
            }
            String cat = text(m.get("category"), "category");
            routes.add(new Route(cat, recipients(m.get("notify"), "route notify")));
        }
        try {
            escalation = new EscalationPolicy(levels, routes, updates, contacts);
        } catch (IllegalArgumentException e) {
            problems.error(escalationNodes.isEmpty() ? null : escalationNodes.get(0), e.getMessage());
        }
    }

    private void mergeInto(YNode n, Map<String, YNode> target, String kind) {
        if (n == null || n instanceof YScalar s && s.isNull()) {
            return;
        }
        YMap m = map(n, kind + "s by id");
        if (m == null) {
            return;
        }
        for (Entry e : m.entries().values()) {
            String id = e.key().text();
            if (kind.equals("contact") ? !validId(e.key(), "contact") : !levelId(e.key())) {
                continue;
            }
            if (target.putIfAbsent(id, e.value()) != null) {
                problems.error(e.key(), kind + " '" + id + "' is defined twice");
            }
        }
    }

    private boolean levelId(YScalar key) {
        if (!LEVEL_ID.matcher(key.text()).matches()) {
            problems.error(key, "level id must match [A-Za-z0-9][A-Za-z0-9_-]*, found '" + Problems.clip(key.text()) + "'");
            return false;
        }
        return true;
    }

    /** Contact or notifier ids. */
    private List<String> recipients(YNode n, String what) {
        List<String> out = new ArrayList<>();
        if (n == null) {
            return out;
        }
        List<YNode> items = n instanceof YSeq s ? s.items() : List.of(n);
        Set<String> known = new LinkedHashSet<>(contactIds);
        known.addAll(notifierIds);
        for (YNode i : items) {
            String t = text(i, what);
            if (t == null) {
                continue;
            }
            if (!known.contains(t)) {
                problems.error(i, what + ": unknown contact or notifier '" + Problems.clip(t) + "'"
                        + Problems.suggestOrList(t, known));
                continue;
            }
            out.add(t);
        }
        return out;
    }

    private boolean knownLevel(YNode at, String level, String what) {
        if (escalation.levels().isEmpty()) {
            return true;
        }
        if (!escalation.levels().containsKey(level)) {
            problems.error(at, what + " names unknown level '" + Problems.clip(level) + "'"
                    + Problems.suggestOrList(level, escalation.levels().keySet()));
            return false;
        }
        return true;
    }

    // ---------------------------------------------------------------- actions and remediations

    private void buildActions() {
        for (Entry e : section("actions").values()) {
            String id = e.key().text();
            if (!validId(e.key(), "action")) {
                continue;
            }
            YMap m = map(e.value(), "action '" + id + "'");
            if (m == null) {
                continue;
            }
            ActionDefinition a = action(m, id);
            if (a != null) {
                actions.put(id, a);
            }
        }
    }

    private ActionDefinition action(YMap m, String id) {
        ActionType<?> type = typeOf(m, registry.actionTypes(), "action", id);
        if (type == null) {
            keys(m, union(ACTION_COMMON, Set.of()), "action '" + id + "'");
            return null;
        }
        String title = m.get("title") == null ? null : text(m.get("title"), "title");
        Duration timeout = m.get("timeout") == null ? null : duration(m.get("timeout"), "timeout");
        binder.resetSecrets();
        Object params = binder.bindRecord(m, type.parameterType(), ACTION_COMMON, "action type " + type.name(),
                context(m, id));
        Set<String> missing = binder.missingSecrets();
        if (params == ParamBinder.FAIL) {
            return null;
        }
        try {
            Action action = createAction(type, params, context(m, id));
            if (timeout != null && (timeout.isZero() || timeout.isNegative())) {
                problems.error(m.get("timeout"), "action '" + id + "': timeout must be positive");
                return null;
            }
            return new ActionDefinition(id, type.name(), title, timeout, action, missing);
        } catch (IllegalArgumentException ex) {
            problems.error(m, "action '" + id + "': " + ex.getMessage());
        } catch (RuntimeException ex) {
            problems.error(m, "action '" + id + "': type " + type.name() + " failed: " + ex);
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private static <P> Action createAction(ActionType<P> type, Object params, TypeContext ctx) {
        return type.create((P) params, ctx);
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> s = new LinkedHashSet<>(a);
        s.addAll(b);
        return s;
    }

    /** Builds (once) the named remediation; null if it is broken or unknown. */
    private Remediation remediation(String id) {
        if (remediations.containsKey(id)) {
            return remediations.get(id);
        }
        Entry e = section("remediations").get(id);
        if (e == null || !remediationsBuilding.add(id)) {
            return null;
        }
        try {
            if (!validId(e.key(), "remediation")) {
                return null;
            }
            Remediation r = remediationOf(e.value(), id);
            if (r != null) {
                remediations.put(id, r);
            }
            return r;
        } finally {
            remediationsBuilding.remove(id);
        }
    }

    private Remediation remediationOf(YNode v, String id) {
        if (v instanceof YSeq seq) {
            List<Step> steps = steps(seq, id, false);
            return steps == null ? null : Remediation.of(id, steps);
        }
        YMap m = map(v, "remediation '" + id + "' (a list of steps, or {steps, limit})");
        if (m == null) {
            return null;
        }
        keys(m, Set.of("steps", "limit"), "remediation '" + id + "'");
        if (m.get("steps") == null) {
            problems.error(m, "remediation '" + id + "' has no steps: expected steps: [...]");
            return null;
        }
        List<Step> steps = steps(m.get("steps"), id, false);
        Remediation.Limit limit = null;
        if (m.get("limit") != null) {
            YMap lm = map(m.get("limit"), "limit ({attempts, within, then})");
            if (lm != null) {
                keys(lm, Set.of("attempts", "within", "then"), "limit");
                Integer attempts = null;
                if (lm.get("attempts") == null) {
                    problems.error(lm, "limit has no attempts: expected e.g. attempts: 3");
                } else {
                    String t = text(lm.get("attempts"), "attempts");
                    try {
                        attempts = t == null ? null : Integer.valueOf(t.trim());
                        if (attempts != null && attempts < 1) {
                            problems.error(lm.get("attempts"), "limit.attempts must be at least 1, found " + attempts);
                            attempts = null;
                        }
                    } catch (NumberFormatException ex) {
                        problems.error(lm.get("attempts"), "expected a whole number for attempts, found '" + Problems.clip(t) + "'");
                    }
                }
                Duration within = lm.get("within") == null ? null : duration(lm.get("within"), "within");
                if (lm.get("within") == null) {
                    problems.error(lm, "limit has no within: expected a duration such as 1h");
                }
                List<Step> then = lm.get("then") == null ? List.of() : steps(lm.get("then"), id + "-then", false);
                if (attempts != null && within != null && then != null) {
                    limit = new Remediation.Limit(attempts, within, then);
                }
            }
        }
        if (steps == null) {
            return null;
        }
        try {
            return new Remediation(id, steps, limit);
        } catch (IllegalArgumentException ex) {
            problems.error(m, ex.getMessage());
            return null;
        }
    }

    // ---------------------------------------------------------------- steps

    /** Steps of a procedure ({@code procedure} true) or remediation; null if any is broken. */
    private List<Step> steps(YNode n, String owner, boolean procedure) {
        if (!(n instanceof YSeq seq)) {
            problems.error(n, "expected a list of steps for '" + owner + "', found " + n.describe());
            return null;
        }
        List<Step> out = new ArrayList<>();
        boolean ok = true;
        int i = 0;
        for (YNode item : seq.items()) {
            i++;
            List<Step> s = step(item, owner, i, procedure);
            if (s == null) {
                ok = false;
            } else {
                out.addAll(s);
            }
        }
        return ok ? out : null;
    }

    private static final Set<String> STEP_KEYS = new LinkedHashSet<>(List.of("checks", "title", "wait", "recheck",
            "escalate", "report", "manual", "type"));

    private List<Step> step(YNode item, String owner, int index, boolean procedure) {
        String where = procedure ? "procedure '" + owner + "'" : "remediation '" + owner + "'";
        if (item instanceof YScalar s && !s.isNull()) {
            String id = s.text();
            boolean isCheck = section("checks").containsKey(id);
            boolean isAction = section("actions").containsKey(id);
            boolean isRem = section("remediations").containsKey(id);
            if ((isCheck ? 1 : 0) + (isAction ? 1 : 0) + (isRem ? 1 : 0) > 1) {
                problems.error(s, "step '" + Problems.clip(id) + "' is ambiguous: it names more than one of a check, "
                        + "an action and a remediation; rename one");
                return null;
            }
            if (isCheck) {
                if (!procedure) {
                    problems.error(s, where + ": a remediation step cannot run check '" + id
                            + "'; write {recheck: " + id + "}");
                    return null;
                }
                return List.of(new Step.Checks(List.of(id), null));
            }
            if (isAction) {
                ActionDefinition a = actions.get(id);
                return a == null ? null : List.of(new Step.Run(a));
            }
            if (isRem) {
                Remediation r = remediation(id);
                if (r == null) {
                    if (remediationsBuilding.contains(id)) {
                        problems.error(s, where + ": remediation '" + id + "' includes itself");
                    }
                    return null;
                }
                if (procedure || r.limit() == null) {
                    return r.steps();
                }
                return r.steps();
            }
            Set<String> known = new LinkedHashSet<>();
            if (procedure) {
                known.addAll(section("checks").keySet());
            }
            known.addAll(section("actions").keySet());
            known.addAll(section("remediations").keySet());
            problems.error(s, where + ": unknown step '" + Problems.clip(id) + "': expected "
                    + (procedure ? "a check, action or remediation id" : "an action or remediation id")
                    + Problems.suggest(id, known));
            return null;
        }
        if (!(item instanceof YMap m)) {
            problems.error(item, where + ": expected a step (an id or a mapping such as {wait: 30s}), found " + item.describe());
            return null;
        }
        if (m.get("type") != null) {
            ActionDefinition a = action(m, owner + "-step-" + index);
            return a == null ? null : List.of(new Step.Run(a));
        }
        int unknownBefore = problems.errorCount();
        keys(m, STEP_KEYS, where + " step");
        if (problems.errorCount() > unknownBefore) {
            return null;
        }
        List<String> forms = m.entries().keySet().stream().filter(k -> !k.equals("title") && STEP_KEYS.contains(k)).toList();
        if (forms.size() != 1) {
            problems.error(m, where + ": expected a step with one of checks, wait, recheck, escalate, report, manual or "
                    + "type, found " + (forms.isEmpty() ? "none" : String.join(" and ", forms)));
            return null;
        }
        String form = forms.get(0);
        YNode v = m.get(form);
        if (m.get("title") != null && !form.equals("checks")) {
            problems.error(m.entries().get("title").key(), where + ": title is only allowed on a {checks: [...]} step");
        }
        if (!procedure && (form.equals("checks") || form.equals("report") || form.equals("manual"))) {
            problems.error(m, where + ": a remediation step is an action, wait, recheck or escalate, found " + form);
            return null;
        }
        switch (form) {
            case "checks" -> {
                List<String> ids = new ArrayList<>();
                boolean ok = true;
                List<YNode> items = v instanceof YSeq s ? s.items() : List.of(v);
                for (YNode i : items) {
                    String id = checkRef(i, where + " checks");
                    if (id == null) {
                        ok = false;
                    } else {
                        ids.add(id);
                    }
                }
                if (ids.isEmpty() && ok) {
                    problems.error(v, where + ": a checks step needs at least one check id");
                    return null;
                }
                String title = m.get("title") == null ? null : text(m.get("title"), "title");
                return ok ? List.of(new Step.Checks(ids, title)) : null;
            }
            case "wait" -> {
                Duration d = duration(v, "wait");
                return d == null ? null : List.of(new Step.Wait(d));
            }
            case "recheck" -> {
                String id = checkRef(v, where + " recheck");
                return id == null ? null : List.of(new Step.Recheck(id));
            }
            case "escalate" -> {
                String level = text(v, "escalate");
                return level == null || !knownLevel(v, level, where + " escalate") ? null : List.of(new Step.Escalate(level));
            }
            case "report" -> {
                String id = text(v, "report");
                if (id == null) {
                    return null;
                }
                Set<String> known = reportIds.isEmpty() ? new LinkedHashSet<>(PERIODS) : reportIds;
                if (!known.contains(id)) {
                    problems.error(v, where + " renders unknown report '" + Problems.clip(id) + "'"
                            + Problems.suggestOrList(id, known));
                    return null;
                }
                return List.of(new Step.Report(id));
            }
            case "manual" -> {
                String t = text(v, "manual");
                return t == null ? null : List.of(new Step.Manual(t));
            }
            default -> {
                return null;
            }
        }
    }

    private String checkRef(YNode n, String what) {
        String id = text(n, what);
        if (id == null) {
            return null;
        }
        if (!section("checks").containsKey(id)) {
            problems.error(n, what + " names unknown check '" + Problems.clip(id) + "'"
                    + Problems.suggestOrList(id, section("checks").keySet()));
            return null;
        }
        return id;
    }

    // ---------------------------------------------------------------- checks

    private void prepareChecks() {
        for (Entry e : section("checks").values()) {
            String id = e.key().text();
            if (!validId(e.key(), "check")) {
                continue;
            }
            YMap m = map(e.value(), "check '" + id + "'");
            if (m == null) {
                continue;
            }
            CheckType<?> type = typeOf(m, registry.checkTypes(), "check", id);
            if (type == null) {
                continue;
            }
            m = withSloDefinition(m, type.parameterType(), id);
            if (m == null) {
                continue;
            }
            binder.resetSecrets();
            TypeContext ctx = context(m, id);
            Object params = binder.bindRecord(m, type.parameterType(), CHECK_COMMON, "check type " + type.name(), ctx);
            Set<String> missing = binder.missingSecrets();
            if (params == ParamBinder.FAIL) {
                continue;
            }
            try {
                Check check = createCheck(type, params, ctx);
                List<MetricSpec> metrics = new ArrayList<>(metricsOf(type, params));
                prepared.put(id, new Prepared(id, m, type, params, check, metrics, missing, m.file().getParent()));
            } catch (IllegalArgumentException ex) {
                problems.error(m, "check '" + id + "': " + ex.getMessage());
            } catch (RuntimeException ex) {
                problems.error(m, "check '" + id + "': type " + type.name() + " failed: " + ex);
            }
        }
    }

    /**
     * {@code slo: <id>} on a check whose parameters also take the SLO's keys ({@code type: slo}): copies
     * {@code from}, {@code objective}, {@code max} and {@code window} of that SLO into the parameters, unless the
     * check writes them itself. Null (with a problem) if the SLO is unknown.
     */
    private YMap withSloDefinition(YMap m, Class<?> paramType, String id) {
        if (!paramType.isRecord() || !(m.get("slo") instanceof YScalar ref) || ref.isNull()) {
            return m;
        }
        Set<String> keys = new LinkedHashSet<>();
        for (java.lang.reflect.RecordComponent rc : paramType.getRecordComponents()) {
            keys.add(ParamBinder.keyOf(rc));
        }
        if (!keys.contains("slo") || !keys.contains("from")) {
            return m;
        }
        Entry slo = section("slo").get(ref.text());
        if (slo == null) {
            problems.error(ref, "check '" + id + "' names unknown slo '" + Problems.clip(ref.text()) + "'"
                    + Problems.suggestOrList(ref.text(), section("slo").keySet()));
            return null;
        }
        if (!(slo.value() instanceof YMap sm)) {
            return m; // reported with the slo section
        }
        Map<String, Entry> merged = new LinkedHashMap<>(m.entries());
        for (String k : List.of("from", "objective", "max", "window")) {
            Entry e = sm.entries().get(k);
            if (e != null && keys.contains(k) && !merged.containsKey(k)) {
                merged.put(k, e);
            }
        }
        return new YMap(m.file(), m.line(), m.column(), merged);
    }

    @SuppressWarnings("unchecked")
    private static <P> Check createCheck(CheckType<P> type, Object params, TypeContext ctx) {
        return type.create((P) params, ctx);
    }

    @SuppressWarnings("unchecked")
    private static <P> List<MetricSpec> metricsOf(CheckType<P> type, Object params) {
        return type.metrics((P) params);
    }

    @SuppressWarnings("unchecked")
    private static <P> List<String> readsOf(CheckType<P> type, Object params) {
        return type.reads((P) params);
    }

    @SuppressWarnings("unchecked")
    private static <P> List<String> referencesOf(CheckType<P> type, Object params) {
        return type.references((P) params);
    }

    private Map<String, CheckDefinition> buildChecks() {
        Map<String, CheckDefinition> out = new LinkedHashMap<>();
        for (Prepared p : prepared.values()) {
            CheckDefinition c = buildCheck(p);
            if (c != null) {
                out.put(p.id(), c);
            }
        }
        return out;
    }

    private CheckDefinition buildCheck(Prepared p) {
        YMap m = p.node();
        String id = p.id();
        int before = problems.errorCount();
        CheckDefinition.Builder b;
        try {
            b = CheckDefinition.builder(id, p.check()).type(p.type().name());
        } catch (IllegalArgumentException ex) {
            problems.error(m, ex.getMessage());
            return null;
        }
        // metrics: declared, plus threshold-named ones for dynamic types
        List<MetricSpec> metrics = new ArrayList<>(p.metrics());
        YMap thresholds = null;
        if (m.get("thresholds") != null) {
            thresholds = map(m.get("thresholds"), "thresholds ({<metric>: {warning, critical}})");
        }
        if (thresholds != null && p.type().dynamicMetrics()) {
            for (Entry e : thresholds.entries().values()) {
                String name = e.key().text();
                if (metrics.stream().noneMatch(ms -> ms.name().equals(name))) {
                    try {
                        metrics.add(MetricSpec.higherIsWorse(name, unitOfThreshold(e.value())));
                    } catch (IllegalArgumentException ex) {
                        problems.error(e.key(), "check '" + id + "': " + ex.getMessage());
                    }
                }
            }
        }
        try {
            b.metrics(metrics);
        } catch (IllegalArgumentException ex) {
            problems.error(m, ex.getMessage());
        }
        try {
            if (m.get("title") != null) {
                b.title(text(m.get("title"), "title"));
            }
            if (m.get("timeout") != null) {
                Duration t = duration(m.get("timeout"), "timeout");
                if (t != null) {
                    if (t.isZero() || t.isNegative()) {
                        problems.error(m.get("timeout"), "check '" + id + "': timeout must be positive");
                    } else {
                        b.timeout(t);
                    }
                }
            }
        } catch (IllegalArgumentException ex) {
            problems.error(m, ex.getMessage());
        }
        // thresholds on the primary metric
        YNode w = m.get("warning");
        YNode c = m.get("critical");
        Set<String> thresholded = new HashSet<>();
        if (w != null || c != null) {
            if (metrics.isEmpty()) {
                problems.error(w != null ? w : c, "check '" + id + "': type " + p.type().name()
                        + " has no metrics, so warning/critical cannot apply");
            } else {
                applyThresholds(b, id, metrics.get(0).name(), w, c);
                thresholded.add(metrics.get(0).name());
            }
        }
        if (thresholds != null) {
            for (Entry e : thresholds.entries().values()) {
                String metric = e.key().text();
                if (metrics.stream().noneMatch(ms -> ms.name().equals(metric))) {
                    problems.error(e.key(), "check '" + id + "': type " + p.type().name() + " has no metric '"
                            + Problems.clip(metric) + "'" + Problems.suggestOrList(metric,
                            metrics.stream().map(MetricSpec::name).toList()));
                    continue;
                }
                YMap tm = map(e.value(), "thresholds of " + metric + " ({warning, critical})");
                if (tm == null) {
                    continue;
                }
                keys(tm, Set.of("warning", "critical"), "thresholds of " + metric);
                if (thresholded.contains(metric)) {
                    problems.error(e.key(), "check '" + id + "': metric '" + metric
                            + "' has thresholds twice (warning/critical address the primary metric)");
                    continue;
                }
                applyThresholds(b, id, metric, tm.get("warning"), tm.get("critical"));
                thresholded.add(metric);
            }
        }
        shorthand(b, p, "max_age", "age", thresholded, v -> "> " + v);
        shorthandSize(b, p, thresholded);
        hysteresis(b, m, id);
        for (String key : List.of("on_warning", "on_critical", "on_unknown")) {
            YNode v = m.get(key);
            if (v == null) {
                continue;
            }
            Remediation r = onStatus(v, id + "-" + key.replace('_', '-'));
            if (r != null) {
                Status st = Status.valueOf(key.substring(3).toUpperCase());
                b.on(st, r);
            }
        }
        if (m.get("incident") != null) {
            String level = text(m.get("incident"), "incident");
            if (level != null && knownLevel(m.get("incident"), level, "check '" + id + "' incident")) {
                b.incident(level);
            }
        }
        if (m.get("category") != null) {
            b.category(text(m.get("category"), "category"));
        }
        if (m.get("depends_on") != null) {
            YNode dn = m.get("depends_on");
            List<YNode> items = dn instanceof YSeq s ? s.items() : List.of(dn);
            for (YNode i : items) {
                String d = checkRef(i, "check '" + id + "' depends_on");
                if (d != null) {
                    if (d.equals(id)) {
                        problems.error(i, "check '" + id + "' cannot depend on itself");
                    } else {
                        b.dependsOn(d);
                    }
                }
            }
        }
        List<String> reads;
        List<String> references;
        try {
            reads = readsOf(p.type(), p.params());
            references = referencesOf(p.type(), p.params());
        } catch (RuntimeException ex) {
            problems.error(m, "check '" + id + "': type " + p.type().name() + " failed: " + ex);
            return null;
        }
        for (String r : reads) {
            if (!section("checks").containsKey(r)) {
                problems.error(m, "check '" + id + "' reads unknown check '" + Problems.clip(r) + "'"
                        + Problems.suggestOrList(r, section("checks").keySet()));
            } else if (!r.equals(id)) {
                b.after(r);
            }
        }
        for (String ref : references) {
            metricRef(m, ref, "check '" + id + "'");
        }
        if (m.get("maintenance") != null) {
            windows(m.get("maintenance"), "check '" + id + "' maintenance").forEach(b::maintenance);
        }
        if (m.get("waive") != null) {
            Waiver wv = waiver(m.get("waive"));
            if (wv != null) {
                b.waive(wv);
            }
        }
        if (m.get("tags") != null) {
            b.tags(textList(m.get("tags"), "tags").toArray(String[]::new));
        }
        b.missingSecrets(p.missingSecrets());
        if (problems.errorCount() > before) {
            return null;
        }
        try {
            return b.build();
        } catch (IllegalArgumentException ex) {
            problems.error(m, ex.getMessage());
            return null;
        }
    }

    private void applyThresholds(CheckDefinition.Builder b, String id, String metric, YNode w, YNode c) {
        String ws = w == null ? null : text(w, "warning");
        String cs = c == null ? null : text(c, "critical");
        if ((w != null && ws == null) || (c != null && cs == null)) {
            return;
        }
        try {
            b.thresholds(metric, ws, cs);
        } catch (IllegalArgumentException ex) {
            // locate at the threshold the message is about, else the first given
            YNode at = w != null ? w : c;
            String msg = ex.getMessage();
            if (c != null && w != null && msg.contains("critical") && !msg.contains("warning")) {
                at = c;
            }
            problems.error(at, msg.startsWith("check '") ? msg : "check '" + id + "': " + msg);
        }
    }

    private void shorthand(CheckDefinition.Builder b, Prepared p, String key, String metric, Set<String> done,
                           java.util.function.UnaryOperator<String> form) {
        YNode v = p.node().get(key);
        if (v == null || done.contains(metric) || p.metrics().stream().noneMatch(ms -> ms.name().equals(metric))) {
            return;
        }
        String t = text(v, key);
        if (t == null) {
            return;
        }
        try {
            b.thresholds(metric, null, form.apply(t.trim()));
            done.add(metric);
        } catch (IllegalArgumentException ex) {
            problems.error(v, "check '" + p.id() + "': " + key + ": " + ex.getMessage());
        }
    }

    private void shorthandSize(CheckDefinition.Builder b, Prepared p, Set<String> done) {
        YNode min = p.node().get("min_size");
        YNode max = p.node().get("max_size");
        if ((min == null && max == null) || done.contains("size_bytes")
                || p.metrics().stream().noneMatch(ms -> ms.name().equals("size_bytes"))) {
            return;
        }
        String lo = min == null ? null : text(min, "min_size");
        String hi = max == null ? null : text(max, "max_size");
        String range = lo != null && hi != null ? lo.trim() + ":" + hi.trim()
                : lo != null ? lo.trim() + ":" : hi != null ? "> " + hi.trim() : null;
        if (range == null) {
            return;
        }
        try {
            b.thresholds("size_bytes", null, range);
            done.add("size_bytes");
        } catch (IllegalArgumentException ex) {
            problems.error(min != null ? min : max, "check '" + p.id() + "': " + ex.getMessage());
        }
    }

    private static final Pattern QTY = Pattern.compile("[-+]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][-+]?\\d+)?\\s*([A-Za-z%/]*)");

    /** The canonical unit implied by the first quantity of a dynamic metric's thresholds (count if none). */
    private Unit unitOfThreshold(YNode thresholds) {
        if (thresholds instanceof YMap tm) {
            for (String k : List.of("warning", "critical")) {
                if (tm.get(k) instanceof YScalar s) {
                    Matcher mt = QTY.matcher(s.text());
                    if (mt.find() && !mt.group(1).isEmpty()) {
                        Unit u = Unit.bySymbol(mt.group(1));
                        if (u != null) {
                            return u.family() == UnitFamily.CURRENCY ? u : Unit.canonical(u.family());
                        }
                    }
                }
            }
        }
        return Unit.COUNT;
    }

    private void hysteresis(CheckDefinition.Builder b, YMap m, String id) {
        YNode f = m.get("for");
        YNode r = m.get("recover_for");
        YNode fl = m.get("flapping");
        if (f == null && r == null && fl == null) {
            return;
        }
        int forCount = 0;
        int recoverCount = 0;
        Duration forDuration = null;
        Duration recoverDuration = null;
        Object[] fv = countOrDuration(f, "for");
        Object[] rv = countOrDuration(r, "recover_for");
        if (fv != null) {
            forCount = (Integer) fv[0];
            forDuration = (Duration) fv[1];
        }
        if (rv != null) {
            recoverCount = (Integer) rv[0];
            recoverDuration = (Duration) rv[1];
        }
        Hysteresis.Flapping flapping = null;
        if (fl != null) {
            YMap fm = map(fl, "flapping ({window, low, high})");
            if (fm != null) {
                keys(fm, Set.of("window", "low", "high"), "flapping");
                Double window = number(fm.get("window"), "flapping.window", 21);
                Double low = number(fm.get("low"), "flapping.low", 20);
                Double high = number(fm.get("high"), "flapping.high", 30);
                if (window != null && low != null && high != null) {
                    try {
                        flapping = new Hysteresis.Flapping(window.intValue(), low, high);
                    } catch (IllegalArgumentException ex) {
                        problems.error(fl, "check '" + id + "': " + ex.getMessage());
                    }
                }
            }
        }
        try {
            b.hysteresis(new Hysteresis(forCount, forDuration, recoverCount, recoverDuration, flapping));
        } catch (IllegalArgumentException ex) {
            problems.error(f != null ? f : r != null ? r : fl, "check '" + id + "': " + ex.getMessage());
        }
    }

    /** A number (a % unit allowed), or the default when absent; null with a problem if malformed. */
    private Double number(YNode n, String what, double def) {
        if (n == null) {
            return def;
        }
        String t = text(n, what);
        if (t == null) {
            return null;
        }
        try {
            Quantity q = Quantity.parse(t);
            if (q.unit() != null && q.unit().family() != UnitFamily.PERCENT) {
                problems.error(n, "expected a number or a percentage for " + what + ", found '" + Problems.clip(t) + "'");
                return null;
            }
            return q.number();
        } catch (IllegalArgumentException ex) {
            problems.error(n, "expected a number for " + what + ", found '" + Problems.clip(t) + "'");
            return null;
        }
    }

    /** {count, duration}: a plain whole number is a count of runs, anything with a unit a duration. */
    private Object[] countOrDuration(YNode n, String what) {
        if (n == null) {
            return null;
        }
        String t = text(n, what);
        if (t == null) {
            return null;
        }
        String s = t.trim();
        if (s.matches("\\d+")) {
            try {
                return new Object[] {Integer.valueOf(s), null};
            } catch (NumberFormatException ex) {
                problems.error(n, "expected a count of runs or a duration for " + what + ", found '" + Problems.clip(s) + "'");
                return null;
            }
        }
        try {
            return new Object[] {0, Quantity.parseDuration(s)};
        } catch (IllegalArgumentException ex) {
            problems.error(n, "expected a count of runs (3) or a duration (10m) for '" + what + "', found '"
                    + Problems.clip(s) + "'");
            return null;
        }
    }

    /** on_*: an action id, a remediation id or an inline list of steps. */
    private Remediation onStatus(YNode v, String generatedId) {
        if (v instanceof YSeq) {
            List<Step> steps = steps(v, generatedId, false);
            return steps == null ? null : Remediation.of(generatedId, steps);
        }
        if (v instanceof YScalar s && !s.isNull()) {
            String id = s.text();
            if (section("remediations").containsKey(id)) {
                return remediation(id);
            }
            if (section("actions").containsKey(id)) {
                ActionDefinition a = actions.get(id);
                return a == null ? null : Remediation.of(id, List.of(new Step.Run(a)));
            }
            Set<String> known = new LinkedHashSet<>(section("actions").keySet());
            known.addAll(section("remediations").keySet());
            problems.error(s, "unknown action or remediation '" + Problems.clip(id) + "'" + Problems.suggestOrList(id, known));
            return null;
        }
        if (v instanceof YMap m) {
            List<Step> steps = step(m, generatedId, 1, false);
            return steps == null ? null : Remediation.of(generatedId, steps);
        }
        problems.error(v, "expected an action id, a remediation id or a list of steps, found " + v.describe());
        return null;
    }

    /** Validates a {@code check.metric} reference; returns the metric or null. */
    private MetricSpec metricRef(YNode at, String ref, String what) {
        int dot = ref.indexOf('.');
        if (dot <= 0 || dot == ref.length() - 1) {
            problems.error(at, what + ": expected a metric reference <check>.<metric>, found '" + Problems.clip(ref) + "'");
            return null;
        }
        String check = ref.substring(0, dot);
        String metric = ref.substring(dot + 1);
        if (!section("checks").containsKey(check)) {
            problems.error(at, what + " references unknown check '" + Problems.clip(check) + "' in '" + Problems.clip(ref) + "'"
                    + Problems.suggestOrList(check, section("checks").keySet()));
            return null;
        }
        Prepared p = prepared.get(check);
        if (p == null) {
            return null; // the check itself is broken and reported
        }
        for (MetricSpec ms : p.metrics()) {
            if (ms.name().equals(metric)) {
                return ms;
            }
        }
        if (p.type().dynamicMetrics()) {
            return null;
        }
        problems.error(at, what + " references unknown metric '" + Problems.clip(metric) + "' of check '" + check + "'"
                + Problems.suggestOrList(metric, p.metrics().stream().map(MetricSpec::name).toList()));
        return null;
    }

    private List<MaintenanceWindow> windows(YNode n, String what) {
        List<MaintenanceWindow> out = new ArrayList<>();
        List<YNode> items = n instanceof YSeq s ? s.items() : List.of(n);
        for (YNode i : items) {
            YMap m = map(i, what + " window ({when, reason} or {from, until, reason})");
            if (m == null) {
                continue;
            }
            keys(m, Set.of("when", "from", "until", "reason"), what + " window");
            String reason = m.get("reason") == null ? null : text(m.get("reason"), "reason");
            try {
                if (m.get("when") != null) {
                    if (m.get("from") != null || m.get("until") != null) {
                        problems.error(m, what + ": a window has either when or from/until, found both");
                        continue;
                    }
                    String when = text(m.get("when"), "when");
                    if (when != null) {
                        try {
                            out.add(MaintenanceWindow.recurring(when, reason));
                        } catch (IllegalArgumentException ex) {
                            problems.error(m.get("when"), what + ": " + ex.getMessage());
                        }
                    }
                } else if (m.get("from") != null && m.get("until") != null) {
                    Instant from = instant(m.get("from"));
                    Instant until = instant(m.get("until"));
                    if (from != null && until != null) {
                        try {
                            out.add(MaintenanceWindow.between(from, until, reason));
                        } catch (IllegalArgumentException ex) {
                            problems.error(m.get("until"), what + ": " + ex.getMessage());
                        }
                    }
                } else {
                    problems.error(m, what + ": expected when: \"sunday 02:00-04:00\" or both from: and until:");
                }
            } catch (IllegalArgumentException ex) {
                problems.error(m, what + ": " + ex.getMessage());
            }
        }
        return out;
    }

    private Instant instant(YNode n) {
        String t = text(n, "timestamp");
        if (t == null) {
            return null;
        }
        String s = t.trim();
        try {
            return OffsetDateTime.parse(s.replace(' ', 'T')).toInstant();
        } catch (DateTimeParseException ignored) {
            // try a local time next
        }
        try {
            String local = s.replace(' ', 'T');
            if (local.length() == 10) {
                return LocalDate.parse(local).atStartOfDay(zone).toInstant();
            }
            return LocalDateTime.parse(local).atZone(zone).toInstant();
        } catch (DateTimeParseException e) {
            problems.error(n, "expected a timestamp such as 2026-12-01T02:00 or 2026-12-01T02:00+09:00, found '"
                    + Problems.clip(s) + "'");
            return null;
        }
    }

    private Waiver waiver(YNode n) {
        YMap m = map(n, "waive ({until, reason})");
        if (m == null) {
            return null;
        }
        keys(m, Set.of("until", "reason"), "waive");
        if (m.get("until") == null) {
            problems.error(m, "waive has no until: expected a date such as 2026-12-31");
            return null;
        }
        String u = text(m.get("until"), "until");
        if (u == null) {
            return null;
        }
        try {
            return new Waiver(LocalDate.parse(u.trim()), m.get("reason") == null ? null : text(m.get("reason"), "reason"));
        } catch (DateTimeParseException e) {
            problems.error(m.get("until"), "expected a date such as 2026-12-31 for waive.until, found '" + Problems.clip(u) + "'");
            return null;
        }
    }

    // ---------------------------------------------------------------- procedures, slo, reports

    private List<Schedule> schedules(YNode n) {
        List<Schedule> out = new ArrayList<>();
        if (n == null) {
            return out;
        }
        List<YNode> items = n instanceof YSeq s ? s.items() : List.of(n);
        for (YNode i : items) {
            String t = text(i, "schedule");
            if (t == null) {
                continue;
            }
            try {
                out.add(Schedule.parse(t));
            } catch (IllegalArgumentException ex) {
                problems.error(i, "schedule: " + ex.getMessage());
            }
        }
        return out;
    }

    private List<Procedure> buildProcedures() {
        List<Procedure> out = new ArrayList<>();
        for (Entry e : section("procedures").values()) {
            String id = e.key().text();
            if (!validId(e.key(), "procedure")) {
                continue;
            }
            YMap m = map(e.value(), "procedure '" + id + "'");
            if (m == null) {
                continue;
            }
            keys(m, Set.of("title", "schedule", "steps"), "procedure '" + id + "'");
            String title = m.get("title") == null ? null : text(m.get("title"), "title");
            List<Schedule> sch = schedules(m.get("schedule"));
            if (m.get("steps") == null) {
                problems.error(m, "procedure '" + id + "' has no steps: expected steps: [...]");
                continue;
            }
            List<Step> steps = steps(m.get("steps"), id, true);
            if (steps == null) {
                continue;
            }
            try {
                out.add(new Procedure(id, title, sch, steps));
            } catch (IllegalArgumentException ex) {
                problems.error(m, ex.getMessage());
            }
        }
        return out;
    }

    private List<SloDefinition> buildSlos() {
        List<SloDefinition> out = new ArrayList<>();
        for (Entry e : section("slo").values()) {
            String id = e.key().text();
            if (!validId(e.key(), "slo")) {
                continue;
            }
            YMap m = map(e.value(), "slo '" + id + "'");
            if (m == null) {
                continue;
            }
            keys(m, Set.of("from", "objective", "max", "window"), "slo '" + id + "'");
            if (m.get("from") == null) {
                problems.error(m, "slo '" + id + "' has no from: expected a check id (availability) or <check>.<metric>");
                continue;
            }
            String from = text(m.get("from"), "from");
            if (from == null) {
                continue;
            }
            Duration window = m.get("window") == null ? Duration.ofDays(30) : duration(m.get("window"), "window");
            Double objective = null;
            Double max = null;
            String maxText = null;
            if (from.contains(".")) {
                MetricSpec ms = metricRef(m.get("from"), from, "slo '" + id + "'");
                if (m.get("max") == null) {
                    problems.error(m, "slo '" + id + "' on a metric needs max: e.g. max: 5s");
                    continue;
                }
                if (m.get("objective") != null) {
                    problems.error(m.get("objective"), "slo '" + id + "': objective applies to availability (from: <check>); "
                            + "a metric SLO takes max:");
                }
                maxText = text(m.get("max"), "max");
                if (maxText == null) {
                    continue;
                }
                try {
                    Quantity q = Quantity.parse(maxText);
                    if (ms != null) {
                        if (q.unit() != null && q.unit().family() != ms.unit().family()) {
                            problems.error(m.get("max"), "slo '" + id + "': max " + maxText + " is a " + q.unit().family().word()
                                    + " but " + from + " is a " + ms.unit().family().word());
                            continue;
                        }
                        max = q.canonicalFor(ms.unit());
                    } else {
                        max = q.unit() == null ? q.number() : q.canonicalIn(q.unit().family());
                    }
                } catch (IllegalArgumentException ex) {
                    problems.error(m.get("max"), "slo '" + id + "': max: " + ex.getMessage());
                    continue;
                }
            } else {
                if (!section("checks").containsKey(from)) {
                    problems.error(m.get("from"), "slo '" + id + "' names unknown check '" + Problems.clip(from) + "'"
                            + Problems.suggestOrList(from, section("checks").keySet()));
                    continue;
                }
                if (m.get("objective") == null) {
                    problems.error(m, "slo '" + id + "' on availability needs objective: e.g. objective: 99.0%");
                    continue;
                }
                Double o = number(m.get("objective"), "objective", 0);
                if (o == null) {
                    continue;
                }
                if (o <= 0 || o > 100) {
                    problems.error(m.get("objective"), "slo '" + id + "': objective must be above 0% and at most 100%, found " + o);
                    continue;
                }
                objective = o;
            }
            out.add(new SloDefinition(id, from, objective, max, maxText, window));
        }
        return out;
    }

    private List<ReportDefinition> buildReports() {
        List<ReportDefinition> out = new ArrayList<>();
        for (Entry e : section("reports").values()) {
            String id = e.key().text();
            if (!validId(e.key(), "report")) {
                continue;
            }
            YMap m = map(e.value(), "report '" + id + "'");
            if (m == null) {
                continue;
            }
            int before = problems.errorCount();
            keys(m, Set.of("title", "period", "covers", "week_start", "schedule", "sections", "metrics", "notify", "format"),
                    "report '" + id + "'");
            String title = m.get("title") == null ? null : text(m.get("title"), "title");
            String period = oneOf(m.get("period"), "period", PERIODS, "day");
            String covers = oneOf(m.get("covers"), "covers", List.of("current", "previous"),
                    "day".equals(period) ? "current" : "previous");
            String weekStart = oneOf(m.get("week_start"), "week_start", DAYS, "monday");
            List<Schedule> sch = schedules(m.get("schedule"));
            List<String> sections = new ArrayList<>();
            if (m.get("sections") != null) {
                List<YNode> items = m.get("sections") instanceof YSeq s ? s.items() : List.of(m.get("sections"));
                for (YNode i : items) {
                    String sct = oneOf(i, "section", SECTIONS, null);
                    if (sct != null) {
                        sections.add(sct);
                    }
                }
            }
            Map<String, ReportDefinition.Figure> figures = new LinkedHashMap<>();
            if (m.get("metrics") != null) {
                YMap fm = map(m.get("metrics"), "report metrics ({<name>: {from, agg}})");
                if (fm != null) {
                    for (Entry f : fm.entries().values()) {
                        YMap one = map(f.value(), "figure '" + f.key().text() + "' ({from, agg})");
                        if (one == null) {
                            continue;
                        }
                        keys(one, Set.of("from", "agg"), "figure '" + f.key().text() + "'");
                        if (one.get("from") == null) {
                            problems.error(one, "figure '" + f.key().text() + "' has no from: expected <check>.<metric>");
                            continue;
                        }
                        String from = text(one.get("from"), "from");
                        if (from != null) {
                            metricRef(one.get("from"), from, "report '" + id + "' figure '" + f.key().text() + "'");
                        }
                        String agg = oneOf(one.get("agg"), "agg", AGGS, "last");
                        figures.put(f.key().text(), new ReportDefinition.Figure(from, agg));
                    }
                }
            }
            List<String> notify = recipients(m.get("notify"), "report " + id + " notify");
            String format = oneOf(m.get("format"), "format", FORMATS, "text");
            if (problems.errorCount() == before) {
                out.add(new ReportDefinition(id, title, period, covers, weekStart, sch, sections, figures, notify, format));
            }
        }
        return out;
    }

    private String oneOf(YNode n, String what, List<String> allowed, String def) {
        if (n == null) {
            return def;
        }
        String t = text(n, what);
        if (t == null) {
            return def;
        }
        String v = t.trim().toLowerCase(java.util.Locale.ROOT);
        if (!allowed.contains(v)) {
            problems.error(n, "unknown " + what + " '" + Problems.clip(t) + "'" + Problems.suggestOrList(v, allowed));
            return def;
        }
        return v;
    }
}
