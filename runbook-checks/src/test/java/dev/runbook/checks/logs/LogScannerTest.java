package dev.runbook.checks.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogScannerTest {
    @TempDir
    Path dir;

    private List<String> lines(LogScanner s, Path f, long from, LiteralPrefilter p, boolean tail, long[] end) throws Exception {
        List<String> out = new ArrayList<>();
        end[0] = s.scan(f, from, p, tail, (b, st, e) -> out.add(new String(b, st, e - st, StandardCharsets.UTF_8)));
        return out;
    }

    @Test
    void growsItsBufferForLongLinesAndCapsAbsurdOnes() throws Exception {
        Path f = dir.resolve("a.log");
        String longLine = "x".repeat(50) + " ERROR long";
        String absurd = "ERROR " + "y".repeat(300);
        Files.writeString(f, longLine + "\n" + absurd + "\nERROR short\nINFO\n");
        long[] end = {0};
        List<String> got = lines(new LogScanner(16, 128), f, 0, LiteralPrefilter.of("ERROR"), false, end);
        assertThat(got).hasSize(3);
        assertThat(got.get(0)).isEqualTo(longLine);
        assertThat(got.get(1)).hasSize(128).startsWith("ERROR y");
        assertThat(got.get(2)).isEqualTo("ERROR short");
        assertThat(end[0]).isEqualTo(Files.size(f));
    }

    @Test
    void resumesFromAnOffsetAndLeavesAnUnfinishedTail() throws Exception {
        Path f = dir.resolve("b.log");
        Files.writeString(f, "one\ntwo\nthr");
        long[] end = {0};
        assertThat(lines(new LogScanner(4), f, 0, null, false, end)).containsExactly("one", "two");
        assertThat(end[0]).isEqualTo(8);
        assertThat(lines(new LogScanner(4), f, 4, null, true, end)).containsExactly("two", "thr");
        assertThat(end[0]).isEqualTo(11);
    }
}
