package dev.runbook.core.spi;

import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;

/**
 * What a type may know while it builds a check, action or notifier from its parameters: where the runbook
 * lives (relative paths resolve against it), its zone and the clock. Immutable.
 *
 * @param baseDirectory the runbook file's directory
 * @param zone          the runbook's time zone
 * @param clock         the clock to use
 * @param id            the id of the thing being built
 */
public record TypeContext(Path baseDirectory, ZoneId zone, Clock clock, String id) {

    /** Resolves a path the user wrote against the runbook's directory ({@code ~} is the home directory). */
    public Path resolve(String path) {
        String p = path;
        if (p.equals("~") || p.startsWith("~/")) {
            p = System.getProperty("user.home") + p.substring(1);
        }
        Path given = Path.of(p);
        return given.isAbsolute() || baseDirectory == null ? given : baseDirectory.resolve(given).normalize();
    }

    /** A context for code (the Java DSL, tests): the working directory, the system zone and clock. */
    public static TypeContext defaults(String id) {
        return new TypeContext(Path.of("").toAbsolutePath(), ZoneId.systemDefault(), Clock.systemDefaultZone(), id);
    }
}
