package dev.runbook.tck;

import dev.runbook.core.spi.ParameterValues;
import dev.runbook.core.spi.TypeContext;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Binds YAML-shaped values (what a YAML parser hands over: {@code Map<String, ?>}, {@code List<?>}, strings,
 * numbers, booleans) to a type's parameter record by the rules of the YAML loader (runbook-format §3, §4), which
 * both take from one place ({@link ParameterValues}, so they cannot drift; runbook-yaml's
 * {@code TckBindingParityTest} binds the same parameters both ways): keys are
 * the record components in snake_case (or a {@code @JsonProperty} name), absent keys are null (or the primitive's
 * zero), unknown keys are refused, scalars convert to {@code String}, numbers, {@code Boolean}, enums (either case,
 * {@code -} for {@code _}), {@code Duration} ({@code 30s}), {@code Quantity} ({@code 80%}), {@code LocalDate},
 * {@code Path} (against the runbook's directory), {@code Secret}; lists, sets, maps and nested records bind
 * element by element. Substitution ({@code ${…}}) is the loader's work and is not done here.
 *
 * <pre>{@code
 * HttpCheckType.Params p = YamlParameters.bind(HttpCheckType.Params.class,
 *         Map.of("url", "http://127.0.0.1:8080/health", "expect", Map.of("status", List.of("200"))), ctx);
 * }</pre>
 *
 * <p>Stateless and thread-safe; nothing blocks.
 */
public final class YamlParameters {

    private YamlParameters() {
    }

    /**
     * Binds {@code yaml} to {@code type}.
     *
     * @param type    the parameter record
     * @param yaml    keys and values as a YAML parser gives them
     * @param context resolves relative paths; may be null
     * @throws IllegalArgumentException naming the key and what was wrong: an unknown key, a value of the wrong
     *                                  shape, or the record's own validation
     */
    public static <P> P bind(Class<P> type, Map<String, ?> yaml, TypeContext context) {
        return type.cast(record(type, yaml, "", context));
    }

    /** The YAML key of a record component: its {@code @JsonProperty} name, else its name in snake_case. */
    public static String keyOf(RecordComponent rc) {
        return ParameterValues.keyOf(rc);
    }

    private static Object record(Class<?> type, Object node, String path, TypeContext ctx) {
        if (!type.isRecord()) {
            throw new IllegalArgumentException(where(path) + "parameter type " + type.getName()
                    + " is not a record; the YAML loader binds records");
        }
        if (!(node instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException(where(path) + "expected a mapping, found " + describe(node));
        }
        RecordComponent[] rcs = type.getRecordComponents();
        Map<String, RecordComponent> byKey = new LinkedHashMap<>();
        for (RecordComponent rc : rcs) {
            byKey.put(keyOf(rc), rc);
        }
        for (Object k : map.keySet()) {
            if (!byKey.containsKey(String.valueOf(k))) {
                throw new IllegalArgumentException("unknown key '" + path + k + "' for " + type.getSimpleName()
                        + " (known keys: " + String.join(", ", byKey.keySet()) + ")");
            }
        }
        Object[] args = new Object[rcs.length];
        for (int i = 0; i < rcs.length; i++) {
            RecordComponent rc = rcs[i];
            String key = keyOf(rc);
            Object v = map.get(key);
            args[i] = v == null ? ParameterValues.absent(rc.getType()) : convert(v, rc.getGenericType(), path + key, ctx);
        }
        try {
            Constructor<?> c = type.getDeclaredConstructor(Arrays.stream(rcs).map(RecordComponent::getType)
                    .toArray(Class<?>[]::new));
            c.setAccessible(true);
            return c.newInstance(args);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            throw new IllegalArgumentException(where(path) + (cause.getMessage() == null
                    ? cause.getClass().getSimpleName() : cause.getMessage()), cause);
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException(where(path) + "cannot build " + type.getName() + ": " + e, e);
        }
    }

    private static Object convert(Object node, Type type, String key, TypeContext ctx) {
        Class<?> raw = rawClass(type);
        if (raw == null) {
            throw new IllegalArgumentException("'" + key + "': a parameter type the loader cannot bind: " + type);
        }
        if (ParameterValues.isList(raw)) {
            if (node instanceof Map) {
                throw new IllegalArgumentException("'" + key + "': expected a list, found a mapping");
            }
            List<?> items = node instanceof List<?> l ? l : List.of(node);
            List<Object> out = new ArrayList<>();
            for (Object item : items) {
                out.add(convert(item, typeArg(type, 0), key, ctx));
            }
            return Set.class.isAssignableFrom(raw) ? new LinkedHashSet<>(out) : out;
        }
        if (ParameterValues.isMap(raw)) {
            if (!(node instanceof Map<?, ?> m)) {
                throw new IllegalArgumentException("'" + key + "': expected a mapping, found " + describe(node));
            }
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), v == null ? null
                    : convert(v, typeArg(type, 1), key + "." + k, ctx)));
            return out;
        }
        if (raw.isRecord()) {
            return record(raw, node, key + ".", ctx);
        }
        if (raw == Object.class) {
            return node;
        }
        if (node instanceof Map || node instanceof List) {
            throw new IllegalArgumentException("'" + key + "': expected a single value, found " + describe(node));
        }
        if (!ParameterValues.isSingle(raw)) {
            throw new IllegalArgumentException("'" + key + "': a parameter type the loader cannot bind: " + raw.getName());
        }
        String text = String.valueOf(node);
        try {
            // the YAML loader's own rules (ParameterValues): the TCK binds exactly as a runbook would
            return ParameterValues.single(text, raw, key, "'" + text + "'", ctx);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + key + "': " + e.getMessage(), e);
        }
    }

    private static String where(String path) {
        return path.isEmpty() ? "" : "'" + path.substring(0, path.length() - 1) + "': ";
    }

    private static String describe(Object node) {
        if (node instanceof Map) {
            return "a mapping";
        }
        if (node instanceof List) {
            return "a list";
        }
        return "'" + node + "'";
    }

    static Class<?> rawClass(Type t) {
        return ParameterValues.rawClass(t);
    }

    static Type typeArg(Type t, int i) {
        return ParameterValues.typeArg(t, i);
    }
}
