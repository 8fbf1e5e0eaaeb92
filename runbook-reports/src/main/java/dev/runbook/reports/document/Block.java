package dev.runbook.reports.document;

import java.util.List;

/**
 * One piece of the rendered runbook document, independent of the output format: the document is built once as
 * blocks and written as Markdown or HTML by {@link MarkdownWriter} and {@link HtmlWriter}. Text in blocks is plain
 * text (never markup): each writer escapes it for its format. Immutable.
 */
sealed interface Block permits Block.Heading, Block.Paragraph, Block.Bullets, Block.Numbered, Block.Table,
        Block.Checklist, Block.Preformatted {

    /** A heading of level 1–4 with an anchor id (may be null). */
    record Heading(int level, String text, String anchor) implements Block {
    }

    /** A paragraph, optionally led by a bold label ("Criteria"). */
    record Paragraph(String label, String text) implements Block {
    }

    /** An unordered list; a null label means none. Items may start with a status word (coloured in HTML). */
    record Bullets(String label, List<String> items) implements Block {
        public Bullets {
            items = List.copyOf(items);
        }
    }

    /** An ordered list of items, each with nested sub-items (may be empty). */
    record Numbered(String label, List<Item> items) implements Block {
        public Numbered {
            items = List.copyOf(items);
        }
    }

    /** A numbered item and its sub-items. */
    record Item(String text, List<String> details) {
        public Item {
            details = List.copyOf(details);
        }

        static Item of(String text) {
            return new Item(text, List.of());
        }
    }

    /** A table with a header row. */
    record Table(List<String> header, List<List<String>> rows) implements Block {
        public Table {
            header = List.copyOf(header);
            rows = rows.stream().map(List::copyOf).toList();
        }
    }

    /** A checklist to fill in by hand: a title, lines to tick, and fields such as "Date". */
    record Checklist(String title, List<String> fields, List<String> lines) implements Block {
        public Checklist {
            fields = List.copyOf(fields);
            lines = List.copyOf(lines);
        }
    }

    /** A block of fixed-width text, such as a report's layout. */
    record Preformatted(String text) implements Block {
    }
}
