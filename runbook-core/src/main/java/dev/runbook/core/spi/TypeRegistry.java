package dev.runbook.core.spi;

import java.util.AbstractMap;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The check, action and notifier types known to a runbook, by name. {@link #load(ClassLoader)} discovers them
 * through {@link ServiceLoader}; a duplicate name or a broken provider is one clear error. A provider annotated
 * with {@link TypeName} is created only when its type is first looked up (by {@link #checkType}, or by
 * {@code get} on {@link #checkTypes()} and its siblings), so a run pays only for the types its runbook uses;
 * iterating the maps' values creates them all. An explicit instance, no global state: build one per class
 * loader (a plugins directory gives its own). Immutable and thread-safe once built; the first lookup of a lazy
 * type blocks while its provider is created.
 */
public final class TypeRegistry {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]*");

    private final Types<CheckType<?>> checks;
    private final Types<ActionType<?>> actions;
    private final Types<NotifierType<?>> notifiers;

    private TypeRegistry(Builder b) {
        this.checks = new Types<>(b.checks);
        this.actions = new Types<>(b.actions);
        this.notifiers = new Types<>(b.notifiers);
    }

    /**
     * Discovers every type registered on the class path of {@code loader}.
     *
     * @throws TypeRegistryException on a duplicate name, an invalid name or a provider that cannot be loaded
     */
    public static TypeRegistry load(ClassLoader loader) {
        Builder b = builder();
        try {
            ServiceLoader.load(CheckType.class, loader).stream().forEach(p -> b.add(b.checks, p, "check"));
            ServiceLoader.load(ActionType.class, loader).stream().forEach(p -> b.add(b.actions, p, "action"));
            ServiceLoader.load(NotifierType.class, loader).stream().forEach(p -> b.add(b.notifiers, p, "notifier"));
        } catch (ServiceConfigurationError e) {
            throw new TypeRegistryException("a type provider could not be loaded: " + e.getMessage()
                    + " (check the META-INF/services entry and that the class has a public no-argument constructor)", e);
        }
        return b.build();
    }

    /** Discovers the types visible to this library's class loader. */
    public static TypeRegistry load() {
        return load(TypeRegistry.class.getClassLoader());
    }

    public static Builder builder() {
        return new Builder();
    }

    public Optional<CheckType<?>> checkType(String name) {
        return Optional.ofNullable(checks.get(name));
    }

    public Optional<ActionType<?>> actionType(String name) {
        return Optional.ofNullable(actions.get(name));
    }

    public Optional<NotifierType<?>> notifierType(String name) {
        return Optional.ofNullable(notifiers.get(name));
    }

    /** Check types by name, sorted; {@code get} creates only the type asked for. */
    public Map<String, CheckType<?>> checkTypes() {
        return checks;
    }

    public Map<String, ActionType<?>> actionTypes() {
        return actions;
    }

    public Map<String, NotifierType<?>> notifierTypes() {
        return notifiers;
    }

    /** Builds a registry from explicit types; each add validates the name and refuses duplicates. */
    public static final class Builder {
        private final Map<String, Registered<CheckType<?>>> checks = new LinkedHashMap<>();
        private final Map<String, Registered<ActionType<?>>> actions = new LinkedHashMap<>();
        private final Map<String, Registered<NotifierType<?>>> notifiers = new LinkedHashMap<>();

        public Builder check(CheckType<?> t) {
            add(checks, t.name(), Registered.of(t), "check");
            return this;
        }

        public Builder action(ActionType<?> t) {
            add(actions, t.name(), Registered.of(t), "action");
            return this;
        }

        public Builder notifier(NotifierType<?> t) {
            add(notifiers, t.name(), Registered.of(t), "notifier");
            return this;
        }

        /** Adds every type of another registry (lazy types stay lazy). */
        public Builder addAll(TypeRegistry other) {
            other.checks.entries.forEach((n, e) -> add(checks, n, e, "check"));
            other.actions.entries.forEach((n, e) -> add(actions, n, e, "action"));
            other.notifiers.entries.forEach((n, e) -> add(notifiers, n, e, "notifier"));
            return this;
        }

        /** A discovered provider: by its {@link TypeName} without creating it, else created now for its name. */
        @SuppressWarnings("unchecked")   // ServiceLoader.load(X.class) provides X: the map's T
        private <T> void add(Map<String, Registered<T>> map, ServiceLoader.Provider<?> provider, String kind) {
            Class<?> type = provider.type();
            TypeName declared = type.getAnnotation(TypeName.class);
            if (declared == null) {
                T instance = (T) provider.get();
                add(map, nameOf(instance), Registered.of(instance), kind);
            } else {
                add(map, declared.value(), Registered.<T>lazy(type, () -> {
                    T instance = (T) provider.get();
                    String name = nameOf(instance);
                    if (!declared.value().equals(name)) {
                        throw new TypeRegistryException(kind + " type " + type.getName() + " is annotated @TypeName(\""
                                + declared.value() + "\") but its name() is '" + name + "'; make them equal");
                    }
                    return instance;
                }), kind);
            }
        }

        private static String nameOf(Object type) {
            if (type instanceof CheckType<?> c) {
                return c.name();
            } else if (type instanceof ActionType<?> a) {
                return a.name();
            }
            return ((NotifierType<?>) type).name();
        }

        private static <T> void add(Map<String, Registered<T>> map, String name, Registered<T> entry, String kind) {
            if (name == null || !NAME.matcher(name).matches()) {
                throw new TypeRegistryException(kind + " type " + entry.type.getName()
                        + " has an invalid name '" + name + "': names match [a-z][a-z0-9-]*");
            }
            Registered<T> prev = map.putIfAbsent(name, entry);
            if (prev != null && prev.type != entry.type) {
                throw new TypeRegistryException(kind + " type '" + name + "' is provided twice: by "
                        + prev.type.getName() + " and by " + entry.type.getName()
                        + "; remove one of the jars or rename one type");
            }
        }

        public TypeRegistry build() {
            return new TypeRegistry(this);
        }
    }

    /** One registered type: its class, and its instance, created on first use when lazy. Thread-safe. */
    private static final class Registered<T> {
        final Class<?> type;
        private Supplier<? extends T> factory;
        private T instance;

        private Registered(Class<?> type, T instance, Supplier<? extends T> factory) {
            this.type = type;
            this.instance = instance;
            this.factory = factory;
        }

        static <T> Registered<T> of(T instance) {
            return new Registered<>(instance.getClass(), instance, null);
        }

        static <T> Registered<T> lazy(Class<?> type, Supplier<? extends T> factory) {
            return new Registered<>(type, null, factory);
        }

        synchronized T get() {
            if (instance == null) {
                try {
                    instance = factory.get();
                } catch (ServiceConfigurationError e) {
                    throw new TypeRegistryException("the type provider " + type.getName() + " could not be created: "
                            + e.getMessage() + " (check that the class has a public no-argument constructor)", e);
                }
                factory = null;
            }
            return instance;
        }
    }

    /**
     * An unmodifiable map of types by name, sorted, whose {@code get} creates only the entry asked for; iteration
     * over its entries or values creates them all.
     */
    private static final class Types<T> extends AbstractMap<String, T> {
        final Map<String, Registered<T>> entries;

        Types(Map<String, Registered<T>> entries) {
            this.entries = Collections.unmodifiableMap(new TreeMap<>(entries));
        }

        @Override
        public T get(Object name) {
            Registered<T> e = entries.get(name);
            return e == null ? null : e.get();
        }

        @Override
        public boolean containsKey(Object name) {
            return entries.containsKey(name);
        }

        @Override
        public Set<String> keySet() {
            return entries.keySet();
        }

        @Override
        public int size() {
            return entries.size();
        }

        @Override
        public Set<Map.Entry<String, T>> entrySet() {
            Set<Map.Entry<String, T>> all = entries.entrySet().stream()
                    .map(e -> Map.entry(e.getKey(), e.getValue().get()))
                    .collect(Collectors.toCollection(java.util.LinkedHashSet::new));
            return Collections.unmodifiableSet(all);
        }
    }

    /** A broken or conflicting type registration. */
    public static final class TypeRegistryException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public TypeRegistryException(String message) {
            super(message);
        }

        public TypeRegistryException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
