package dev.runbook.yaml;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A parsed YAML node that remembers where it was written. Immutable once the reader has built it. */
sealed interface YNode permits YNode.YMap, YNode.YSeq, YNode.YScalar {

    Path file();

    int line();

    int column();

    /** What this node is, for "expected …, found …" messages. */
    String describe();

    /** A mapping; keys are kept in order with their own locations. */
    record YMap(Path file, int line, int column, Map<String, Entry> entries) implements YNode {
        public YMap {
            entries = new LinkedHashMap<>(entries);
        }

        YNode get(String key) {
            Entry e = entries.get(key);
            return e == null ? null : e.value();
        }

        @Override
        public String describe() {
            return "a mapping";
        }
    }

    /** A key with its value. */
    record Entry(YScalar key, YNode value) {
    }

    /** A sequence. */
    record YSeq(Path file, int line, int column, List<YNode> items) implements YNode {
        public YSeq {
            items = List.copyOf(items);
        }

        @Override
        public String describe() {
            return "a list";
        }
    }

    /**
     * A scalar as written. {@code kind} is what YAML made of it: STRING (also quoted numbers), NUMBER, BOOLEAN
     * or NULL.
     */
    record YScalar(Path file, int line, int column, String text, Kind kind) implements YNode {
        enum Kind { STRING, NUMBER, BOOLEAN, NULL }

        boolean isNull() {
            return kind == Kind.NULL;
        }

        @Override
        public String describe() {
            return switch (kind) {
                case NULL -> "nothing (null)";
                case NUMBER -> "the number " + text;
                case BOOLEAN -> "the boolean " + text;
                case STRING -> "'" + Problems.clip(text) + "'";
            };
        }
    }
}
