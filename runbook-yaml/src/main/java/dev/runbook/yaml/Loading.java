package dev.runbook.yaml;

import dev.runbook.core.Secret;
import dev.runbook.core.spi.TypeRegistry;
import dev.runbook.yaml.YNode.Entry;
import dev.runbook.yaml.YNode.YMap;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The state of one load that the section readers share: the types, environment and clock it was asked with, the
 * merged sections of the main file and its includes, the time zone, vars, secrets and the substitution and binding
 * they allow, and the problems found so far. One per load; not thread-safe.
 */
final class Loading {
    final TypeRegistry registry;
    final Map<String, String> env;
    final Clock clock;
    final YamlReader reader;
    final Problems problems = new Problems();

    /** Merged sections: id -> entry (its key node and value), in file order. */
    final Map<String, Map<String, Entry>> sections = new HashMap<>();
    final List<YNode> maintenanceNodes = new ArrayList<>();
    final List<YMap> escalationNodes = new ArrayList<>();
    final Set<Path> loaded = new HashSet<>();
    final Map<String, String> vars = new LinkedHashMap<>();
    final Map<String, Secret> secrets = new LinkedHashMap<>();

    Path mainFile;
    ZoneId zone = ZoneId.systemDefault();
    /** Set once vars and secrets are read. */
    Substitutor sub;
    /** Set once vars and secrets are read. */
    ParamBinder binder;

    Loading(TypeRegistry registry, Map<String, String> env, Clock clock, YamlReader reader) {
        this.registry = registry;
        this.env = env;
        this.clock = clock;
        this.reader = reader;
    }
}
