package dev.runbook.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.runtime.output.RunFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class WarmUpTest {
    @Test
    void theWorkoutRunsARealCheckAndRendersItInEveryFormat() {
        List<String> out = WarmUp.exercise();

        assertThat(out).hasSize(RunFormat.values().length).allSatisfy(s -> assertThat(s).isNotBlank());
        assertThat(out.get(RunFormat.JSON.ordinal())).contains("\"cds\"", "\"OK\"");
        assertThat(out.get(RunFormat.PROMETHEUS.ordinal())).contains("runbook_check_status");
    }
}
