package dev.runbook.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * What each library module may reach (issue "A library, not a launcher": "a reports module renders reports from
 * query ports defined in core"). {@code runbook-reports} names no class outside runbook-core's packages and its
 * own in its main sources (imports, static imports and fully qualified names in code; comments do not
 * count), and its pom declares no project module but {@code runbook-core} outside test scope: the store and the
 * incidents are reached through core's ports ({@code HistoryQueries}, {@code IncidentQueries}, {@code NoteQueries},
 * {@code SentReports}), and the code that opens a store for a report lives in {@code runbook-runtime}.
 */
class ModuleBoundariesTest {
    private static final Pattern PACKAGE = Pattern.compile("^package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);
    private static final Pattern REFERENCE = Pattern.compile("\\b(dev\\.runbook(?:\\.[a-z]\\w*)+)\\.[A-Z]\\w*");
    private static final Pattern BLOCK_COMMENT = Pattern.compile("/\\*.*?\\*/", Pattern.DOTALL);
    private static final Pattern LINE_COMMENT = Pattern.compile("//[^\\n]*");

    private static Path root;

    @BeforeAll
    static void findRoot() {
        root = Path.of("").toAbsolutePath();
        while (root != null && !Files.exists(root.resolve("runbook-core"))) {
            root = root.getParent();
        }
        assertThat(root).as("the repository root (a folder holding runbook-core)").isNotNull();
    }

    @Test
    void reportsMainCodeNamesOnlyCoreAndItself() throws IOException {
        Set<String> allowed = new TreeSet<>(packages(root.resolve("runbook-core/src/main/java")));
        allowed.addAll(packages(root.resolve("runbook-reports/src/main/java")));
        Map<String, Set<String>> outside = references(root.resolve("runbook-reports/src/main/java"), allowed);
        assertThat(outside).as("classes of other modules named by runbook-reports' main sources, by file (read"
                + " them through core's query ports; open stores in runbook-runtime)").isEmpty();
    }

    @Test
    void reportsPomDeclaresOnlyCoreAtCompileScope() throws Exception {
        List<String> compile = compileScopeModules(root.resolve("runbook-reports/pom.xml"));
        assertThat(compile).as("project modules runbook-reports depends on outside test scope").containsExactly(
                "runbook-core");
    }

    /** The packages the sources under {@code sources} declare. */
    static Set<String> packages(Path sources) throws IOException {
        Set<String> out = new TreeSet<>();
        for (Path p : javaFiles(sources)) {
            Matcher pkg = PACKAGE.matcher(read(p));
            assertThat(pkg.find()).as("package declaration of %s", p).isTrue();
            out.add(pkg.group(1));
        }
        return out;
    }

    /** The packages of {@code dev.runbook} each source under {@code sources} names outside {@code allowed}, by file. */
    static Map<String, Set<String>> references(Path sources, Set<String> allowed) throws IOException {
        Map<String, Set<String>> out = new TreeMap<>();
        for (Path p : javaFiles(sources)) {
            String text = read(p);
            String code = LINE_COMMENT.matcher(BLOCK_COMMENT.matcher(text).replaceAll(" ")).replaceAll(" ");
            Matcher ref = REFERENCE.matcher(code);
            while (ref.find()) {
                String to = ref.group(1);
                if (!allowed.contains(to)) {
                    out.computeIfAbsent(root.relativize(p).toString(), k -> new TreeSet<>()).add(to);
                }
            }
        }
        return out;
    }

    /** The {@code dev.runbook} artifacts a pom declares as dependencies outside test scope, in order. */
    static List<String> compileScopeModules(Path pom) throws Exception {
        Element project = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile())
                .getDocumentElement();
        List<String> out = new ArrayList<>();
        NodeList deps = project.getElementsByTagName("dependency");
        for (int i = 0; i < deps.getLength(); i++) {
            Element d = (Element) deps.item(i);
            if (!(d.getParentNode() instanceof Element parent) || !parent.getTagName().equals("dependencies")
                    || parent.getParentNode() != project) {
                continue; // dependencyManagement and plugin dependencies declare nothing the module compiles against
            }
            String scope = text(d, "scope");
            if ("dev.runbook".equals(text(d, "groupId")) && !"test".equals(scope)) {
                out.add(text(d, "artifactId"));
            }
        }
        return out;
    }

    private static List<Path> javaFiles(Path sources) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(sources)) {
            files = walk.filter(p -> p.toString().endsWith(".java")).sorted().collect(Collectors.toList());
        }
        assertThat(files).as("sources under %s", sources).hasSizeGreaterThan(10);
        return files;
    }

    private static String text(Element e, String tag) {
        NodeList n = e.getElementsByTagName(tag);
        return n.getLength() == 0 ? null : n.item(0).getTextContent().trim();
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
