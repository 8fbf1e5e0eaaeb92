package dev.runbook.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Contract §7 [1.1]: a level, route, {@code notify} action or report whose recipients include one with no way to be
 * reached (an {@code email} notifier with no {@code to}, for a contact without {@code address}) is a located error.
 */
class UnreachableRecipientTest {
    @TempDir
    Path dir;

    static final String BASE = String.join("\n",
            "runbook: reach",
            "version: 1",
            "escalation:",
            "  levels:",
            "    P1: { title: Outage, respond: 0m, notify: [%s] }",
            "  routes:",
            "    - { category: security, notify: [%s] }",
            "  contacts:",
            "    infra-manager: { via: ops-email, address: infra@example.com }",
            "    nobody-home: { via: ops-email }",
            "    told-by-notifier: { via: boss-email }",
            "notifiers:",
            "  ops-email: { type: email, smtp: \"smtp://127.0.0.1:2525\", from: runbook@example.com }",
            "  boss-email: { type: email, smtp: \"smtp://127.0.0.1:2525\", from: runbook@example.com, to: boss@example.com }",
            "actions:",
            "  tell: { type: notify, to: [%s], message: hello }",
            "reports:",
            "  daily: { period: day, sections: [services], notify: [%s] }",
            "");

    private List<String> errors(String level, String route, String action, String report) throws Exception {
        Path f = dir.resolve("runbook.yaml");
        Files.writeString(f, BASE.formatted(level, route, action, report));
        LoadResult r = new RunbookLoader(SpecTypes.registry(), Map.of(), Clock.systemUTC()).load(f);
        return r.errors().stream().map(p -> p.line() + ":" + p.column() + ": " + p.message()).toList();
    }

    @Test
    void reachableContactsAndAnEmailNotifierWithItsOwnToAreValid() throws Exception {
        assertThat(errors("infra-manager", "told-by-notifier", "infra-manager, boss-email", "boss-email")).isEmpty();
    }

    @Test
    void anEmailNotifierWithoutToNamedDirectlyIsALocatedError() throws Exception {
        // the seed's maintenance notice named ops-email this way; at run time it said "no recipient" and sent nothing
        List<String> e = errors("infra-manager", "infra-manager", "infra-manager, ops-email", "ops-email");
        assertThat(e).hasSize(2);
        assertThat(e).allMatch(m -> m.contains("notifier 'ops-email' cannot be reached: it is an email notifier with"
                + " no `to`"));
        assertThat(e).anyMatch(m -> m.startsWith("16:") && m.contains("action 'tell' to"))
                .anyMatch(m -> m.startsWith("18:") && m.contains("report daily notify"));
    }

    @Test
    void aContactWithoutAddressOnAnEmailNotifierWithoutToIsALocatedErrorWhereverItIsNamed() throws Exception {
        List<String> e = errors("nobody-home", "nobody-home", "nobody-home", "nobody-home");
        assertThat(e).hasSize(4);
        assertThat(e).allMatch(m -> m.contains("contact 'nobody-home' cannot be reached: it has no address and its"
                + " notifier 'ops-email' is an email notifier with no `to`"));
        assertThat(e).anyMatch(m -> m.startsWith("5:") && m.contains("level P1 notify"))
                .anyMatch(m -> m.startsWith("7:") && m.contains("route notify"))
                .anyMatch(m -> m.startsWith("16:") && m.contains("action 'tell' to"))
                .anyMatch(m -> m.startsWith("18:") && m.contains("report daily notify"));
    }
}
