package dev.runbook.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runbook.core.Pending;
import dev.runbook.core.Status;
import dev.runbook.core.action.Outcome;
import dev.runbook.core.engine.ActionRun;
import dev.runbook.core.engine.CheckRun;
import dev.runbook.core.engine.RunResult;
import dev.runbook.core.engine.RunState;
import dev.runbook.core.engine.RunTrail;
import dev.runbook.core.engine.StepRun;
import dev.runbook.core.quantity.Unit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The local spool of a runbook whose PostgreSQL store cannot be reached (runbook-format §10): what a run could
 * not write — its results, trail and steps, and its state writes — kept in a directory, one file per entry, in
 * the order written, until the store is back. Each entry is written to a temporary file and moved into place
 * atomically, mode 0600 (the directory 0700), so a crash leaves either the whole entry or none of it. Each run
 * entry carries a unique key, written with it when it is replayed, so replaying it twice writes it once.
 *
 * <p>Where: {@code $RUNBOOK_SPOOL_DIR}, else {@code $XDG_STATE_HOME/runbook/spool/<runbook>}
 * ({@code ~/.local/state/runbook/spool/<runbook>}). Thread-safe; every call blocks on file I/O.
 */
public final class ResultSpool {
    /** The environment variable that moves the spool. */
    public static final String DIRECTORY_VARIABLE = "RUNBOOK_SPOOL_DIR";
    private static final String SUFFIX = ".json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicLong SEQUENCE = new AtomicLong();

    /** One spooled entry: a run to record under its key, or a state value to put. */
    public sealed interface Entry permits SpooledRun, SpooledState {
        /** The file it is kept in. */
        Path file();
    }

    /** A run to record exactly once under {@code key}. */
    public record SpooledRun(Path file, String key, RunResult run) implements Entry {
    }

    /** A state value to put (null: remove). */
    public record SpooledState(Path file, String scope, String key, String value) implements Entry {
    }

    private final Path dir;

    private ResultSpool(Path dir) {
        this.dir = dir;
    }

    /** The spool in {@code dir}. */
    public static ResultSpool in(Path dir) {
        return new ResultSpool(dir.toAbsolutePath().normalize());
    }

