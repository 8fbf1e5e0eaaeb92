package dev.runbook.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The loader against hostile files (issue 12): devices, FIFOs, included files that are not runbooks, huge scalars,
 * secrets where they would be shown, argv written as text, absurd durations. Each is a clear located error.
 */
class LoaderHardeningTest {
    static final String HEAD = "runbook: demo\nversion: 1\n";
    /** A hang guard only: a FIFO opened for reading blocks until a writer comes, which never happens here. */
    static final Duration HANG_GUARD = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    LoadResult load(Path f) {
        return assertTimeoutPreemptively(HANG_GUARD,
                () -> new RunbookLoader(FakeTypes.registry(), Map.of("HOME", "/home/op", "P", "pw-value-42"),
                        Clock.systemUTC()).load(f));
    }

    List<String> errors(Path f) {
        return load(f).errors().stream().map(p -> p.line() + ":" + p.column() + ": " + p.message()).toList();
    }

    List<String> errors(String yaml) throws IOException {
        return errors(write("runbook.yaml", yaml));
    }

    Path write(String name, String text) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    Path fifo(String name) throws IOException, InterruptedException {
        Path f = dir.resolve(name);
        Process p = new ProcessBuilder("mkfifo", f.toString()).redirectErrorStream(true).start();
        assumeTrue(p.waitFor() == 0, "mkfifo is not available");
        return f;
    }

    @Test
    void aFifoAsTheMainFileIsRefusedWithoutBlocking() throws Exception {
        Path f = fifo("runbook.yaml");
        assertThat(errors(f)).singleElement().asString()
                .isEqualTo("0:0: not a regular file: " + f + " is a device, FIFO or socket; expected a runbook file");
    }

    @Test
    void aProblemOfTheWholeFileIsPrintedWithoutAZeroPosition() {
        assertThat(load(dir).errors()).singleElement().hasToString(
                dir + ": not a regular file: " + dir + " is a directory; expected a runbook file");
    }

    @Test
    void aDeviceAsTheMainFileIsRefusedWithoutReadingIt() {
        Path zero = Path.of("/dev/zero");
        assumeTrue(Files.exists(zero), "/dev/zero is not available");
        assertThat(errors(zero)).singleElement().asString().contains("not a regular file: /dev/zero");
    }

    @Test
    void aDirectoryAsTheMainFileSaysSo() {
        assertThat(errors(dir)).singleElement().asString().contains("not a regular file: " + dir + " is a directory");
    }

    @Test
    void anIncludedFifoIsNotARegularFileRatherThanNotFound() throws Exception {
        Path f = fifo("part.yaml");
        List<String> e = errors(HEAD + "include: [part.yaml]\n");
        assertThat(e).singleElement().asString().contains("not a regular file: " + f).doesNotContain("not found");
    }

    @Test
    void anIncludedFileThatIsNotARunbookIsNamedButNeverShown() throws IOException {
        write("shadow", "root:$6$hash-of-root-42:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\n");
        write("broken.yaml", "password: \"hunter2-secret\n  [unclosed: {\n");
        write("other-app.yaml", "db_password: hunter3-secret\n");
        List<String> e = errors(HEAD + "include: [shadow, broken.yaml, other-app.yaml]\n");
        assertThat(e).hasSize(3);
        assertThat(e.get(0)).startsWith("1:1: not a runbook file: " + dir.resolve("shadow"));
        assertThat(e.get(1)).contains("not a runbook file: " + dir.resolve("broken.yaml") + " is not valid YAML");
        assertThat(e.get(2)).startsWith("1:1: not a runbook file: " + dir.resolve("other-app.yaml"));
        assertThat(String.join("\n", e)).doesNotContain("hash-of-root", "daemon", "hunter2", "hunter3", "db_password",
                "password");
    }

    @Test
    void anIncludedRunbookPartStillGetsItsLocatedErrors() throws IOException {
        write("part.yaml", "checks:\n  d: { type: disk, path: /, warnign: 80% }\n");
        assertThat(errors(HEAD + "include: [part.yaml]\n"))
                .containsExactly("2:29: unknown key 'warnign' for check type disk (did you mean 'warning'?)");
    }

