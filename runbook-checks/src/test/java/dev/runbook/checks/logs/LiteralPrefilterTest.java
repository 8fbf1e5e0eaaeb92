package dev.runbook.checks.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class LiteralPrefilterTest {

    private static String lit(String regex) {
        LiteralPrefilter p = LiteralPrefilter.of(regex);
        return p == null ? null : new String(p.bytes(), StandardCharsets.UTF_8) + (p.isWholePattern() ? "|whole" : "");
    }

    @Test
    void derivesWholeLiteralsAndPrefixes() {
        assertThat(lit("Task created")).isEqualTo("Task created|whole");
        assertThat(lit("\\[error\\]")).isEqualTo("[error]|whole");
        assertThat(lit("Error: (.*)")).isEqualTo("Error: ");
        assertThat(lit("^Error: \\w+")).isEqualTo("Error: ");
        assertThat(lit("colou?r")).isEqualTo("colo");
        assertThat(lit("ab+c")).isEqualTo("ab");
        assertThat(lit("a|b")).isNull();
        assertThat(lit("(?i)error")).isNull();
        assertThat(lit("\\d+ ms")).isNull();
        assertThat(lit(".*x")).isNull();
    }

    @Test
    void findsEveryOccurrenceAtEveryAlignmentLikeStringIndexOf() {
        String needle = "needle";
        LiteralPrefilter p = LiteralPrefilter.of(needle);
        for (int pad = 0; pad < 120; pad++) {
            String hay = "n".repeat(pad) + "needl" + "x".repeat(pad % 9) + needle + "tail";
            byte[] b = hay.getBytes(StandardCharsets.US_ASCII);
            assertThat(p.indexOf(b, 0, b.length)).as("pad %d", pad).isEqualTo(hay.indexOf(needle));
            assertThat(p.indexOf(b, 0, hay.indexOf(needle) + needle.length() - 1)).isEqualTo(-1);
        }
    }

    @Test
    void agreesWithTheRegexOnRandomText() {
        java.util.Random r = new java.util.Random(42);
        LiteralPrefilter p = LiteralPrefilter.of("ERROR");
        Pattern re = Pattern.compile("ERROR");
        for (int i = 0; i < 2000; i++) {
            StringBuilder s = new StringBuilder();
            int n = r.nextInt(300);
            for (int k = 0; k < n; k++) {
                s.append("EROR ".charAt(r.nextInt(5)));
            }
            byte[] b = s.toString().getBytes(StandardCharsets.US_ASCII);
            assertThat(p.containedIn(b, 0, b.length)).isEqualTo(re.matcher(s).find());
        }
    }

    @Test
    void agreesWithStringIndexOfForShortAndLongLiteralsOnRandomText() {
        java.util.Random r = new java.util.Random(1);
        String[] literals = {"E", "R:", "Error: OpenAI timeout", "aa", "ab", "zzzzzzzzzzzzzzzzzzzz"};
        String alphabet = "Error: OpenAI timeoutabz ";
        for (String lit : literals) {
            LiteralPrefilter p = LiteralPrefilter.of(lit);
            for (int i = 0; i < 3000; i++) {
                StringBuilder s = new StringBuilder();
                int n = r.nextInt(400);
                for (int k = 0; k < n; k++) {
                    s.append(alphabet.charAt(r.nextInt(alphabet.length())));
                }
                if (r.nextInt(4) == 0 && n > 0) {
                    s.insert(r.nextInt(n), lit);
                }
                byte[] b = s.toString().getBytes(StandardCharsets.US_ASCII);
                int from = b.length == 0 ? 0 : r.nextInt(b.length);
                int expected = s.indexOf(lit, from);
                assertThat(p.indexOf(b, from, b.length)).as("%s in %s from %d", lit, s, from).isEqualTo(expected);
            }
        }
    }
}
