package dev.runbook.store;

import dev.runbook.core.ManualClock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.core.CheckResult;
import dev.runbook.core.Secret;
import dev.runbook.core.Status;
import dev.runbook.core.engine.Engine;
import dev.runbook.core.engine.RunRequest;
import dev.runbook.core.engine.RunResult;
import dev.runbook.core.model.CheckDefinition;
import dev.runbook.core.model.Runbook;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretsTest {
    static final String SECRET = "hunter2-Zq9vX4-very-secret";
    @TempDir
    Path dir;

    @Test
    void noSecretValueReachesTheDatabaseFile() throws Exception {
        Path file = dir.resolve("s.db");
        ManualClock clock = new ManualClock(Instant.parse("2026-11-28T09:00:00Z"), java.time.ZoneOffset.UTC);
        Runbook rb = Runbook.builder("rb")
                .secret(Secret.of("health_password", SECRET))
                .check(CheckDefinition.builder("health",
                        ctx -> CheckResult.critical("login marker-Q7 with password " + SECRET + " refused")).build())
                .build();
        try (SqliteRunStore store = SqliteRunStore.open(file, null, clock);
             Engine engine = Engine.builder().store(store).clock(clock).build()) {
            RunResult run = engine.run(rb, RunRequest.allChecks());
            assertThat(run.storeError()).isNull();
            assertThat(run.status()).isEqualTo(Status.CRITICAL);
            assertThat(store.history().latest("health").orElseThrow().message()).contains("******")
                    .doesNotContain(SECRET);
        }
        byte[] needle = SECRET.getBytes(StandardCharsets.UTF_8);
        // control: the rest of the message is in the file, so the search below would find the secret
        assertThat(indexOf(Files.readAllBytes(file), "marker-Q7".getBytes(StandardCharsets.UTF_8))).isNotNegative();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                assertThat(indexOf(Files.readAllBytes(f), needle)).as(f.toString()).isEqualTo(-1);
            }
        }
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
