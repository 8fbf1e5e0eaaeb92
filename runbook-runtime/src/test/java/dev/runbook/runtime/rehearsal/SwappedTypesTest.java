package dev.runbook.runtime.rehearsal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.core.Check;
import dev.runbook.core.CheckResult;
import dev.runbook.core.MetricSpec;
import dev.runbook.core.ReportPlace;
import dev.runbook.core.action.Action;
import dev.runbook.core.action.ActionResult;
import dev.runbook.core.escalation.Notifier;
import dev.runbook.core.quantity.Unit;
import dev.runbook.core.spi.ActionType;
import dev.runbook.core.spi.CheckType;
import dev.runbook.core.spi.TypeContext;
import dev.runbook.core.spi.TypeRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * A rehearsal's types answer every question as the real types do (name, parameters, metrics, reads, references,
 * report places…) and only their effects are swapped: a runbook is loaded, judged and reported on exactly as in a
 * real run. Before, a hand-written copy of each SPI forgot the report places, so a plugin's figures vanished from
 * the reports a rehearsal renders.
 */
class SwappedTypesTest {
    record Params(String path) {
    }

    /** A plugin check type answering every optional question of the SPI with something of its own. */
    static final CheckType<Params> QUEUE = new CheckType<>() {
        @Override
        public String name() {
            return "queue-depth";
        }

        @Override
        public Class<Params> parameterType() {
            return Params.class;
        }

        @Override
        public String description() {
            return "messages waiting in a queue";
        }

        @Override
        public List<MetricSpec> metrics(Params p) {
            return List.of(MetricSpec.higherIsWorse("depth", Unit.COUNT));
        }

        @Override
        public Check create(Params p, TypeContext ctx) {
            return c -> CheckResult.critical("the real probe ran");
        }

        @Override
        public List<String> reads(Params p) {
            return List.of(p.path());
        }

        @Override
        public List<String> references(Params p) {
            return List.of("other.depth");
        }

        @Override
        public boolean dynamicMetrics() {
            return true;
        }

        @Override
        public List<ReportPlace> reportPlaces(Params p) {
            return List.of(new ReportPlace("resources", "level", "depth", "Queue depth"));
        }
    };

    static final ActionType<Params> PURGE = new ActionType<>() {
        @Override
        public String name() {
            return "purge";
        }

        @Override
        public Class<Params> parameterType() {
            return Params.class;
        }

        @Override
        public Action create(Params p, TypeContext ctx) {
            return ctx2 -> ActionResult.done("really purged");
        }
    };

    @Test
    @SuppressWarnings("unchecked")
    void everyQuestionIsAnsweredByTheRealTypeAndOnlyTheEffectIsSwapped() throws Exception {
        List<String> swappedCalls = new ArrayList<>();
        Check fake = c -> CheckResult.ok("swapped probe");
        SwappedTypes.Swaps swaps = new SwappedTypes.Swaps() {
            @Override
            public Check check(Supplier<Check> real) {
                swappedCalls.add("check");
                return fake;
            }

            @Override
            public Action action(String type, Supplier<Action> real) {
                swappedCalls.add("action " + type);
                return real.get();
            }

            @Override
            public Notifier notifier(Supplier<Notifier> real) {
                return real.get();
            }
        };
        TypeRegistry swapped = SwappedTypes.of(TypeRegistry.builder().check(QUEUE).action(PURGE).build(), swaps);
        CheckType<Params> q = (CheckType<Params>) swapped.checkTypes().get("queue-depth");
        Params p = new Params("/var/spool/q");

        assertThat(q.name()).isEqualTo("queue-depth");
        assertThat(q.parameterType()).isEqualTo(Params.class);
        assertThat(q.description()).isEqualTo("messages waiting in a queue");
        assertThat(q.metrics(p)).isEqualTo(QUEUE.metrics(p));
        assertThat(q.reads(p)).containsExactly("/var/spool/q");
        assertThat(q.references(p)).containsExactly("other.depth");
        assertThat(q.dynamicMetrics()).isTrue();
        assertThat(q.reportPlaces(p)).as("a plugin's report places survive the swap").isEqualTo(QUEUE.reportPlaces(p));
        assertThat(q.create(p, null)).isSameAs(fake);

        ActionType<Params> a = (ActionType<Params>) swapped.actionTypes().get("purge");
        assertThat(a.name()).isEqualTo("purge");
        assertThat(a.create(p, null).execute(null).message()).isEqualTo("really purged");
        assertThat(swappedCalls).containsExactly("check", "action purge");
        assertThat(q).isEqualTo(q).isNotEqualTo(QUEUE);
        assertThat(q.toString()).startsWith("swapped ");
    }
}
