package dev.runbook.yaml;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.runbook.core.Secret;
import dev.runbook.core.quantity.Quantity;
import dev.runbook.core.spi.ParameterValues;
import dev.runbook.core.spi.ShellScript;
import dev.runbook.core.spi.TypeContext;
import dev.runbook.yaml.YNode.Entry;
import dev.runbook.yaml.YNode.YMap;
import dev.runbook.yaml.YNode.YScalar;
import dev.runbook.yaml.YNode.YSeq;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Binds a YAML mapping to a type's parameter record: snake_case keys to camelCase components, unknown keys
 * refused with a suggestion, values converted to the component's type after substitution, every problem located.
 * Not thread-safe: one per load.
 */
final class ParamBinder {
    /** Returned when a value could not be converted (a problem was recorded). */
    static final Object FAIL = new Object();

    private final Substitutor substitutor;
    private final Problems problems;
    /** Secrets named by the values bound since the last {@link #resetSecrets()}. */
    private final Set<String> usedMissingSecrets = new LinkedHashSet<>();

    ParamBinder(Substitutor substitutor, Problems problems) {
        this.substitutor = substitutor;
        this.problems = problems;
    }

    void resetSecrets() {
        usedMissingSecrets.clear();
    }

    Set<String> missingSecrets() {
        return Set.copyOf(usedMissingSecrets);
    }

    /** The YAML key of a record component: its {@code @JsonProperty} name, else snake_case ({@link ParameterValues}). */
    static String keyOf(RecordComponent rc) {
        return ParameterValues.keyOf(rc);
    }

    static String snake(String camel) {
        return ParameterValues.snake(camel);
    }

    /**
     * Binds {@code map} (minus {@code skip} keys) to {@code type}.
     *
     * @param what  "check type disk", for messages
     * @return the value, or {@link #FAIL}
     */
    Object bindRecord(YMap map, Class<?> type, Set<String> skip, String what, TypeContext ctx) {
        if (!type.isRecord()) {
            problems.error(map, what + ": parameter type " + type.getName() + " is not a record; the YAML loader binds records");
            return FAIL;
        }
        RecordComponent[] rcs = type.getRecordComponents();
        Map<String, RecordComponent> byKey = new LinkedHashMap<>();
        for (RecordComponent rc : rcs) {
            byKey.put(keyOf(rc), rc);
        }
        boolean ok = true;
        for (Entry e : map.entries().values()) {
            String k = e.key().text();
            if (skip.contains(k) || byKey.containsKey(k)) {
                continue;
            }
            List<String> known = new ArrayList<>(byKey.keySet());
            known.addAll(skip);
            String sugg = Problems.suggest(k, known);
            problems.error(e.key(), "unknown key '" + Problems.clip(k) + "' for " + what
                    + (sugg.isEmpty() ? " (known keys: " + String.join(", ", known) + ")" : sugg));
            ok = false;
        }
        Object[] args = new Object[rcs.length];
        Map<String, Map<String, String>> shellValues = new LinkedHashMap<>();
        for (int i = 0; i < rcs.length; i++) {
            RecordComponent rc = rcs[i];
            String key = keyOf(rc);
            YNode v = map.get(key);
            Object val;
            ShellScript script = rc.getAnnotation(ShellScript.class);
            if (v == null || (v instanceof YScalar s && s.isNull())) {
                val = defaultOf(rc.getType());
            } else if (script != null && rc.getType() == String.class && v instanceof YScalar s) {
                Map<String, String> values = shellValues.computeIfAbsent(script.env(), k -> new LinkedHashMap<>());
                Substitutor.Result r = substitutor.expandShell(s, problems, values);
                usedMissingSecrets.addAll(r.missingSecrets());
                val = r.ok() ? r.text() : FAIL;
            } else {
                val = convert(v, rc.getGenericType(), key, what, ctx);
            }
            if (val == FAIL) {
                ok = false;
                val = defaultOf(rc.getType());
            }
            args[i] = val;
        }
        if (!shellValues.isEmpty() && !addShellValues(map, rcs, args, shellValues, what)) {
            ok = false;
        }
        if (!ok) {
            return FAIL;
        }
        try {
            Constructor<?> c = type.getDeclaredConstructor(Arrays.stream(rcs).map(RecordComponent::getType)
                    .toArray(Class<?>[]::new));
            c.setAccessible(true);
            return c.newInstance(args);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            problems.error(map, what + ": " + (cause.getMessage() == null ? cause.getClass().getSimpleName()
                    : cause.getMessage()));
            return FAIL;
        } catch (ReflectiveOperationException | RuntimeException e) {
            problems.error(map, what + ": cannot build the parameters (" + e.getClass().getSimpleName() + ")");
            return FAIL;
        }
    }

