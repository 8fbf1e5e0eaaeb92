package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A secret that a probe prints (upper-cased) and uses as a perfdata label (lower-cased into a metric name) never
 * reaches the text checklist, JSON, the Prometheus exposition the daemon's {@code /metrics} also renders, history
 * or the store file. The launcher runs as its own process on a real YAML file.
 */
class SecretsStayOutOfOutputTest {
    private static final String TOKEN = "Tok3nValue42";

    @TempDir
    Path dir;

    private Launch.Outcome run(String... args) throws Exception {
        return Launch.plain(dir.resolve("xdg")).env("RB_TOKEN", TOKEN).run(dir, args);
    }

    @Test
    void aSecretInAProbesOutputAndPerfdataLabelIsScrubbedEverywhere() throws Exception {
        YamlLauncherTest.requireLoader();
        Files.writeString(dir.resolve("sec.yaml"), """
                runbook: sec
                version: 1
                secrets: { token: "${env:RB_TOKEN}" }
                store: ./state/sec.db
                checks:
                  api:
                    type: command
                    shell: |
                      up=$(printf %s '${secret:token}' | tr a-z A-Z)
                      printf 'OK - logged in as %s | %s=5;;\\n' "$up" '${secret:token}'
                """);
        for (String format : new String[] {"text", "json", "prometheus", "tap", "nagios"}) {
            Launch.Outcome o = run("run", "sec.yaml", "--format", format);
            assertThat(o.exit()).as(format + ": " + o.err()).isZero();
            assertThat(o.out()).as(format).contains("******").doesNotContainIgnoringCase(TOKEN);
            assertThat(o.err()).as(format).doesNotContainIgnoringCase(TOKEN);
        }
        Launch.Outcome h = run("history", "sec.yaml", "--check", "api", "--format", "json");
        assertThat(h.exit()).as(h.err()).isZero();
        assertThat(h.out()).contains("******").doesNotContainIgnoringCase(TOKEN);
        try (Stream<Path> files = Files.list(dir.resolve("state"))) {
            for (Path f : files.toList()) {
                assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1)).as(f.toString())
                        .doesNotContainIgnoringCase(TOKEN);
            }
        }
    }
}
