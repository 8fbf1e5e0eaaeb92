package dev.runbook.incidents.notifier;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runbook.core.escalation.Notifier;
import dev.runbook.core.spi.NotifierType;
import dev.runbook.core.spi.TypeContext;
import dev.runbook.core.spi.TypeName;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeMap;

/**
 * The {@code file} notifier: appends each notification as one JSON line ({@code at}, {@code id}, {@code kind},
 * {@code subject}, {@code text}, {@code address}, {@code fields}) to {@code path}, resolved against the
 * runbook's directory; parent directories are created. {@code id} is the notification's stable idempotency id
 * (the same when a notification is re-sent). Each line is one write of a complete line: a failed write leaves no
 * partial line behind ({@link ArchiveFile}); the file has mode 0600. Appends hold a file lock, so several processes
 * may share the file. Thread-safe; blocks on file I/O.
 */
@TypeName("file")
public final class FileNotifierType implements NotifierType<FileNotifierType.Params> {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Parameters of a {@code file} notifier.
     *
     * @param path the JSON-lines file, relative to the runbook file's directory
     */
    public record Params(String path) {
    }

    @Override
    public String name() {
        return "file";
    }

    @Override
    public Class<Params> parameterType() {
        return Params.class;
    }

    @Override
    public String description() {
        return "appends notifications to a file as JSON lines";
    }

    @Override
    public Notifier create(Params p, TypeContext context) {
        if (p == null || p.path() == null || p.path().isBlank()) {
            throw new IllegalArgumentException("path: required (the JSON-lines file to append to)");
        }
        Path file = context.resolve(p.path());
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException("path: expected a file, found the directory " + file);
        }
        Object lock = new Object();
        return (n, address) -> {
            ObjectNode line = JSON.createObjectNode();
            line.put("at", n.at() == null ? null : n.at().toString());
            line.put("id", n.id());
            line.put("kind", n.kind());
            line.put("subject", n.subject());
            line.put("text", n.text());
            line.put("address", address);
            ObjectNode f = line.putObject("fields");
            new TreeMap<>(n.fields()).forEach(f::put);
            byte[] bytes = (JSON.writeValueAsString(line) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
            synchronized (lock) {
                ArchiveFile.append(file, bytes);
            }
        };
    }
}
