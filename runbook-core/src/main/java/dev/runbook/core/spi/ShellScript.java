package dev.runbook.core.spi;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@code String} parameter of a type as a script for {@code /bin/sh} (runbook-format §3: substituted values
 * are data, never passed through a shell). A loader must not paste substituted values into such a text: it puts each
 * value into an environment variable of the parameter map named by {@link #env()} and writes a quoted reference to
 * that variable in the script instead ({@link dev.runbook.core.action.ShellReferences}).
 *
 * <p>Put it on the record component: {@code record Params(@ShellScript String shell, Map<String, String> env)}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER})
public @interface ShellScript {
    /** The record component, a {@code Map<String, String>}, that receives the values as environment variables. */
    String env() default "env";
}
