package dev.runbook.checks.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.core.spi.ActionType;
import dev.runbook.core.spi.CheckType;
import dev.runbook.core.spi.TypeRegistry;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RegistrationTest {

    private final TypeRegistry registry = TypeRegistry.load(RegistrationTest.class.getClassLoader());

    @Test
    void serviceLoaderFindsEveryCheckAndActionTypeOfThisHalf() {
        assertThat(registry.checkTypes()).containsKeys("cpu", "memory", "load", "disk", "diskio", "process", "port",
                "systemd", "command");
        assertThat(registry.actionTypes()).containsKeys("command", "systemd", "wait", "delete-old-files");
    }

    @Test
    void parameterRecordsUseTheSpecsKeysInCamelCase() {
        assertThat(components(registry.checkType("load").orElseThrow())).containsExactly("window", "perCpu");
        assertThat(components(registry.checkType("process").orElseThrow())).containsExactly("match", "command", "min", "max");
        assertThat(components(registry.checkType("port").orElseThrow())).containsExactly("port", "host", "mode");
        assertThat(components(registry.actionType("delete-old-files").orElseThrow()))
                .containsExactly("path", "olderThan", "glob", "entries", "keepNewest", "maxDelete");
        assertThat(components(registry.actionType("command").orElseThrow()))
                .containsExactly("run", "shell", "env", "cwd", "capture");
    }

    private static List<String> components(Object type) {
        Class<?> p = type instanceof CheckType<?> c ? c.parameterType() : ((ActionType<?>) type).parameterType();
        return Arrays.stream(p.getRecordComponents()).map(RecordComponent::getName).toList();
    }
}
