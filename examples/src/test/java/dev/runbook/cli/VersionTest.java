package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code runbook --version}: the version, then the build (the git commit the build recorded, or "unknown"). */
class VersionTest {
    @Test
    void namesTheBuildsCommitOrUnknown() throws Exception {
        StringWriter out = new StringWriter();
        PrintWriter sink = new PrintWriter(new StringWriter());
        int code = Main.execute(new Main(java.util.Map.of()), new String[] {"--version"}, new PrintWriter(out, true), sink);
        assertThat(code).isZero();
        String[] lines = out.toString().split("\\R");
        assertThat(lines[0]).startsWith("runbook ");
        assertThat(lines[1]).isEqualTo("build " + expectedBuild());
        assertThat(lines[2]).startsWith("Java ");
    }

    /** What the build saw: the checkout's commit, or "unknown" without git or outside a checkout. */
    private static String expectedBuild() throws Exception {
        try {
            Process p = new ProcessBuilder("git", "-C", Path.of("").toAbsolutePath().toString(), "rev-parse", "--short=12", "HEAD")
                    .redirectErrorStream(true).start();
            String s = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0 && s.matches("[0-9a-f]{12}") ? s : "unknown";
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
