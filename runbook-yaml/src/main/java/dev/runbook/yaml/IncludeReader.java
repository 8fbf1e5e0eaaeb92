package dev.runbook.yaml;

import dev.runbook.yaml.YNode.Entry;
import dev.runbook.yaml.YNode.YMap;
import dev.runbook.yaml.YNode.YScalar;
import dev.runbook.yaml.YNode.YSeq;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * Reads the top level of the main file and every {@code include:}: merges each section's entries by id (a
 * duplicate id is an error naming both places), refuses include cycles and deep nesting, and never shows the
 * content of an included file that is not a runbook part. One per load; not thread-safe.
 */
final class IncludeReader extends NodeReader {
    private static final int MAX_INCLUDE_DEPTH = 16;

    IncludeReader(Loading loading) {
        super(loading);
    }

    void collect(YMap root, boolean main, Deque<Path> chain) {
        for (Entry e : root.entries().values()) {
            String k = e.key().text();
            if (!Assembler.MAIN_KEYS.contains(k)) {
                problems.error(e.key(), "unknown key '" + Problems.clip(k) + "' at the top level"
                        + Problems.suggestOrList(k, Assembler.MAIN_KEYS));
                continue;
            }
            if (!main && Assembler.MAIN_ONLY.contains(k)) {
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
                case "maintenance" -> l.maintenanceNodes.add(v);
                case "escalation" -> {
                    if (v instanceof YMap m) {
                        l.escalationNodes.add(m);
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
        if (!l.loaded.add(target)) {
            return; // already merged through another include
        }
        if (!Files.exists(target)) {
            problems.error(item, "included file not found: " + target);
            return;
        }
        YNode root = l.reader.read(target, problems, true);
        if (root == null) {
            return;
        }
        // an included file may be anything: unless it looks like a runbook part, name it and show none of it
        if (!(root instanceof YMap m) || m.entries().keySet().stream().noneMatch(Assembler.MAIN_KEYS::contains)) {
            problems.error(root, "not a runbook file: " + target + " (expected a mapping of checks:, actions:, …)");
            return;
        }
        chain.addLast(target);
        collect(m, false, chain);
        chain.removeLast();
    }
}
