package dev.runbook.incidents.notifier;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runbook.core.escalation.Notifier;
import dev.runbook.core.spi.NotifierType;
import dev.runbook.core.spi.TypeContext;
import dev.runbook.core.spi.TypeName;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.TreeMap;

/**
 * The {@code file} notifier: appends each notification as one JSON line ({@code at}, {@code kind},
 * {@code subject}, {@code text}, {@code address}, {@code fields}) to {@code path}, resolved against the
 * runbook's directory; parent directories are created. Appends hold a file lock, so several processes may
 * share the file. Thread-safe; blocks on file I/O.
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
            line.put("kind", n.kind());
            line.put("subject", n.subject());
            line.put("text", n.text());
            line.put("address", address);
            ObjectNode f = line.putObject("fields");
            new TreeMap<>(n.fields()).forEach(f::put);
            byte[] bytes = (JSON.writeValueAsString(line) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
            synchronized (lock) {
                append(file, bytes);
            }
        };
    }

    private static void append(Path file, byte[] bytes) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
             FileLock ignored = ch.lock()) {
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
        }
    }
}
