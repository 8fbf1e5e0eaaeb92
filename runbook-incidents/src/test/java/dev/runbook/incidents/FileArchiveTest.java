package dev.runbook.incidents;

import static dev.runbook.incidents.Fixtures.MONDAY_10;
import static dev.runbook.incidents.Fixtures.TOKYO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbook.core.escalation.Notification;
import dev.runbook.core.escalation.Notifier;
import dev.runbook.core.spi.TypeContext;
import dev.runbook.incidents.notifier.FileNotifierType;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code file} notifier's archive holds only complete lines, also after a full disk or a crash mid-write. */
class FileArchiveTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Path mounted;

    @AfterEach
    void unmount() throws Exception {
        if (mounted != null) {
            run("umount", mounted.toString());
        }
    }

    private static int run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }

    private Notifier file(Path archive) {
        return new FileNotifierType().create(new FileNotifierType.Params(archive.toString()),
                new TypeContext(dir, TOKYO, Clock.systemUTC(), "archive"));
    }

    private static Notification note(String subject, int textBytes) {
        return new Notification("message", subject, "x".repeat(textBytes), Map.of("check", "disk"), MONDAY_10)
                .withId("id-" + subject);
    }

    /** Every line of the archive, each required to be complete JSON; the file ends with a newline. */
    private static List<JsonNode> lines(Path archive) throws IOException {
        String all = Files.readString(archive, StandardCharsets.UTF_8);
        assertThat(all).endsWith("\n");
        List<JsonNode> out = new ArrayList<>();
        for (String line : all.split("\n")) {
            out.add(JSON.readTree(line)); // a torn line fails to parse here
        }
        return out;
    }

    @Test
    void aWriteThatFailsOnAFullDiskLeavesNoPartialLineAndTheRetryStartsOnItsOwnLine() throws Exception {
        Path mnt = Files.createDirectories(dir.resolve("small"));
        int rc = run("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", mnt.toString());
        Assumptions.assumeTrue(rc == 0, "mounting a 64k tmpfs needs root (CI runs as root)");
        mounted = mnt;
        Path archive = mnt.resolve("notifications.jsonl");
        Notifier n = file(archive);
        n.send(note("first", 100), "ops");
        Path filler = mnt.resolve("filler");
        byte[] page = new byte[4096];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(page);
                out.flush();
            }
        } catch (IOException full) {
            // the disk is full now, except what is left in the archive's last page
        }
        long before = Files.size(archive);
        assertThatThrownBy(() -> n.send(note("second", 20_000), "ops")).isInstanceOf(IOException.class);
        assertThat(Files.size(archive)).isEqualTo(before);
        assertThat(lines(archive)).extracting(l -> l.get("subject").asText()).containsExactly("first");

        Files.delete(filler);
        n.send(note("second", 20_000), "ops"); // the outbox's retry
        assertThat(lines(archive)).extracting(l -> l.get("subject").asText()).containsExactly("first", "second");
    }

    @Test
    void aLineTornByACrashIsCutBackBeforeTheNextOneAndTheFileIsOwnerOnly() throws Exception {
        Path archive = dir.resolve("state/notifications.jsonl");
        Notifier n = file(archive);
        n.send(note("first", 10), "ops");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(archive))).isEqualTo("rw-------");
        Files.writeString(archive, "{\"at\":\"2026-", java.nio.file.StandardOpenOption.APPEND); // died mid-write
        n.send(note("second", 10), "ops");
        List<JsonNode> lines = lines(archive);
        assertThat(lines).extracting(l -> l.get("subject").asText()).containsExactly("first", "second");
        assertThat(lines).extracting(l -> l.get("id").asText()).containsExactly("id-first", "id-second");
    }

    @Test
    void anExistingArchiveReadableByOthersIsNarrowedToTheOwner() throws Exception {
        Path archive = Files.writeString(dir.resolve("a.jsonl"), "");
        Files.setPosixFilePermissions(archive, PosixFilePermissions.fromString("rw-r--r--"));
        file(archive).send(note("first", 10), "ops");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(archive))).isEqualTo("rw-------");
    }
}
