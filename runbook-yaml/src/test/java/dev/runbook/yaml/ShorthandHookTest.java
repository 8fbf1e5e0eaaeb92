package dev.runbook.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.core.Check;
import dev.runbook.core.CheckResult;
import dev.runbook.core.MetricSpec;
import dev.runbook.core.quantity.Unit;
import dev.runbook.core.spi.CheckType;
import dev.runbook.core.spi.TypeContext;
import dev.runbook.core.spi.TypeRegistry;
import dev.runbook.core.spi.WrittenParameters;
import dev.runbook.core.threshold.MetricThresholds;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A plugin type's shorthands go through the same hook as the built-ins' and are located like any loader error. */
class ShorthandHookTest {
    /** A plugin: {@code max_depth: 100} stands for {@code critical: "> 100"} on {@code depth}. */
    static final class QueueType implements CheckType<QueueType.Params> {
        record Params(String url, String maxDepth, String mode) {
        }

        public String name() {
            return "queue";
        }

        public Class<Params> parameterType() {
            return Params.class;
        }

        public List<MetricSpec> metrics(Params p) {
            return List.of(MetricSpec.higherIsWorse("depth", Unit.COUNT), MetricSpec.higherIsWorse("age", Unit.SECONDS));
        }

        public Check create(Params p, TypeContext ctx) {
            return c -> CheckResult.ok("fine");
        }

        @Override
        public void shorthands(WrittenParameters written) {
            written.text("max_depth").ifPresent(v -> written.threshold("max_depth", "depth", null, "> " + v));
            if (written.text("mode").filter("fifo"::equals).isPresent() && written.has("max_depth")) {
                written.error("mode", "mode fifo cannot take max_depth");
            }
            if (written.text("mode").filter("boom"::equals).isPresent()) {
                throw new IllegalStateException("hook bug");
            }
        }
    }

    @TempDir
    Path dir;

    LoadResult load(String yaml) throws IOException {
        Path f = dir.resolve("runbook.yaml");
        Files.writeString(f, "runbook: demo\nversion: 1\n" + yaml);
        TypeRegistry registry = TypeRegistry.builder().check(new QueueType()).build();
        return new RunbookLoader(registry, Map.of(), Clock.systemUTC()).load(f);
    }

    static List<String> errors(LoadResult r) {
        return r.errors().stream().map(p -> p.line() + ":" + p.column() + ": " + p.message()).toList();
    }

    @Test
    void aPluginShorthandBecomesACriticalThreshold() throws IOException {
        LoadResult r = load("checks:\n  q: { type: queue, url: x, max_depth: 100 }\n");
        assertThat(r.problems()).isEmpty();
        MetricThresholds t = r.runbook().check("q").thresholds().get("depth");
        assertThat(t.warning()).isNull();
        assertThat(t.critical().alerts(101)).isTrue();
        assertThat(t.critical().alerts(100)).isFalse();
    }

    @Test
    void thresholdsWrittenOnTheCheckWinOverTheShorthand() throws IOException {
        LoadResult r = load("checks:\n  q: { type: queue, url: x, max_depth: 100, warning: 10, critical: 50 }\n");
        assertThat(r.problems()).isEmpty();
        MetricThresholds t = r.runbook().check("q").thresholds().get("depth");
        assertThat(t.critical().alerts(60)).isTrue();
        assertThat(t.warning().alerts(20)).isTrue();
    }

    @Test
    void aShorthandThatDoesNotParseIsLocatedAtItsKey() throws IOException {
        LoadResult r = load("checks:\n  q: { type: queue, url: x, max_depth: 5s }\n");
        assertThat(errors(r)).hasSize(1).allMatch(e -> e.startsWith("4:40: check 'q': max_depth: "));
    }

    @Test
    void aPluginRefusalIsLocatedAtTheKeyItNames() throws IOException {
        LoadResult r = load("checks:\n  q: { type: queue, url: x, max_depth: 1, mode: fifo }\n");
        assertThat(errors(r)).containsExactly("4:49: check 'q': mode fifo cannot take max_depth");
    }

    @Test
    void aHookThatThrowsIsALocatedProblemNotAnInternalError() throws IOException {
        LoadResult r = load("checks:\n  q: { type: queue, url: x, mode: boom }\n");
        assertThat(errors(r)).containsExactly(
                "4:14: check 'q': type queue failed: java.lang.IllegalStateException: hook bug");
    }
}
