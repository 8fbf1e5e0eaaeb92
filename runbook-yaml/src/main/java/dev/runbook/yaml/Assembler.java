package dev.runbook.yaml;

import dev.runbook.core.model.CheckDefinition;
import dev.runbook.core.model.MaintenanceWindow;
import dev.runbook.core.model.Procedure;
import dev.runbook.core.model.ReportDefinition;
import dev.runbook.core.model.Runbook;
import dev.runbook.core.model.SloDefinition;
import dev.runbook.core.spi.TypeRegistry;
import dev.runbook.yaml.YNode.Entry;
import dev.runbook.yaml.YNode.YMap;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the node trees of a runbook file and its includes into a {@link Runbook}, collecting every problem with
 * its location: reads the identity keys itself and hands each top-level section to its reader ({@link
 * IncludeReader}, {@link SettingsReader}, {@link EscalationReader}, {@link ActionReader}, {@link CheckReader},
 * {@link ProcedureReader}, {@link SloReader}, {@link ReportReader}). One instance per load; not thread-safe.
 */
final class Assembler {
    static final Set<String> MAIN_KEYS = new java.util.LinkedHashSet<>(List.of("runbook", "title", "version", "timezone",
            "include", "vars", "secrets", "store", "checks", "actions", "remediations", "procedures", "maintenance",
            "escalation", "notifiers", "slo", "reports", "host"));
    static final Set<String> MAIN_ONLY = Set.of("runbook", "title", "timezone", "store", "host");
    static final Set<String> CHECK_COMMON = new java.util.LinkedHashSet<>(List.of("type", "title", "timeout", "warning",
            "critical", "thresholds", "for", "recover_for", "flapping", "on_warning", "on_critical", "on_unknown",
            "incident", "category", "depends_on", "maintenance", "waive", "tags", "scope"));
    static final Set<String> ACTION_COMMON = new java.util.LinkedHashSet<>(List.of("type", "title", "timeout"));
    static final Set<String> NOTIFIER_COMMON = Set.of("type");
    static final List<String> SECTIONS = ReportDefinition.SECTIONS;
    static final List<String> AGGS = ReportDefinition.AGGREGATIONS;
    static final List<String> FORMATS = ReportDefinition.FORMATS;
    static final List<String> PERIODS = ReportDefinition.PERIODS;
    static final List<String> DAYS = ReportDefinition.DAYS;

    private final Loading l;
    private final Problems problems;

    Assembler(TypeRegistry registry, Map<String, String> env, Clock clock, YamlReader reader) {
        this.l = new Loading(registry, env, clock, reader);
        this.problems = l.problems;
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
        dev.runbook.core.engine.SecretScrubber scrubber = dev.runbook.core.engine.SecretScrubber.of(l.secrets.values());
        List<Problem> out = new ArrayList<>();
        for (Problem p : r.problems()) {
            out.add(new Problem(p.file(), p.line(), p.column(), scrubber.scrub(p.message()), p.severity()));
        }
        return new LoadResult(r.runbook(), out, r.store());
    }
    private LoadResult doLoad(Path file) {
        l.mainFile = file.toAbsolutePath().normalize();
        YNode rootNode = l.reader.read(l.mainFile, problems);
        if (rootNode == null) {
            if (!problems.hasErrors()) {
                problems.error(l.mainFile, 1, 1, "expected a runbook (a mapping with runbook: and version: 1), found an empty file");
            }
            return new LoadResult(null, problems.all());
        }
        if (!(rootNode instanceof YMap root)) {
            problems.error(rootNode, "expected a runbook (a mapping with runbook: and version: 1), found " + rootNode.describe());
            return new LoadResult(null, problems.all());
        }
        l.loaded.add(l.mainFile);
        new IncludeReader(l).collect(root, true, new ArrayDeque<>(List.of(l.mainFile)));
        NodeReader n = new IncludeReader(l);

        // identity
        String id = null;
        YNode idNode = root.get("runbook");
        if (idNode == null) {
            problems.error(root, "missing key 'runbook': expected the runbook's id, e.g. runbook: my-service");
        } else {
            id = n.scalarText(idNode, "runbook");
            if (id != null && !CheckDefinition.ID.matcher(id).matches()) {
                problems.error(idNode, "runbook id must match [a-z0-9][a-z0-9-]*, found '" + Problems.clip(id) + "'");
                id = null;
            }
        }
        YNode versionNode = root.get("version");
        if (versionNode == null) {
            problems.error(root, "missing key 'version': expected version: 1");
        }
        String title = root.get("title") == null ? null : n.scalarText(root.get("title"), "title");
        if (root.get("timezone") != null) {
            String tz = n.scalarText(root.get("timezone"), "timezone");
            if (tz != null) {
                try {
                    l.zone = ZoneId.of(tz.trim());
                } catch (DateTimeException e) {
                    problems.error(root.get("timezone"), "unknown time zone '" + Problems.clip(tz)
                            + "': expected a region such as Asia/Tokyo or UTC");
                }
            }
        }

        SettingsReader settings = new SettingsReader(l);
        settings.buildVars();
        settings.buildSecrets();
        l.sub = new Substitutor(l.env, l.vars, l.secrets);
        l.binder = new ParamBinder(l.sub, problems);

        StoreSettings store = settings.buildStore(root.get("store"), id);
        String host = settings.buildHost(root.get("host"));
        EscalationReader esc = new EscalationReader(l);
        esc.buildNotifiers();
        esc.buildEscalation();
        ActionReader remedies = new ActionReader(l, esc);
        remedies.buildActions();
        for (String r : n.section("remediations").keySet()) {
            remedies.remediation(r);
        }
        CheckReader checkReader = new CheckReader(l, esc, remedies);
        checkReader.prepareChecks();
        Map<String, CheckDefinition> checks = checkReader.buildChecks();
        List<Procedure> procedures = new ProcedureReader(l, remedies).buildProcedures();
        List<MaintenanceWindow> windows = new ArrayList<>();
        for (YNode node : l.maintenanceNodes) {
            windows.addAll(n.windows(node, "maintenance"));
        }
        List<SloDefinition> slos = new SloReader(l, checkReader).buildSlos();
        List<ReportDefinition> reports = new ReportReader(l, checkReader, esc).buildReports();

        if (problems.hasErrors() || id == null) {
            return new LoadResult(null, problems.all());
        }
        Runbook.Builder b = Runbook.builder(id).title(title).zone(l.zone).escalation(esc.escalation).source(l.mainFile)
                .store(store.location()).host(host);
        l.secrets.values().forEach(b::secret);
        checks.values().forEach(b::check);
        remedies.actions.values().forEach(b::action);
        remedies.remediations.values().forEach(b::remediation);
        procedures.forEach(b::procedure);
        windows.forEach(b::maintenance);
        esc.notifiers.forEach(b::notifier);
        slos.forEach(b::slo);
        reports.forEach(b::report);
        try {
            return new LoadResult(b.build(), problems.all(), store);
        } catch (IllegalArgumentException e) {
            YNode at = locateCycle(n, e.getMessage());
            problems.error(at != null ? at : root, e.getMessage());
            return new LoadResult(null, problems.all());
        }
    }

    private static YNode locateCycle(NodeReader n, String message) {
        Matcher m = Pattern.compile("dependency cycle: ([a-z0-9-]+)").matcher(message);
        if (m.find()) {
            Entry e = n.section("checks").get(m.group(1));
            if (e != null && e.value() instanceof YMap cm) {
                return cm.get("depends_on") != null ? cm.get("depends_on") : e.key();
            }
        }
        return null;
    }

}