    @Test
    void aFourMegabyteScalarIsRefusedInLinearWork() throws IOException {
        Path f = write("runbook.yaml", HEAD + "vars:\n  a: " + "y".repeat(4_000_000) + "\n");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());
        long before = threads.getCurrentThreadAllocatedBytes();
        LoadResult r = new RunbookLoader(FakeTypes.registry(), Map.of(), Clock.systemUTC()).load(f);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(r.errors()).extracting(p -> p.line() + ":" + p.column() + ": " + p.message())
                .containsExactly("4:6: value is too long: 4000000 characters, expected at most 262144");
        // the file is 4 MB; SnakeYAML's quadratic look-ahead copied about 450 MB to refuse it
        assertThat(allocated).as("bytes allocated to refuse a 4 MB scalar").isLessThan(100L * 1024 * 1024);
    }

    @Test
    void aVeryLongLineIsRefusedBeforeParsing() throws IOException {
        List<String> e = errors(HEAD + "vars: [" + "1, ".repeat(400_000) + "1]\n");
        assertThat(e).singleElement().asString().isEqualTo("3:1: line is too long: 1200009 characters, expected at most 1048576");
    }

    @Test
    void aSecretIsRefusedInTitlesAndOtherShownText() throws IOException {
        List<String> e = errors(HEAD + """
                secrets: { p: "${env:P}" }
                checks:
                  d: { type: disk, path: /, title: "Disk ${secret:p}", tags: ["${secret:p}"] }
                procedures:
                  m:
                    title: "Morning ${secret:p}"
                    steps: [d, { manual: "call ${secret:p}" }]
                """);
        String msg = "${secret:p} cannot be used here: only a type's parameters (url, headers, password, …) and "
                + "contact addresses take secrets, never titles, ids, labels or other text that is shown";
        assertThat(e).containsExactlyInAnyOrder("5:36: " + msg, "5:63: " + msg, "8:12: " + msg, "9:26: " + msg);
        assertThat(String.join("\n", e)).doesNotContain("pw-value-42");
    }

    @Test
    void aSecretStillWorksInATypeParameter() throws IOException {
        Path f = write("runbook.yaml", HEAD + "secrets: { p: \"${env:P}\" }\nchecks:\n"
                + "  h: { type: http, url: \"${secret:p}\", title: Health }\n");
        assertThat(load(f).problems()).isEmpty();
    }

    @Test
    void runWrittenAsOneTextIsALocatedLoadError() throws IOException {
        List<String> e = errors(HEAD + """
                checks:
                  c: { type: command, run: "echo hi" }
                  ok: { type: command, run: [echo, hi] }
                actions:
                  a: { type: command, run: "echo hi" }
                  b: { type: command, run: [echo, hi] }
                """);
        assertThat(e).containsExactlyInAnyOrder(
                "4:28: check 'c': run: expected a list of the program and its arguments, e.g. run: [echo, hi]; "
                        + "to have a shell read a command line, write shell: \"…\"",
                "7:28: action 'a': run: expected a list of the program and its arguments, e.g. run: [echo, hi]; "
                        + "to have a shell read a command line, write shell: \"…\"");
    }

    @Test
    void anInfiniteOrAbsurdDurationIsALocatedLoadError() throws IOException {
        List<String> e = errors(HEAD + """
                checks:
                  a: { type: disk, path: /, timeout: 1e999 }
                  b: { type: disk, path: /, timeout: 1000000d }
                  c: { type: disk, path: /, for: 1e999s }
                  f: { type: file, path: /x, max_age: 1e999 }
                actions:
                  w: { type: command, run: [true], timeout: 1e999h }
                """);
        assertThat(e).containsExactlyInAnyOrder(
                "4:38: timeout: expected a finite duration, found '1e999'",
                "5:38: timeout: expected a duration of at most 36500d (100 years), found '1000000d'",
                "6:34: expected a count of runs (3) or a duration (10m) for 'for', found '1e999s'",
                "7:39: check type file: 'max_age': expected a duration such as 30s, 10m or 1.5h, found '1e999'",
                "9:45: timeout: expected a finite duration, found '1e999h'");
    }
}
