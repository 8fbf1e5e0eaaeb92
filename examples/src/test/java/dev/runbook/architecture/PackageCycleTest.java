package dev.runbook.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * No package cycle anywhere in the main sources of every module (issue "A library, not a launcher"). A package
 * depends on another when one of its files names a class of it: an import, a static import, or a fully qualified
 * name in code (comments do not count). The graph's strongly connected components must all be single packages; a
 * failure names each cycle and, for each edge of it, a file that makes it.
 */
class PackageCycleTest {
    private static final Pattern PACKAGE = Pattern.compile("^package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);
    private static final Pattern REFERENCE = Pattern.compile("\\b(dev\\.runbook(?:\\.[a-z]\\w*)+)\\.[A-Z]\\w*");
    private static final Pattern BLOCK_COMMENT = Pattern.compile("/\\*.*?\\*/", Pattern.DOTALL);
    private static final Pattern LINE_COMMENT = Pattern.compile("//[^\\n]*");

    /** package → package it names → one file that names it. */
    private static final Map<String, Map<String, String>> EDGES = new TreeMap<>();

    @BeforeAll
    static void readSources() throws IOException {
        Path root = Path.of("").toAbsolutePath();
        while (root != null && !Files.exists(root.resolve("runbook-core"))) {
            root = root.getParent();
        }
        assertThat(root).as("the repository root (a folder holding runbook-core)").isNotNull();
        Path top = root;
        List<Path> sources;
        try (Stream<Path> walk = Files.walk(top)) {
            sources = walk.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> top.relativize(p).toString().contains("src/main/java/"))
                    .filter(p -> !top.relativize(p).toString().contains("/target/"))
                    .sorted().collect(Collectors.toList());
        }
        assertThat(sources).as("main sources found under %s", top).hasSizeGreaterThan(100);
        for (Path p : sources) {
            String text = read(p);
            Matcher pkg = PACKAGE.matcher(text);
            if (!pkg.find()) {
                continue;
            }
            String from = pkg.group(1);
            Map<String, String> out = EDGES.computeIfAbsent(from, k -> new TreeMap<>());
            String code = LINE_COMMENT.matcher(BLOCK_COMMENT.matcher(text).replaceAll(" ")).replaceAll(" ");
            Matcher ref = REFERENCE.matcher(code);
            while (ref.find()) {
                String to = ref.group(1);
                if (!to.equals(from)) {
                    out.putIfAbsent(to, top.relativize(p).toString());
                }
            }
        }
    }

    @Test
    void noPackageDependsOnItselfThroughOthers() {
        List<String> cycles = new ArrayList<>();
        for (Set<String> component : components()) {
            if (component.size() > 1) {
                StringBuilder b = new StringBuilder(String.join(" <-> ", component)).append(':');
                for (String from : component) {
                    EDGES.getOrDefault(from, Map.of()).forEach((to, file) -> {
                        if (component.contains(to)) {
                            b.append("\n    ").append(from).append(" -> ").append(to).append(" (").append(file)
                                    .append(')');
                        }
                    });
                }
                cycles.add(b.toString());
            }
        }
        assertThat(cycles).as("package cycles").isEmpty();
    }

    @Test
    void theGraphIsReadFromTheSources() {
        // a guard against a reader that finds nothing: the engine names the model, the runtime names the engine
        assertThat(EDGES.get("dev.runbook.core.engine")).containsKey("dev.runbook.core.model");
        assertThat(EDGES.get("dev.runbook.runtime")).containsKey("dev.runbook.core.engine");
    }

    /** Tarjan's strongly connected components, iterative so a long chain cannot overflow the stack. */
    private static List<Set<String>> components() {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new HashSet<>();
        List<Set<String>> out = new ArrayList<>();
        int[] counter = {0};
        for (String start : EDGES.keySet()) {
            if (index.containsKey(start)) {
                continue;
            }
            Deque<Object[]> work = new ArrayDeque<>();
            work.push(new Object[] {start, new ArrayList<>(EDGES.get(start).keySet()).iterator()});
            index.put(start, counter[0]);
            low.put(start, counter[0]++);
            stack.push(start);
            onStack.add(start);
            while (!work.isEmpty()) {
                Object[] frame = work.peek();
                String v = (String) frame[0];
                @SuppressWarnings("unchecked")
                java.util.Iterator<String> it = (java.util.Iterator<String>) frame[1];
                if (it.hasNext()) {
                    String w = it.next();
                    if (!EDGES.containsKey(w)) {
                        continue; // a package outside the main sources
                    }
                    if (!index.containsKey(w)) {
                        index.put(w, counter[0]);
                        low.put(w, counter[0]++);
                        stack.push(w);
                        onStack.add(w);
                        work.push(new Object[] {w, new ArrayList<>(EDGES.get(w).keySet()).iterator()});
                    } else if (onStack.contains(w)) {
                        low.put(v, Math.min(low.get(v), index.get(w)));
                    }
                } else {
                    work.pop();
                    if (!work.isEmpty()) {
                        String parent = (String) work.peek()[0];
                        low.put(parent, Math.min(low.get(parent), low.get(v)));
                    }
                    if (low.get(v).equals(index.get(v))) {
                        Set<String> component = new TreeSet<>();
                        String w;
                        do {
                            w = stack.pop();
                            onStack.remove(w);
                            component.add(w);
                        } while (!w.equals(v));
                        out.add(component);
                    }
                }
            }
        }
        return out;
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
