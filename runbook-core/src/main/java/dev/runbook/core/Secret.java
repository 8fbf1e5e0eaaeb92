package dev.runbook.core;

import java.util.Objects;

/**
 * A secret value (a password, a webhook URL with a token) that never shows itself: {@link #toString()} gives
 * {@code ******}, and no serializer of ours writes it. A secret may be <em>unset</em> (its environment variable
 * was missing): whoever uses it then yields {@code UNKNOWN} "secret NAME is not set". Immutable.
 */
public final class Secret {
    private final String name;
    private final String value;

    private Secret(String name, String value) {
        this.name = Objects.requireNonNull(name, "name");
        this.value = value;
    }

    /** A set secret. */
    public static Secret of(String name, String value) {
        return new Secret(name, Objects.requireNonNull(value, "value"));
    }

    /** A secret whose source was missing. */
    public static Secret unset(String name) {
        return new Secret(name, null);
    }

    /** The secret's name, safe to show. */
    public String name() {
        return name;
    }

    public boolean isSet() {
        return value != null;
    }

    /**
     * The value, for the one place that must send it.
     *
     * @throws SecretNotSetException if unset
     */
    public String reveal() {
        if (value == null) {
            throw new SecretNotSetException(name);
        }
        return value;
    }

    @Override
    public String toString() {
        return "******";
    }

    /** Thrown when an unset secret is used; the engine turns it into {@code UNKNOWN}. */
    public static final class SecretNotSetException extends IllegalStateException {
        private static final long serialVersionUID = 1L;
        private final String secretName;

        public SecretNotSetException(String secretName) {
            super("secret " + secretName + " is not set");
            this.secretName = secretName;
        }

        public String secretName() {
            return secretName;
        }
    }
}
