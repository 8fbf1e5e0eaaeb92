package dev.runbook.core.spi;

import dev.runbook.core.Secret;
import dev.runbook.core.Suggestions;
import dev.runbook.core.quantity.Quantity;
import dev.runbook.core.quantity.UnitFamily;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The rules by which a type's parameter record is bound from what a runbook writes (runbook-format §3, §4), in
 * one place for the YAML loader and the type TCK, so the two cannot drift: a record component's key (its
 * {@code @JsonProperty} name, else its name in snake_case), the value of an absent key (null, or a primitive's
 * zero), and how one written value becomes a {@code String}, {@link Secret}, boolean, whole or decimal number,
 * enum constant (either case, {@code -} for {@code _}), {@link Duration} ({@code 30s}, at most 100 years),
 * {@link Quantity} ({@code 80%}), {@link LocalDate} or {@link Path} (against the runbook's directory). Lists, sets,
 * maps and nested records are walked by the caller, element by element, with these rules.
 *
 * <pre>{@code
 * String key = ParameterValues.keyOf(component);                       // "max_age"
 * Object v = ParameterValues.single("30s", Duration.class, "timeout", "'30s'", ctx);   // PT30S
 * }</pre>
 *
 * <p>Stateless and thread-safe; nothing blocks.
 */
public final class ParameterValues {
    /** The longest duration a runbook may write: 100 years. */
    public static final Duration MAX_DURATION = Duration.ofDays(36_500);

    private ParameterValues() {
    }

    /** The key of a record component: its {@code @JsonProperty} name (found by name, no Jackson needed), else snake_case. */
    public static String keyOf(RecordComponent rc) {
        String named = jsonPropertyName(rc.getAccessor().getAnnotations());
        if (named == null) {
            try {
                named = jsonPropertyName(rc.getDeclaringRecord().getDeclaredField(rc.getName()).getAnnotations());
            } catch (NoSuchFieldException e) {
                named = null;
            }
        }
        return named != null && !named.isEmpty() ? named : snake(rc.getName());
    }

    /** {@code maxAge} → {@code max_age}. */
    public static String snake(String camel) {
        StringBuilder sb = new StringBuilder();
        for (char c : camel.toCharArray()) {
            if (Character.isUpperCase(c)) {
                sb.append('_').append(Character.toLowerCase(c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

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

    /** The value of a component whose key is absent or null: null, or the primitive's zero. */
    public static Object absent(Class<?> c) {
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

    /** True for the list-like types a written list (or one value, as a list of one) binds to. */
    public static boolean isList(Class<?> raw) {
        return List.class.isAssignableFrom(raw) || Set.class.isAssignableFrom(raw) || Collection.class.equals(raw);
    }

    /** True for the map types a written mapping binds to. */
    public static boolean isMap(Class<?> raw) {
        return Map.class.isAssignableFrom(raw);
    }

    /** True if one written value converts to {@code raw} ({@link #single}). */
    public static boolean isSingle(Class<?> raw) {
        return raw == String.class || raw == Secret.class || raw == Boolean.class || raw == boolean.class
                || raw == Integer.class || raw == int.class || raw == Long.class || raw == long.class
                || raw == Double.class || raw == double.class || raw == Float.class || raw == float.class
                || raw.isEnum() || raw == Duration.class || raw == Quantity.class || raw == LocalDate.class
                || raw == Path.class;
    }

    /**
     * Converts one written value (after substitution) to {@code raw}, which {@link #isSingle} accepts.
     *
     * @param key   the component's key: a {@link Secret}'s name
     * @param shown how the value is shown in a message ({@code 'abc'}, or "the value of secret X")
     * @param ctx   resolves a relative {@link Path}; may be null
     * @throws IllegalArgumentException "expected …, found {@code shown}"
     */
    public static Object single(String text, Class<?> raw, String key, String shown, TypeContext ctx) {
        if (raw == Secret.class) {
            return Secret.of(key, text);
        }
        if (raw == String.class) {
            return text;
        }
        if (raw == Boolean.class || raw == boolean.class) {
            String t = text.trim().toLowerCase(Locale.ROOT);
            if (t.equals("true") || t.equals("false")) {
                return Boolean.valueOf(t);
            }
            throw new IllegalArgumentException("expected true or false, found " + shown);
        }
        if (raw == Integer.class || raw == int.class) {
            try {
                return Integer.valueOf(whole(text, shown));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("expected a whole number that fits in 32 bits, found " + shown);
            }
        }
        if (raw == Long.class || raw == long.class) {
            return Long.valueOf(whole(text, shown));
        }
        if (raw == Double.class || raw == double.class || raw == Float.class || raw == float.class) {
            double d;
            try {
                d = Double.parseDouble(text.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("expected a number, found " + shown);
            }
            return raw == Float.class || raw == float.class ? (Object) (float) d : (Object) d;
        }
        if (raw.isEnum()) {
            String t = text.trim().toLowerCase(Locale.ROOT).replace('-', '_');
            List<String> names = new ArrayList<>();
            for (Object c : raw.getEnumConstants()) {
                String nm = ((Enum<?>) c).name();
                if (nm.toLowerCase(Locale.ROOT).equals(t)) {
                    return c;
                }
                names.add(nm.toLowerCase(Locale.ROOT).replace('_', '-'));
            }
            throw new IllegalArgumentException("expected one of " + String.join(", ", names) + ", found " + shown
                    + (shown.startsWith("'") ? Suggestions.didYouMean(text.trim(), names) : ""));
        }
        if (raw == Duration.class) {
            try {
                return duration(text);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("expected a duration such as 30s, 10m or 1.5h, found " + shown);
            }
        }
        if (raw == Quantity.class) {
            try {
                return Quantity.parse(text);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("expected a number with an optional unit (80%, 250ms, 30d), found "
                        + shown);
            }
        }
        if (raw == LocalDate.class) {
            try {
                return LocalDate.parse(text.trim());
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("expected a date such as 2026-12-31, found " + shown);
            }
        }
        if (raw == Path.class) {
            return ctx == null ? Path.of(text) : ctx.resolve(text);
        }
        throw new IllegalArgumentException("a parameter type the loader cannot bind: " + raw.getName());
    }

    /**
     * A duration such as {@code 30s} or {@code 1.5h}.
     *
     * @throws IllegalArgumentException if it is malformed, negative, not finite or longer than {@link #MAX_DURATION}
     */
    public static Duration duration(String text) {
        Quantity q = Quantity.parse(text);
        if (!Double.isFinite(q.number())) {
            throw new IllegalArgumentException("expected a finite duration, found '" + clip(text.trim()) + "'");
        }
        Duration d = Quantity.parseDuration(text);
        if (d.compareTo(MAX_DURATION) > 0 || q.canonicalIn(UnitFamily.DURATION) > MAX_DURATION.toSeconds()) {
            throw new IllegalArgumentException("expected a duration of at most 36500d (100 years), found '"
                    + clip(text.trim()) + "'");
        }
        return d;
    }

    /** What a component of type {@code raw} expects, for "expected … found a list". */
    public static String expectation(Class<?> raw) {
        if (raw == String.class || raw == Secret.class) {
            return "a text";
        }
        if (raw == Boolean.class || raw == boolean.class) {
            return "true or false";
        }
        if (Number.class.isAssignableFrom(raw) || raw.isPrimitive()) {
            return "a number";
        }
        if (raw == Duration.class) {
            return "a duration";
        }
        return "a single value";
    }

    private static String whole(String text, String shown) {
        String t = text.trim();
        if (t.endsWith(".0")) {
            t = t.substring(0, t.length() - 2);
        }
        try {
            Long.parseLong(t);
            return t;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a whole number, found " + shown);
        }
    }

    private static String clip(String s) {
        String one = s.replace("\n", "\\n");
        return one.length() > 60 ? one.substring(0, 57) + "..." : one;
    }

    /** The class of a (possibly parameterised or wildcard) component type, or null. */
    public static Class<?> rawClass(Type t) {
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

    /** The {@code i}th type argument of a parameterised type ({@code Object} when there is none). */
    public static Type typeArg(Type t, int i) {
        if (t instanceof ParameterizedType p && p.getActualTypeArguments().length > i) {
            return p.getActualTypeArguments()[i];
        }
        return Object.class;
    }
}
