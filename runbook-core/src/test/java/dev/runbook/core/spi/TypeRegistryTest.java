package dev.runbook.core.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runbook.core.Check;
import dev.runbook.core.CheckResult;
import dev.runbook.core.MetricSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

public class TypeRegistryTest {
    public record NoParams() {
    }

    public static class QueueDepth implements CheckType<NoParams> {
        @Override
        public String name() {
            return "queue-depth";
        }

        @Override
        public Class<NoParams> parameterType() {
            return NoParams.class;
        }

        @Override
        public List<MetricSpec> metrics(NoParams p) {
            return List.of();
        }

        @Override
        public Check create(NoParams p, TypeContext c) {
            return ctx -> CheckResult.ok("");
        }
    }

    static class OtherQueueDepth extends QueueDepth {
    }

    static class BadName extends QueueDepth {
        @Override
        public String name() {
            return "Queue Depth";
        }
    }

    @Test
    void aDuplicateNameIsOneClearError() {
        assertThatThrownBy(() -> TypeRegistry.builder().check(new QueueDepth()).check(new OtherQueueDepth()))
                .isInstanceOf(TypeRegistry.TypeRegistryException.class)
                .hasMessageContaining("check type 'queue-depth' is provided twice")
                .hasMessageContaining(QueueDepth.class.getName())
                .hasMessageContaining(OtherQueueDepth.class.getName());
    }

    @Test
    void anInvalidNameIsRefused() {
        assertThatThrownBy(() -> TypeRegistry.builder().check(new BadName()))
                .hasMessageContaining("invalid name 'Queue Depth'");
    }

    @Test
    void findsRegisteredTypesByName() {
        TypeRegistry r = TypeRegistry.builder().check(new QueueDepth()).build();
        assertThat(r.checkType("queue-depth")).isPresent();
        assertThat(r.checkType("disk")).isEmpty();
    }

    @Test
    void discoversTypesThroughServiceLoader() {
        // src/test/resources registers QueueDepth
        assertThat(TypeRegistry.load().checkType("queue-depth")).isPresent();
    }
}
