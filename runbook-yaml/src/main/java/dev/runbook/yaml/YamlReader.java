package dev.runbook.yaml;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.runbook.yaml.YNode.Entry;
import dev.runbook.yaml.YNode.YMap;
import dev.runbook.yaml.YNode.YScalar;
import dev.runbook.yaml.YNode.YSeq;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * Reads one YAML file into a {@link YNode} tree that keeps every node's location. Iterative (no recursion), so
 * deep nesting gives a located error, never a {@link StackOverflowError}. Refuses anchors, aliases, merge keys,
 * duplicate keys and several documents. Thread-safe (a factory per instance, parsers per call).
 */
final class YamlReader {
    /** The largest file accepted. */
    static final long MAX_FILE_BYTES = 4L * 1024 * 1024;
    /** The deepest nesting of mappings and lists accepted. */
    static final int MAX_DEPTH = 64;
    /** The longest scalar accepted, in characters. */
    static final int MAX_SCALAR = 256 * 1024;
    /** The longest line accepted, in characters: the YAML scanner's cost grows with the square of a line. */
    static final int MAX_LINE = 1024 * 1024;
    /** The most nodes accepted in one file. */
    static final int MAX_NODES = 200_000;

    private final YAMLFactory factory;

    YamlReader() {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit((int) MAX_FILE_BYTES + 1024);
        options.setAllowDuplicateKeys(true); // we report duplicates ourselves, with both locations
        options.setNestingDepthLimit(MAX_DEPTH * 2);
        factory = YAMLFactory.builder().loaderOptions(options)
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_DEPTH * 2).maxStringLength(MAX_SCALAR * 4).build())
                .build();
    }

    /** Reads a file; returns null (with problems added) if it cannot be read or parsed. */
    YNode read(Path file, Problems problems) {
        return read(file, problems, false);
    }

    /**
     * Reads a file; returns null (with problems added) if it cannot be read or parsed. The file must be a regular
     * file (a link to one is followed); anything else (a FIFO, a device, a directory) is refused before it is
     * opened, and at most {@link #MAX_FILE_BYTES} are read whatever the file claims its size is. For an
     * {@code included} file, problems never show its content: a file that is not valid YAML is "not a runbook file".
     */
    YNode read(Path file, Problems problems, boolean included) {
        String text;
        try {
            java.nio.file.attribute.BasicFileAttributes attrs =
                    Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class);
            if (!attrs.isRegularFile()) {
                problems.error(file, 0, 0, "not a regular file: " + file + " is " + kindOf(attrs)
                        + "; expected a runbook file");
                return null;
            }
            if (attrs.size() > MAX_FILE_BYTES) {
                problems.error(file, 1, 1, "file is too large: " + attrs.size() + " bytes, expected at most "
                        + MAX_FILE_BYTES + " bytes (4 MiB); split it with include:");
                return null;
            }
            byte[] bytes;
            try (java.io.InputStream in = Files.newInputStream(file)) {
                bytes = in.readNBytes((int) MAX_FILE_BYTES + 1); // never more, whatever the size said
            }
            if (bytes.length > MAX_FILE_BYTES) {
                problems.error(file, 1, 1, "file is too large: more than " + MAX_FILE_BYTES
                        + " bytes, expected at most " + MAX_FILE_BYTES + " bytes (4 MiB); split it with include:");
                return null;
            }
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            problems.error(file, 1, 1, "expected UTF-8 text, found bytes that are not UTF-8");
            return null;
        } catch (IOException e) {
            problems.error(file, 0, 0, "cannot read the file: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()));
            return null;
        }
        return parse(file, text, problems, included);
    }

    private static String kindOf(java.nio.file.attribute.BasicFileAttributes attrs) {
        if (attrs.isDirectory()) {
            return "a directory";
        }
        if (attrs.isOther()) {
            return "a device, FIFO or socket";
        }
        return "not a regular file";
    }

    /** Parses text as if it came from {@code file}; returns null (with problems added) on a fatal problem. */
    YNode parse(Path file, String text, Problems problems) {
        return parse(file, text, problems, false);
    }

    private YNode parse(Path file, String text, Problems problems, boolean included) {
        if (text.length() > MAX_FILE_BYTES) {
            problems.error(file, 1, 1, "file is too large: expected at most " + MAX_FILE_BYTES + " bytes (4 MiB)");
            return null;
        }
        if (!LongRuns.accept(file, text, MAX_SCALAR, MAX_LINE, problems)) {
            return null;
        }
        Problems seen = included ? new Problems() : problems;
        YNode root = parseChecked(file, text, seen);
        if (included) {
            for (Problem p : seen.all()) {
                // the file may be anything (include: [/etc/shadow]): name it, never show what it holds
                problems.add(p.message().startsWith("invalid YAML")
                        ? new Problem(p.file(), p.line(), p.column(), "not a runbook file: " + file
                                + " is not valid YAML", p.severity())
                        : p);
            }
        }
        return root;
    }

    private YNode parseChecked(Path file, String text, Problems problems) {
        try (JsonParser p = factory.createParser(text)) {
            return build(file, (YAMLParser) p, problems);
        } catch (JsonProcessingException e) {
            if (e.getCause() instanceof org.yaml.snakeyaml.error.MarkedYAMLException m && m.getProblem() != null) {
                org.yaml.snakeyaml.error.Mark mark = m.getProblemMark() != null ? m.getProblemMark() : m.getContextMark();
                String what = (m.getContext() == null ? "" : m.getContext() + ": ") + m.getProblem();
                problems.error(file, mark == null ? 0 : mark.getLine() + 1, mark == null ? 0 : mark.getColumn() + 1,
                        "invalid YAML: " + what.replaceAll("\\s+", " ").trim());
                return null;
            }
            JsonLocation l = e.getLocation();
            String msg = e.getOriginalMessage() == null ? "invalid YAML" : e.getOriginalMessage();
            msg = msg.replaceAll("\\s*\\n\\s*", " ").replaceAll("\\s+in 'reader', line \\d+, column \\d+:?", "").trim();
            problems.error(file, l == null ? 0 : Math.max(0, l.getLineNr()), l == null ? 0 : Math.max(0, l.getColumnNr()),
                    "invalid YAML: " + Problems.clip(msg.length() > 200 ? msg.substring(0, 200) : msg));
            return null;
        } catch (IOException | RuntimeException e) {
            problems.error(file, 0, 0, "invalid YAML: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + Problems.clip(e.getMessage())));
            return null;
        }
    }

    /** A container being filled. */
    private static final class Frame {
        final boolean map;
        final Path file;
        final int line;
        final int column;
        final Map<String, Entry> entries = new LinkedHashMap<>();
        final List<YNode> items = new ArrayList<>();
        YScalar pendingKey;

        Frame(boolean map, Path file, int line, int column) {
            this.map = map;
            this.file = file;
            this.line = line;
            this.column = column;
        }

        YNode toNode() {
            return map ? new YMap(file, line, column, entries) : new YSeq(file, line, column, items);
        }
    }

    private YNode build(Path file, YAMLParser p, Problems problems) throws IOException {
        Deque<Frame> stack = new ArrayDeque<>();
        YNode root = null;
        int nodes = 0;
        int documents = 0;
        JsonToken t;
        while ((t = p.nextToken()) != null) {
            JsonLocation loc = p.currentTokenLocation();
            int line = Math.max(0, loc.getLineNr());
            int col = Math.max(0, loc.getColumnNr());
            if (p.getCurrentAnchor() != null) {
                problems.error(file, line, col, "YAML anchors are not supported, found '&" + p.getCurrentAnchor()
                        + "': use include: or vars instead");
                return null;
            }
            if (t == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                Frame top = stack.peek();
                if ("<<".equals(key)) {
                    problems.error(file, line, col, "YAML merge keys are not supported, found '<<': use include: "
                            + "or vars instead");
                    return null;
                }
                if (key.length() > 1024) {
                    problems.error(file, line, col, "key is too long: " + key.length() + " characters, expected at most 1024");
                    return null;
                }
                top.pendingKey = new YScalar(file, line, col, key, YScalar.Kind.STRING);
                continue;
            }
            if (++nodes > MAX_NODES) {
                problems.error(file, line, col, "file has too many nodes: expected at most " + MAX_NODES);
                return null;
            }
            YNode done = null;
            switch (t) {
                case START_OBJECT, START_ARRAY -> {
                    if (stack.size() >= MAX_DEPTH) {
                        problems.error(file, line, col, "nesting is too deep: expected at most " + MAX_DEPTH
                                + " levels of mappings and lists");
                        return null;
                    }
                    if (stack.isEmpty()) {
                        documents++;
                    }
                    stack.push(new Frame(t == JsonToken.START_OBJECT, file, line, col));
                    continue;
                }
                case END_OBJECT, END_ARRAY -> done = stack.pop().toNode();
                default -> {
                    if (p.isCurrentAlias()) {
                        problems.error(file, line, col, "YAML aliases are not supported, found '*" + p.getText()
                                + "': use include: or vars instead");
                        return null;
                    }
                    if (stack.isEmpty()) {
                        documents++;
                    }
                    done = scalar(file, line, col, t, p, problems);
                    if (done == null) {
                        return null;
                    }
                }
            }
            if (stack.isEmpty()) {
                if (documents > 1) {
                    problems.error(done.file(), done.line(), done.column(),
                            "expected one YAML document per file, found another one: use include: for several files");
                    return null;
                }
                root = done;
            } else {
                Frame top = stack.peek();
                if (top.map) {
                    YScalar key = top.pendingKey;
                    top.pendingKey = null;
                    Entry prev = top.entries.get(key.text());
                    if (prev != null) {
                        problems.error(key, "duplicate key '" + key.text() + "' (first at line " + prev.key().line()
                                + ", column " + prev.key().column() + ")");
                    } else {
                        top.entries.put(key.text(), new Entry(key, done));
                    }
                } else {
                    top.items.add(done);
                }
            }
        }
        return root;
    }

    private static YScalar scalar(Path file, int line, int col, JsonToken t, YAMLParser p, Problems problems)
            throws IOException {
        return switch (t) {
            case VALUE_NULL -> new YScalar(file, line, col, "", YScalar.Kind.NULL);
            case VALUE_TRUE, VALUE_FALSE -> new YScalar(file, line, col, p.getText(), YScalar.Kind.BOOLEAN);
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> new YScalar(file, line, col, p.getText(), YScalar.Kind.NUMBER);
            case VALUE_STRING -> {
                String s = p.getText();
                if (s.length() > MAX_SCALAR) {
                    problems.error(file, line, col, "value is too long: " + s.length() + " characters, expected at most "
                            + MAX_SCALAR);
                    yield null;
                }
                yield new YScalar(file, line, col, s, YScalar.Kind.STRING);
            }
            default -> {
                problems.error(file, line, col, "expected a text, number or boolean, found " + t);
                yield null;
            }
        };
    }
}
