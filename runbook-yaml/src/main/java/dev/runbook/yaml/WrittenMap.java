package dev.runbook.yaml;

import dev.runbook.core.spi.WrittenParameters;
import dev.runbook.yaml.YNode.Entry;
import dev.runbook.yaml.YNode.YMap;
import dev.runbook.yaml.YNode.YScalar;
import dev.runbook.yaml.YNode.YSeq;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The loader's {@link WrittenParameters}: one check's or action's mapping as written, which its type's shorthand
 * hook may read and extend before binding. Keeps every node's location, so problems are located at their key.
 * One per hook call; not thread-safe.
 */
final class WrittenMap implements WrittenParameters {
    /** A threshold a shorthand key stands for, applied after the check's own thresholds. */
    record Threshold(String key, YNode at, String metric, String warning, String critical) {
    }

    private final NodeReader nodes;
    private final String kind;
    private final String id;
    private final YMap original;
    private final Map<String, Entry> entries;
    private final List<Threshold> thresholds = new ArrayList<>();
    private int errors;

    WrittenMap(NodeReader nodes, String kind, String id, YMap written) {
        this.nodes = nodes;
        this.kind = kind;
        this.id = id;
        this.original = written;
        this.entries = new LinkedHashMap<>(written.entries());
    }

    @Override
    public String id() {
        return id;
    }

    private YNode node(String key) {
        Entry e = entries.get(key);
        return e == null || e.value() instanceof YScalar s && s.isNull() ? null : e.value();
    }

    @Override
    public boolean has(String key) {
        return node(key) != null;
    }

    @Override
    public Optional<String> text(String key) {
        if (!(node(key) instanceof YScalar s)) {
            return Optional.empty();
        }
        // a key a hook reads is a parameter too: the binder reports a substitution that fails, once
        Substitutor.Result r = nodes.l.sub.expand(s, s.text(), new Problems(), Substitutor.Mode.PLAIN);
        return r.ok() ? Optional.of(r.text()) : Optional.empty();
    }

    @Override
    public boolean isList(String key) {
        return node(key) instanceof YSeq;
    }

    @Override
    public void error(String key, String message) {
        YNode at = node(key);
        nodes.problems.error(at == null ? original : at, kind + " '" + id + "': " + message);
        errors++;
    }

    @Override
    public boolean inherit(String key, String section, Collection<String> keys) {
        if (!(node(key) instanceof YScalar ref)) {
            return true;
        }
        Entry from = nodes.section(section).get(ref.text());
        if (from == null) {
            nodes.problems.error(ref, kind + " '" + id + "' names unknown " + NodeReader.singular(section) + " '"
                    + Problems.clip(ref.text()) + "'" + Problems.suggestOrList(ref.text(), nodes.section(section).keySet()));
            errors++;
            return false;
        }
        if (from.value() instanceof YMap m) { // anything else is reported with its own section
            for (String k : keys) {
                Entry e = m.entries().get(k);
                if (e != null && !entries.containsKey(k)) {
                    entries.put(k, e);
                }
            }
        }
        return true;
    }

    @Override
    public void threshold(String key, String metric, String warning, String critical) {
        if (!"check".equals(kind)) {
            throw new UnsupportedOperationException("an action has no thresholds");
        }
        YNode at = node(key);
        thresholds.add(new Threshold(key, at == null ? original : at, metric, warning, critical));
    }

    /** The mapping with what the hook added, for binding. */
    YMap written() {
        return new YMap(original.file(), original.line(), original.column(), entries);
    }

    List<Threshold> thresholds() {
        return List.copyOf(thresholds);
    }

    /** True if the hook reported a problem (the check or action is then not built). */
    boolean failed() {
        return errors > 0;
    }
}
