package dev.runbook.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random and mutated YAML: the loader gives a model or located problems, never an exception, a stack overflow
 * or a hang (each try is bounded by a timeout).
 */
class LoaderPropertiesTest {
    static final String SEED;

    static {
        try {
            SEED = Files.readString(ExamplesTest.EXAMPLES.resolve("ai-estimator/runbook.yaml"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static LoadResult loadText(String text) {
        try {
            Path d = Files.createTempDirectory("rb-prop");
            Path f = d.resolve("runbook.yaml");
            Files.writeString(f, text);
            Files.copy(ExamplesTest.EXAMPLES.resolve("ai-estimator/escalation.yaml"), d.resolve("escalation.yaml"));
            try {
                return assertTimeoutPreemptively(Duration.ofSeconds(10),
                        () -> new RunbookLoader(SpecTypes.registry(), Map.of(), Clock.systemUTC()).load(f));
            } finally {
                Files.deleteIfExists(d.resolve("escalation.yaml"));
                Files.deleteIfExists(f);
                Files.deleteIfExists(d);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void assertModelOrLocatedProblems(LoadResult r) {
        if (r.isValid()) {
            assertThat(r.runbook()).isNotNull();
        } else {
            assertThat(r.errors()).isNotEmpty();
            assertThat(r.errors()).allSatisfy(p -> {
                assertThat(p.file()).isNotNull();
                assertThat(p.message()).isNotBlank().doesNotContain("internal error");
            });
        }
    }

    @Property(tries = 200)
    void randomTextGivesAModelOrLocatedProblems(@ForAll("yamlish") String text) {
        assertModelOrLocatedProblems(loadText(text));
    }

    @Property(tries = 150)
    void mutatedSeedRunbookGivesAModelOrLocatedProblems(@ForAll("mutations") String text) {
        assertModelOrLocatedProblems(loadText(text));
    }

    @Provide
    Arbitrary<String> yamlish() {
        Arbitrary<Character> chars = Arbitraries.of(':', ' ', '\n', '-', '[', ']', '{', '}', '&', '*', '!', '"', '\'', '#',
                '$', '<', '|', '>', 'a', 'b', 'x', '1', '%', '.', ',', '\t', '?', '@', '`');
        Arbitrary<String> noise = chars.list().ofMaxSize(300).map(l -> {
            StringBuilder sb = new StringBuilder();
            l.forEach(sb::append);
            return sb.toString();
        });
        return Arbitraries.oneOf(noise, noise.map(s -> "runbook: x\nversion: 1\n" + s), Arbitraries.strings().ofMaxLength(200));
    }

    @Provide
    Arbitrary<String> mutations() {
        Arbitrary<Integer> pos = Arbitraries.integers().between(0, SEED.length() - 1);
        Arbitrary<String> piece = Arbitraries.of(":", " ", "\n", "- ", "[", "]", "{", "}", "&a ", "*a", "<<: ", "${",
                "${env:X}", "${secret:nope}", "\t", "\"", "'", "  ", "x", "9", "type: ", "P9", "99999999999999999999");
        Arbitrary<String> insert = Combinators.combine(pos, piece).as((p, s) -> SEED.substring(0, p) + s + SEED.substring(p));
        Arbitrary<String> delete = Combinators.combine(pos, Arbitraries.integers().between(1, 40))
                .as((p, n) -> SEED.substring(0, p) + SEED.substring(Math.min(SEED.length(), p + n)));
        Arbitrary<String> truncate = pos.map(p -> SEED.substring(0, p));
        Arbitrary<String> swapLines = Combinators.combine(pos, pos).as((a, b) -> {
            String[] lines = SEED.split("\n", -1);
            int i = a % lines.length;
            int j = b % lines.length;
            String t = lines[i];
            lines[i] = lines[j];
            lines[j] = t;
            return String.join("\n", lines);
        });
        return Arbitraries.oneOf(insert, delete, truncate, swapLines);
    }

    @Property(tries = 300)
    void anySubstitutionTextGivesAModelOrLocatedProblems(@ForAll("substitutions") String value) {
        String yaml = "runbook: x\nversion: 1\nvars: { v: a }\nsecrets: { s: \"${env:NOPE}\" }\nchecks:\n"
                + "  h: { type: http, url: " + quoted(value) + ", title: " + quoted(value) + " }\n";
        assertModelOrLocatedProblems(loadText(yaml));
    }

    static String quoted(String v) {
        return "\"" + v.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    @Provide
    Arbitrary<String> substitutions() {
        Arbitrary<String> tokens = Arbitraries.of("$", "{", "}", "${", "$${", "env:", "secret:", "captured.", ":-", "v", "s",
                "NOPE", "HOME", "x", " ", "\\", "\"");
        return tokens.list().ofMaxSize(12).map(l -> String.join("", l));
    }
}
