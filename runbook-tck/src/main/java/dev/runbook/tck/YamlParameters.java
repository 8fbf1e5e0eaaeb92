package dev.runbook.tck;

import dev.runbook.core.Secret;
import dev.runbook.core.quantity.Quantity;
import dev.runbook.core.spi.TypeContext;
import java.lang.annotation.Annotation;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Binds YAML-shaped values (what a YAML parser hands over: {@code Map<String, ?>}, {@code List<?>}, strings,
 * numbers, booleans) to a type's parameter record by the rules of the YAML loader (runbook-format §3, §4): keys are
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
        String named = jsonPropertyName(rc.getAccessor().getAnnotations());
        if (named == null) {
            try {
                named = jsonPropertyName(rc.getDeclaringRecord().getDeclaredField(rc.getName()).getAnnotations());
            } catch (NoSuchFieldException e) {
                named = null;
            }
        }
        if (named != null && !named.isEmpty()) {
            return named;
        }
        StringBuilder sb = new StringBuilder();
        for (char c : rc.getName().toCharArray()) {
            if (Character.isUpperCase(c)) {
                sb.append('_').append(Character.toLowerCase(c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** Jackson's {@code @JsonProperty} without depending on Jackson: found by name, read reflectively. */
    private static String jsonPropertyName(Annotation[] annotations) {
        for (Annotation a : annotations) {
            if (a.annotationType().getName().equals("com.fasterxml.jackson.annotation.JsonProperty")) {
                try {
                    Method value = a.annotationType().getMethod("value");
                    return (String) value.invoke(a);
                } catch (ReflectiveOperationException e) {
                    return null;
                }
            }
        }
        return null;
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
            args[i] = v == null ? zero(rc.getType()) : convert(v, rc.getGenericType(), path + key, ctx);
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
        if (Collection.class.isAssignableFrom(raw)) {
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
        if (Map.class.isAssignableFrom(raw)) {
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
        String text = String.valueOf(node);
        try {
            if (raw == String.class) {
                return text;
            }
            if (raw == Secret.class) {
                return Secret.of(key, text);
            }
            if (raw == Boolean.class || raw == boolean.class) {
                String t = text.trim().toLowerCase(Locale.ROOT);
                if (!t.equals("true") && !t.equals("false")) {
                    throw new IllegalArgumentException("expected true or false, found '" + text + "'");
                }
                return Boolean.valueOf(t);
            }
            if (raw == Integer.class || raw == int.class) {
                return Integer.valueOf(whole(text));
            }
            if (raw == Long.class || raw == long.class) {
                return Long.valueOf(whole(text));
            }
            if (raw == Double.class || raw == double.class) {
                return Double.valueOf(text.trim());
            }
            if (raw == Float.class || raw == float.class) {
                return Float.valueOf(text.trim());
            }
            if (raw.isEnum()) {
                String t = text.trim().toLowerCase(Locale.ROOT).replace('-', '_');
                for (Object c : raw.getEnumConstants()) {
                    if (((Enum<?>) c).name().toLowerCase(Locale.ROOT).equals(t)) {
                        return c;
                    }
                }
                throw new IllegalArgumentException("expected one of " + Arrays.toString(raw.getEnumConstants())
                        .toLowerCase(Locale.ROOT) + ", found '" + text + "'");
            }
            if (raw == Duration.class) {
                return Quantity.parseDuration(text);
            }
            if (raw == Quantity.class) {
                return Quantity.parse(text);
            }
            if (raw == LocalDate.class) {
                return LocalDate.parse(text.trim());
            }
            if (raw == Path.class) {
                return ctx == null ? Path.of(text) : ctx.resolve(text);
            }
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("'" + key + "': " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("'" + key + "': a parameter type the loader cannot bind: " + raw.getName());
    }

    private static String whole(String text) {
        String t = text.trim();
        return t.endsWith(".0") ? t.substring(0, t.length() - 2) : t;
    }

    private static Object zero(Class<?> c) {
        if (!c.isPrimitive()) {
            return null;
        }
        if (c == boolean.class) {
            return false;
        }
        if (c == long.class) {
            return 0L;
        }
        if (c == double.class) {
            return 0.0;
        }
        if (c == float.class) {
            return 0f;
        }
        return 0;
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
        if (t instanceof Class<?> c) {
            return c;
        }
        if (t instanceof ParameterizedType p && p.getRawType() instanceof Class<?> c) {
            return c;
        }
        if (t instanceof WildcardType w && w.getUpperBounds().length == 1) {
            return rawClass(w.getUpperBounds()[0]);
        }
        return null;
    }

    static Type typeArg(Type t, int i) {
        if (t instanceof ParameterizedType p && p.getActualTypeArguments().length > i) {
            return p.getActualTypeArguments()[i];
        }
        return Object.class;
    }
}
