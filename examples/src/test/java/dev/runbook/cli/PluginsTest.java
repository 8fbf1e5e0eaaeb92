package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.core.CheckResult;
import dev.runbook.core.MetricSpec;
import dev.runbook.core.Check;
import dev.runbook.core.spi.CheckType;
import dev.runbook.core.spi.TypeContext;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --plugins DIR}: the types registered in the jars of DIR join the built-ins. */
class PluginsTest {
    /** A check type registered only through the jar this test writes. */
    public static final class EchoType implements CheckType<EchoType.Params> {
        /** No parameters. */
        public record Params() {
        }

        @Override
        public String name() {
            return "echo-plugin";
        }

        @Override
        public Class<Params> parameterType() {
            return Params.class;
        }

        @Override
        public List<MetricSpec> metrics(Params p) {
            return List.of();
        }

        @Override
        public Check create(Params p, TypeContext c) {
            return ctx -> CheckResult.ok("echo");
        }
    }

    private static final class Probe extends Verb {
        @Override
        public Integer call() {
            return 0;
        }
    }

    @Test
    void pluginsDirectoryAddsTheTypesOfItsJars(@TempDir Path dir) throws Exception {
        Path jar = dir.resolve("team-checks.jar");
        try (OutputStream os = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(os)) {
            j.putNextEntry(new JarEntry("META-INF/services/dev.runbook.core.spi.CheckType"));
            j.write((EchoType.class.getName() + "\n").getBytes(StandardCharsets.UTF_8));
            j.closeEntry();
        }
        Files.writeString(dir.resolve("README.txt"), "not a jar: ignored");
        Probe without = new Probe();
        assertThat(without.registry().checkType("echo-plugin")).isEmpty();
        Probe with = new Probe();
        with.local.plugins = dir;
        assertThat(with.registry().checkType("echo-plugin")).isPresent();
    }
}
