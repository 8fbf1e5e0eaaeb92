package dev.runbook.core.spi;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The name of a check, action or notifier type, readable without creating the type: with it,
 * {@link TypeRegistry#load(ClassLoader)} creates a provider only when a runbook uses its type (a start-up cost
 * paid only for what runs). Optional: a provider without it is created when the registry loads, as before. The
 * value must equal what the type's {@code name()} returns; a mismatch is a {@link TypeRegistry.TypeRegistryException}
 * when the type is first used.
 *
 * <pre>{@code
 * @TypeName("queue-depth")
 * public final class QueueDepthType implements CheckType<QueueDepthType.Params> { ... }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface TypeName {
    /** The type's name, as its {@code name()} returns it. */
    String value();
}
