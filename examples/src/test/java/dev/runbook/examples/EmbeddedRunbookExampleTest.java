package dev.runbook.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.core.Status;
import dev.runbook.core.engine.CheckRun;
import dev.runbook.core.engine.Engine;
import dev.runbook.core.engine.RunRequest;
import dev.runbook.core.engine.RunResult;
import org.junit.jupiter.api.Test;

class EmbeddedRunbookExampleTest {
    @Test
    void restartRemediationRecoversTheStoppedHealthService() {
        EmbeddedRunbookExample.HealthService health = new EmbeddedRunbookExample.HealthService();
        try (Engine engine = Engine.builder().build()) {
            RunResult r = engine.run(EmbeddedRunbookExample.morningCheck(health), RunRequest.procedure("morning-check"));
            CheckRun h = r.results().stream().filter(c -> c.check().equals("health")).findFirst().orElseThrow();
            assertThat(h.firstStatus()).isEqualTo(Status.CRITICAL);
            assertThat(h.status()).isEqualTo(Status.OK);
            assertThat(h.actions()).extracting(a -> a.step()).contains("restart-estimator", "recheck health");
            assertThat(r.results()).extracting(CheckRun::check).contains("disk", "memory", "load");
        } finally {
            health.stop();
        }
    }
}
