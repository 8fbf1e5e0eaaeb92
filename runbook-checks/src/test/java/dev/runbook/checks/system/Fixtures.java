package dev.runbook.checks.system;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** Real kernel text captured into src/test/resources/fixtures. */
final class Fixtures {
    private Fixtures() {
    }

    static Path path(String name) {
        try {
            return Path.of(Fixtures.class.getResource("/fixtures/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("missing fixture " + name, e);
        }
    }
}