    /** The spool of the runbook {@code id} under the environment {@code env} (see the class comment). */
    public static ResultSpool of(String id, Map<String, String> env) {
        String own = env.get(DIRECTORY_VARIABLE);
        if (own != null && !own.isBlank()) {
            return in(Path.of(own));
        }
        String xdg = env.get("XDG_STATE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg)
                : Path.of(System.getProperty("user.home"), ".local", "state");
        return in(base.resolve("runbook").resolve("spool").resolve(id));
    }

    /** The directory. */
    public Path directory() {
        return dir;
    }

    /** Spools a run; returns its file. */
    public Path addRun(RunResult run) {
        ObjectNode e = JSON.createObjectNode();
        e.put("kind", "run");
        e.put("key", UUID.randomUUID().toString());
        e.set("run", encode(run));
        return write(e);
    }

    /** Spools a state write (null value: remove); returns its file. */
    public Path addState(String scope, String key, String value) {
        ObjectNode e = JSON.createObjectNode();
        e.put("kind", "state");
        e.put("scope", scope);
        e.put("key", key);
        e.put("value", value);
        return write(e);
    }

    /** The entries in the order they were spooled; empty if there is no spool. */
    public List<Entry> entries() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Path> files;
        try (Stream<Path> all = Files.list(dir)) {
            files = all.filter(f -> f.getFileName().toString().endsWith(SUFFIX)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the spool " + dir + ": " + e.getMessage(), e);
        }
        List<Entry> out = new ArrayList<>();
        for (Path f : files) {
            JsonNode n;
            try {
                n = JSON.readTree(Files.readString(f, StandardCharsets.UTF_8));
            } catch (java.nio.file.NoSuchFileException gone) {
                continue; // replayed and removed by another process meanwhile
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the spooled entry " + f + ": " + e.getMessage(), e);
            }
            if ("run".equals(n.path("kind").asText())) {
                out.add(new SpooledRun(f, n.path("key").asText(), decode(n.path("run"))));
            } else {
                out.add(new SpooledState(f, n.path("scope").asText(), n.path("key").asText(), text(n, "value")));
            }
        }
        return out;
    }

    /** True if nothing is spooled. */
    public boolean isEmpty() {
        return entries().isEmpty();
    }

    /** Removes an entry once it is written to the store. */
    public void remove(Entry e) {
        try {
            Files.deleteIfExists(e.file());
        } catch (IOException x) {
            throw new UncheckedIOException("cannot remove the replayed entry " + e.file() + ": " + x.getMessage(), x);
        }
    }

    private Path write(ObjectNode entry) {
        try {
            boolean posix = Files.getFileStore(existingAncestor(dir)).supportsFileAttributeView("posix");
            if (!Files.isDirectory(dir)) {
                if (posix) {
                    Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                } else {
                    Files.createDirectories(dir);
                }
            }
            String name = String.format("%013d-%09d-%d-%s", System.currentTimeMillis(), SEQUENCE.incrementAndGet(),
                    ProcessHandle.current().pid(), UUID.randomUUID().toString().substring(0, 8));
            Path tmp = dir.resolve("." + name + ".tmp");
            Path target = dir.resolve(name + SUFFIX);
            byte[] bytes = JSON.writeValueAsBytes(entry);
            if (posix) {
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            }
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ch.write(java.nio.ByteBuffer.wrap(bytes));
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to the spool " + dir + ": " + e.getMessage(), e);
        }
    }

    private static Path existingAncestor(Path p) {
        Path a = p;
        while (a != null && !Files.exists(a)) {
            a = a.getParent();
        }
        return a == null ? Path.of("/") : a;
    }

    // ------------------------------------------------------------------ the run's JSON

    static ObjectNode encode(RunResult r) {
        ObjectNode n = JSON.createObjectNode();
        n.put("runbook", r.runbook());
        n.put("procedure", r.procedure());
        n.put("status", r.status().name());
        n.put("startedAt", r.startedAt().toString());
        n.put("durationMs", r.duration() == null ? 0 : r.duration().toMillis());
        n.put("operator", r.operator());
        ArrayNode results = n.putArray("results");
        for (CheckRun c : r.results()) {
            ObjectNode x = results.addObject();
            x.put("check", c.check());
            x.put("type", c.type());
            x.put("title", c.title());
            x.put("status", c.status().name());
            x.put("firstStatus", c.firstStatus() == null ? null : c.firstStatus().name());
            x.put("value", c.value());
            x.put("unit", c.unit() == null ? null : c.unit().symbol());
            x.put("message", c.message());
            ObjectNode m = x.putObject("metrics");
            c.metrics().forEach(m::put);
            x.put("durationMs", c.duration() == null ? null : c.duration().toMillis());
            if (c.pending() != null) {
                Pending p = c.pending();
                ObjectNode pn = x.putObject("pending");
                pn.put("count", p.count());
                pn.put("of", p.of());
                pn.put("since", p.since() == null ? null : p.since().toString());
                pn.put("durationMs", p.duration() == null ? null : p.duration().toMillis());
                pn.put("target", p.target() == null ? null : p.target().name());
            }
            x.put("skipped", c.skipped());
            x.put("waived", c.waived());
            x.put("maintenance", c.maintenance());
            x.put("flapping", c.flapping());
            ArrayNode actions = x.putArray("actions");
            for (ActionRun a : c.actions()) {
                ObjectNode an = actions.addObject();
                an.put("step", a.step());
                an.put("outcome", a.outcome() == null ? null : a.outcome().name());
                an.put("message", a.message());
                an.put("durationMs", a.duration().toMillis());
            }
            x.put("at", c.at() == null ? null : c.at().toString());
        }
        ArrayNode steps = n.putArray("steps");
        for (StepRun s : r.steps()) {
            ObjectNode x = steps.addObject();
            x.put("index", s.index());
            x.put("title", s.title());
            x.put("kind", s.kind());
            x.put("status", s.status() == null ? null : s.status().name());
            x.put("outcome", s.outcome() == null ? null : s.outcome().name());
            x.put("message", s.message());
            x.put("durationMs", s.duration() == null ? null : s.duration().toMillis());
            ArrayNode checks = x.putArray("checks");
            s.checks().forEach(checks::add);
            x.put("startedAt", s.startedAt() == null ? null : s.startedAt().toString());
            x.put("finishedAt", s.finishedAt() == null ? null : s.finishedAt().toString());
            x.put("shown", s.shown() == null ? null : s.shown().name());
        }
        RunTrail t = r.trail();
        ObjectNode tn = n.putObject("trail");
        tn.put("id", t.id());
        tn.put("trigger", t.trigger());
        tn.put("host", t.host());
        tn.put("state", t.state().word());
        tn.put("pausedAtStep", t.pausedAtStep());
        ObjectNode captured = tn.putObject("captured");
        t.captured().forEach(captured::put);
        tn.put("resumedAt", t.resumedAt());
        tn.put("statusBeforeGate", t.statusBeforeGate() == null ? null : t.statusBeforeGate().name());
        return n;
    }

    static RunResult decode(JsonNode n) {
        List<CheckRun> results = new ArrayList<>();
        for (JsonNode x : n.path("results")) {
            Map<String, Double> metrics = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = x.path("metrics").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> m = it.next();
                metrics.put(m.getKey(), m.getValue().isNull() ? null : m.getValue().asDouble());
            }
            Pending pending = null;
            JsonNode pn = x.path("pending");
            if (pn.isObject()) {
                pending = new Pending(pn.path("count").asInt(), pn.path("of").asInt(), instant(pn, "since"),
                        duration(pn, "durationMs"), status(pn, "target"));
            }
            List<ActionRun> actions = new ArrayList<>();
            for (JsonNode a : x.path("actions")) {
                actions.add(new ActionRun(text(a, "step"), a.path("outcome").isNull() ? null
                        : Outcome.valueOf(a.path("outcome").asText()), text(a, "message"), duration(a, "durationMs")));
            }
            String unit = text(x, "unit");
            results.add(new CheckRun(text(x, "check"), text(x, "type"), text(x, "title"), status(x, "status"),
                    status(x, "firstStatus"), x.path("value").isNumber() ? x.path("value").asDouble() : null,
                    unit == null ? null : Unit.ofCanonicalSymbol(unit), text(x, "message"), metrics,
                    duration(x, "durationMs"), pending, x.path("skipped").asBoolean(), x.path("waived").asBoolean(),
                    x.path("maintenance").asBoolean(), x.path("flapping").asBoolean(), Map.of(), actions,
                    instant(x, "at")));
        }
        List<StepRun> steps = new ArrayList<>();
        for (JsonNode x : n.path("steps")) {
            List<String> checks = new ArrayList<>();
            x.path("checks").forEach(c -> checks.add(c.asText()));
            steps.add(new StepRun(x.path("index").asInt(), text(x, "title"), text(x, "kind"), status(x, "status"),
                    x.path("outcome").isNull() || x.path("outcome").isMissingNode() ? null
                            : Outcome.valueOf(x.path("outcome").asText()),
                    text(x, "message"), duration(x, "durationMs"), checks, instant(x, "startedAt"),
                    instant(x, "finishedAt"), status(x, "shown")));
        }
        JsonNode tn = n.path("trail");
        Map<String, String> captured = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = tn.path("captured").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> c = it.next();
            captured.put(c.getKey(), c.getValue().asText());
        }
        RunTrail trail = new RunTrail(tn.path("id").isNumber() ? tn.path("id").asLong() : null, text(tn, "trigger"),
                text(tn, "host"), RunState.of(text(tn, "state")),
                tn.path("pausedAtStep").isNumber() ? tn.path("pausedAtStep").asInt() : null, captured,
                tn.path("resumedAt").isNumber() ? tn.path("resumedAt").asInt() : null, status(tn, "statusBeforeGate"));
        return new RunResult(text(n, "runbook"), text(n, "procedure"), status(n, "status"),
                ZonedDateTime.parse(text(n, "startedAt")), Duration.ofMillis(n.path("durationMs").asLong()),
                text(n, "operator"), results, steps, List.of(), false, null, trail);
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.path(field);
        return v.isNull() || v.isMissingNode() ? null : v.asText();
    }

    private static Status status(JsonNode n, String field) {
        String s = text(n, field);
        return s == null ? null : Status.valueOf(s);
    }

    private static Instant instant(JsonNode n, String field) {
        String s = text(n, field);
        return s == null ? null : Instant.parse(s);
    }

    private static Duration duration(JsonNode n, String field) {
        JsonNode v = n.path(field);
        return v.isNumber() ? Duration.ofMillis(v.asLong()) : null;
    }

    @Override
    public String toString() {
        return "spool " + dir;
    }
}