    /** Puts the values substituted in a shell script into the environment component its annotation names. */
    @SuppressWarnings("unchecked")
    private boolean addShellValues(YMap map, RecordComponent[] rcs, Object[] args,
            Map<String, Map<String, String>> shellValues, String what) {
        for (Map.Entry<String, Map<String, String>> e : shellValues.entrySet()) {
            if (e.getValue().isEmpty()) {
                continue;
            }
            int at = -1;
            for (int i = 0; i < rcs.length; i++) {
                if (rcs[i].getName().equals(e.getKey()) || keyOf(rcs[i]).equals(e.getKey())) {
                    at = i;
                }
            }
            if (at < 0 || !Map.class.isAssignableFrom(rcs[at].getType())) {
                problems.error(map, what + ": a shell script parameter names '" + e.getKey()
                        + "' for its values, but the type has no such Map<String, String> parameter");
                return false;
            }
            Map<String, Object> env = args[at] == null ? new LinkedHashMap<>()
                    : new LinkedHashMap<>((Map<String, Object>) args[at]);
            for (Map.Entry<String, String> v : e.getValue().entrySet()) {
                if (env.putIfAbsent(v.getKey(), v.getValue()) != null) {
                    problems.error(map, what + ": env name " + v.getKey() + " is reserved for values substituted "
                            + "into the shell script");
                    return false;
                }
            }
            args[at] = env;
        }
        return true;
    }

    private static Object defaultOf(Class<?> c) {
        return ParameterValues.absent(c);
    }

    /** Converts a node to {@code type}, or records a problem and returns {@link #FAIL}. */
    Object convert(YNode node, Type type, String key, String what, TypeContext ctx) {
        Class<?> raw = rawClass(type);
        if (raw == null) {
            problems.error(node, what + ": key '" + key + "' has a parameter type the loader cannot bind: " + type);
            return FAIL;
        }
        if (ParameterValues.isList(raw)) {
            Type elem = typeArg(type, 0);
            List<YNode> items = node instanceof YSeq seq ? seq.items() : List.of(node);
            if (node instanceof YMap) {
                problems.error(node, what + ": expected a list for '" + key + "', found a mapping");
                return FAIL;
            }
            List<Object> out = new ArrayList<>();
            boolean ok = true;
            for (YNode item : items) {
                Object o = convert(item, elem, key, what, ctx);
                if (o == FAIL) {
                    ok = false;
                } else {
                    out.add(o);
                }
            }
            if (!ok) {
                return FAIL;
            }
            return Set.class.isAssignableFrom(raw) ? new LinkedHashSet<>(out) : out;
        }
        if (Map.class.isAssignableFrom(raw)) {
            if (!(node instanceof YMap m)) {
                problems.error(node, what + ": expected a mapping for '" + key + "', found " + node.describe());
                return FAIL;
            }
            Type valType = typeArg(type, 1);
            Map<String, Object> out = new LinkedHashMap<>();
            boolean ok = true;
            for (Entry e : m.entries().values()) {
                YNode v = e.value();
                Object o = v instanceof YScalar s && s.isNull() ? null : convert(v, valType, key + "." + e.key().text(), what, ctx);
                if (o == FAIL) {
                    ok = false;
                } else {
                    out.put(e.key().text(), o);
                }
            }
            return ok ? out : FAIL;
        }
        if (raw.isRecord()) {
            if (!(node instanceof YMap m)) {
                problems.error(node, what + ": expected a mapping for '" + key + "', found " + node.describe());
                return FAIL;
            }
            return bindRecord(m, raw, Set.of(), what + " " + key, ctx);
        }
        if (raw == Object.class) {
            return natural(node);
        }
        if (!(node instanceof YScalar s)) {
            problems.error(node, what + ": expected " + expectation(raw) + " for '" + key + "', found " + node.describe());
            return FAIL;
        }
        Substitutor.Result r = substitutor.expand(s, problems);
        if (!r.ok()) {
            return FAIL;
        }
        usedMissingSecrets.addAll(r.missingSecrets());
        String text = r.text();
        String shown = r.usesSecret() ? "the value of secret " + String.join(", ", r.secrets()) : "'" + Problems.clip(text) + "'";
        if (raw == Secret.class && r.wholeSecret() != null) {
            return r.wholeSecret();
        }
        if (!ParameterValues.isSingle(raw)) {
            problems.error(node, what + ": key '" + key + "' has a parameter type the loader cannot bind: " + raw.getName());
            return FAIL;
        }
        try {
            // the rules the TCK binds by too (ParameterValues), so the two cannot drift
            return ParameterValues.single(text, raw, key, shown, ctx);
        } catch (IllegalArgumentException e) {
            problems.error(node, what + ": '" + key + "': " + e.getMessage());
            return FAIL;
        }
    }

    private static String expectation(Class<?> raw) {
        return ParameterValues.expectation(raw);
    }

    /** A Map<String,Object> value as YAML wrote it (after substitution). */
    Object natural(YNode node) {
        if (node instanceof YMap m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.entries().forEach((k, e) -> out.put(k, natural(e.value())));
            return out;
        }
        if (node instanceof YSeq s) {
            List<Object> out = new ArrayList<>();
            s.items().forEach(i -> out.add(natural(i)));
            return out;
        }
        YScalar s = (YScalar) node;
        switch (s.kind()) {
            case NULL:
                return null;
            case BOOLEAN:
                return Boolean.valueOf(s.text().toLowerCase(Locale.ROOT));
            case NUMBER:
                try {
                    return Long.valueOf(s.text());
                } catch (NumberFormatException e) {
                    try {
                        return Double.valueOf(s.text());
                    } catch (NumberFormatException e2) {
                        return s.text();
                    }
                }
            default:
                Substitutor.Result r = substitutor.expand(s, problems);
                usedMissingSecrets.addAll(r.missingSecrets());
                return r.text();
        }
    }

    static Class<?> rawClass(Type t) {
        return ParameterValues.rawClass(t);
    }

    static Type typeArg(Type t, int i) {
        return ParameterValues.typeArg(t, i);
    }
}
