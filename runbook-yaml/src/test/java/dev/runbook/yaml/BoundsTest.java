package dev.runbook.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile input is bounded: a clear located error, never a StackOverflowError, an OutOfMemoryError or a hang. */
class BoundsTest {
    @TempDir
    Path dir;

    List<String> errors(String yaml) throws IOException {
        Path f = dir.resolve("runbook.yaml");
        Files.writeString(f, yaml);
        LoadResult r = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> new RunbookLoader(FakeTypes.registry(), Map.of(), Clock.systemUTC()).load(f));
        assertThat(r.isValid()).isFalse();
        return r.errors().stream().map(p -> p.line() + ":" + p.column() + ": " + p.message()).toList();
    }

    @Test
    void deepFlowNestingIsAnErrorNotAStackOverflow() throws IOException {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        List<String> e = errors("runbook: x\nversion: 1\nvars: " + deep + "\n");
        assertThat(e).hasSize(1);
        assertThat(e.get(0)).containsAnyOf("nesting is too deep", "invalid YAML");
    }

    @Test
    void deepBlockNestingIsAnErrorWithItsLocation() throws IOException {
        StringBuilder sb = new StringBuilder("runbook: x\nversion: 1\nvars:\n");
        for (int i = 0; i < 80; i++) {
            sb.append("  ".repeat(i + 1)).append("k").append(i).append(":\n");
        }
        sb.append("  ".repeat(82)).append("v: 1\n");
        List<String> e = errors(sb.toString());
        assertThat(e).containsExactly("67:129: nesting is too deep: expected at most 64 levels of mappings and lists");
    }

    @Test
    void aFileOverFourMebibytesIsRefused() throws IOException {
        String big = "runbook: x\nversion: 1\n# " + "x".repeat(5 * 1024 * 1024) + "\n";
        List<String> e = errors(big);
        assertThat(e).hasSize(1);
        assertThat(e.get(0)).startsWith("1:1: file is too large: ").endsWith("expected at most 4194304 bytes (4 MiB); split it with include:");
    }

    @Test
    void aHugeScalarIsRefused() throws IOException {
        List<String> e = errors("runbook: x\nversion: 1\nvars: { a: \"" + "y".repeat(300_000) + "\" }\n");
        assertThat(e).containsExactly("3:12: value is too long: 300000 characters, expected at most 262144");
    }

    @Test
    void tooManyNodesAreRefused() throws IOException {
        List<String> e = errors("runbook: x\nversion: 1\nvars: [" + "1,".repeat(250_000) + "1]\n");
        assertThat(e).hasSize(1);
        assertThat(e.get(0)).contains("file has too many nodes: expected at most 200000");
    }

    @Test
    void anAliasBombIsRefusedAtTheFirstAnchor() throws IOException {
        String bomb = """
                runbook: x
                version: 1
                vars:
                  a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
                  b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
                  c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
                """;
        assertThat(errors(bomb)).containsExactly("4:6: YAML anchors are not supported, found '&a': use include: or vars instead");
    }

    @Test
    void anAliasIsRefused() throws IOException {
        assertThat(errors("runbook: x\nversion: 1\ntitle: *t\n"))
                .hasSize(1).allMatch(m -> m.contains("alias") || m.contains("invalid YAML"));
    }

    @Test
    void severalDocumentsAreRefused() throws IOException {
        assertThat(errors("runbook: x\nversion: 1\n---\nrunbook: y\n"))
                .containsExactly("4:1: expected one YAML document per file, found another one: use include: for several files");
    }

    @Test
    void aDirectoryInsteadOfAFileIsAProblemNotAnException() {
        LoadResult r = new RunbookLoader(FakeTypes.registry(), Map.of(), Clock.systemUTC()).load(dir);
        assertThat(r.isValid()).isFalse();
        assertThat(r.errors()).hasSize(1);
    }

    @Test
    void aMissingFileIsAProblemNotAnException() {
        LoadResult r = new RunbookLoader(FakeTypes.registry(), Map.of(), Clock.systemUTC()).load(dir.resolve("nope.yaml"));
        assertThat(r.errors()).extracting(Problem::message).singleElement().asString().startsWith("cannot read the file");
    }
}
