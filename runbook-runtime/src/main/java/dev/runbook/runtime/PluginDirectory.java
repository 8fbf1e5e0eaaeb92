package dev.runbook.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A directory of plugin jars (check, action and notifier types) and the class loader that sees them, on top of
 * the embedder's own. Stateless; reads the directory listing once per call.
 */
public final class PluginDirectory {
    private PluginDirectory() {
    }

    /**
     * A class loader over every {@code *.jar} directly in {@code dir} (in name order), parent {@code base}.
     *
     * @throws IllegalArgumentException when {@code dir} is not a directory, naming it
     * @throws UncheckedIOException when it cannot be listed
     */
    public static ClassLoader loader(Path dir, ClassLoader base) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("--plugins " + dir
                    + ": not a directory (give the directory that holds the plugin jars)");
        }
        List<URL> jars = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : (Iterable<Path>) s.sorted()::iterator) {
                if (p.getFileName().toString().endsWith(".jar")) {
                    jars.add(p.toUri().toURL());
                }
            }
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list --plugins " + dir + ": " + e.getMessage(), e);
        }
        return new URLClassLoader("runbook-plugins", jars.toArray(new URL[0]), base);
    }
}
