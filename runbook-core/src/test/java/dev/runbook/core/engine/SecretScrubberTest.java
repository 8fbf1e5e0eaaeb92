package dev.runbook.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.core.CheckResult;
import dev.runbook.core.Secret;
import dev.runbook.core.Status;
import dev.runbook.core.model.CheckDefinition;
import dev.runbook.core.model.Runbook;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretScrubberTest {
    private static final String TOKEN = "Tok3n-Value-42";

    @Test
    void scrubsAValueInAnyLetterCaseAndTheLongestFirst() {
        SecretScrubber s = SecretScrubber.of(List.of(Secret.of("a", TOKEN), Secret.of("b", "Tok3n"),
                Secret.of("short", "ab"), Secret.unset("c")));
        assertThat(s.scrub("x " + TOKEN + " " + TOKEN.toLowerCase() + " " + TOKEN.toUpperCase() + " tok3n ab"))
                .isEqualTo("x ****** ****** ****** ****** ab");
        assertThat(s.scrub(null)).isNull();
        assertThat(SecretScrubber.of(List.of()).scrub(TOKEN)).isEqualTo(TOKEN);
    }

    @Test
    void theEngineScrubsMessagesMetricNamesDetailsAndActionsOfEveryResult() {
        Runbook rb = Runbook.builder("t").secret(Secret.of("token", TOKEN))
                .check(CheckDefinition.builder("probe", c -> CheckResult.builder().status(Status.OK)
                        .message("AUTH WITH " + TOKEN.toUpperCase() + " ok")
                        .metric(TOKEN.toLowerCase(), 5) // a perfdata label, lower-cased
                        .metric("time_" + TOKEN.toLowerCase() + "_ms", 7)
                        .detail("stdout", "token=" + TOKEN)
                        .detail("lines", List.of("a " + TOKEN, Map.of("k", TOKEN.toLowerCase())))
                        .build()).build())
                .build();
        RunResult r;
        try (Engine engine = Engine.builder().build()) {
            r = engine.run(rb, dev.runbook.core.engine.RunRequest.allChecks());
        }
        CheckRun probe = r.results().get(0);
        assertThat(probe.message()).isEqualTo("AUTH WITH ****** ok");
        assertThat(probe.metrics()).containsOnlyKeys("******", "time_******_ms");
        assertThat(String.valueOf(probe.details())).doesNotContainIgnoringCase(TOKEN).contains("******");
        assertThat(String.valueOf(r)).doesNotContainIgnoringCase(TOKEN);
    }
}
