package dev.runbook.core.spi;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The check, action and notifier types known to a runbook, by name. {@link #load(ClassLoader)} discovers them
 * through {@link ServiceLoader}; a duplicate name or a broken provider is one clear error. An explicit instance,
 * no global state: build one per class loader (a plugins directory gives its own). Immutable and thread-safe
 * once built.
 */
public final class TypeRegistry {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]*");

    private final Map<String, CheckType<?>> checks;
    private final Map<String, ActionType<?>> actions;
    private final Map<String, NotifierType<?>> notifiers;

    private TypeRegistry(Builder b) {
        this.checks = Collections.unmodifiableMap(new TreeMap<>(b.checks));
        this.actions = Collections.unmodifiableMap(new TreeMap<>(b.actions));
        this.notifiers = Collections.unmodifiableMap(new TreeMap<>(b.notifiers));
    }

    /**
     * Discovers every type registered on the class path of {@code loader}.
     *
     * @throws TypeRegistryException on a duplicate name, an invalid name or a provider that cannot be loaded
     */
    public static TypeRegistry load(ClassLoader loader) {
        Builder b = builder();
        try {
            for (CheckType<?> t : ServiceLoader.load(CheckType.class, loader)) {
                b.check(t);
            }
            for (ActionType<?> t : ServiceLoader.load(ActionType.class, loader)) {
                b.action(t);
            }
            for (NotifierType<?> t : ServiceLoader.load(NotifierType.class, loader)) {
                b.notifier(t);
            }
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

    /** Check types by name, sorted. */
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
        private final Map<String, CheckType<?>> checks = new LinkedHashMap<>();
        private final Map<String, ActionType<?>> actions = new LinkedHashMap<>();
        private final Map<String, NotifierType<?>> notifiers = new LinkedHashMap<>();

        public Builder check(CheckType<?> t) {
            add(checks, t.name(), t, "check");
            return this;
        }

        public Builder action(ActionType<?> t) {
            add(actions, t.name(), t, "action");
            return this;
        }

        public Builder notifier(NotifierType<?> t) {
            add(notifiers, t.name(), t, "notifier");
            return this;
        }

        /** Adds every type of another registry. */
        public Builder addAll(TypeRegistry other) {
            other.checks.values().forEach(this::check);
            other.actions.values().forEach(this::action);
            other.notifiers.values().forEach(this::notifier);
            return this;
        }

        private static <T> void add(Map<String, T> map, String name, T type, String kind) {
            if (name == null || !NAME.matcher(name).matches()) {
                throw new TypeRegistryException(kind + " type " + type.getClass().getName()
                        + " has an invalid name '" + name + "': names match [a-z][a-z0-9-]*");
            }
            T prev = map.putIfAbsent(name, type);
            if (prev != null && prev.getClass() != type.getClass()) {
                throw new TypeRegistryException(kind + " type '" + name + "' is provided twice: by "
                        + prev.getClass().getName() + " and by " + type.getClass().getName()
                        + "; remove one of the jars or rename one type");
            }
        }

        public TypeRegistry build() {
            return new TypeRegistry(this);
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
