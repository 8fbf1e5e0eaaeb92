package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Issue 14: the seed runbook's header is the list of what an operator sets to point it at the real host. Every
 * environment variable its files read must be in that list, and the production health check must not fall back to
 * the local URL.
 */
class SeedRealHostListTest {
    static final Path SEED = Path.of("ai-estimator");

    @Test
    void theHeaderListsEveryEnvironmentVariableTheSeedReads() throws Exception {
        String runbook = Files.readString(SEED.resolve("runbook.yaml"));
        String header = runbook.substring(0, runbook.indexOf("\nrunbook:"));
        Set<String> used = new TreeSet<>();
        Matcher m = Pattern.compile("\\$\\{env:([A-Z0-9_]+)").matcher(runbook + Files.readString(SEED.resolve("escalation.yaml")));
        while (m.find()) {
            used.add(m.group(1));
        }
        assertThat(used).hasSizeGreaterThan(20);
        List<String> unlisted = new ArrayList<>();
        for (String v : used) {
            if (!Pattern.compile("\\b" + v + "\\b").matcher(header).find()) {
                unlisted.add(v);
            }
        }
        assertThat(unlisted).as("variables the seed reads but its header does not list").isEmpty();
    }

    @Test
    void theProductionHealthCheckDoesNotDefaultToTheLocalUrl() throws Exception {
        String runbook = Files.readString(SEED.resolve("runbook.yaml"));
        Matcher m = Pattern.compile("public_health_url: \"\\$\\{env:ESTIMATOR_PUBLIC_HEALTH_URL:-([^}]*)}\"").matcher(runbook);
        assertThat(m.find()).isTrue();
        assertThat(m.group(1)).startsWith("https://").doesNotContain("127.0.0.1", "${url}", "localhost");
    }
}
