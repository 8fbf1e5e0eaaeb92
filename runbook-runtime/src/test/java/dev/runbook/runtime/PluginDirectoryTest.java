package dev.runbook.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginDirectoryTest {
    @TempDir
    Path dir;

    @Test
    void seesTheJarsInNameOrderOnTopOfTheBase() throws Exception {
        Files.write(dir.resolve("b.jar"), new byte[0]);
        Files.write(dir.resolve("a.jar"), new byte[0]);
        Files.writeString(dir.resolve("notes.txt"), "not a jar");
        ClassLoader base = getClass().getClassLoader();

        URLClassLoader loader = (URLClassLoader) PluginDirectory.loader(dir, base);

        assertThat(loader.getParent()).isSameAs(base);
        assertThat(loader.getURLs()).extracting(u -> Path.of(u.toURI()).getFileName().toString())
                .containsExactly("a.jar", "b.jar");
    }

    @Test
    void aPathThatIsNotADirectoryIsNamed() throws Exception {
        Path file = Files.writeString(dir.resolve("x.jar"), "");
        assertThatThrownBy(() -> PluginDirectory.loader(file, getClass().getClassLoader()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--plugins " + file + ": not a directory (give the directory that holds the plugin jars)");
    }
}
