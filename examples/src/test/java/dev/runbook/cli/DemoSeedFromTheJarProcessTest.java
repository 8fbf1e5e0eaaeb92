package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code runbook demo} where neither {@code --runbook} nor a checkout's examples/ai-estimator/ is at hand: the
 * seed runbook comes from the launcher's own jar, with the escalation file it includes, and the real seed plays.
 */
class DemoSeedFromTheJarProcessTest {
    @TempDir
    Path dir;

    @Test
    void theSeedInTheJarLoadsWithItsIncludesAndPlays() throws Exception {
        Launch.Outcome o = Launch.plain(dir.resolve("xdg")).timeoutSeconds(180)
                .run(dir, "demo", "--dir", dir.resolve("sandbox").toString());

        assertThat(o.err()).as(o.out()).doesNotContain("included file not found");
        assertThat(o.exit()).as(o.out() + o.err()).isZero();
        assertThat(dir.resolve("sandbox/runbook/escalation.yaml")).exists();
        assertThat(o.out()).contains("== 1. The morning check (morning-check)", "== 6. The history", "Done in");
    }
}
