package dev.runbook.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runbook.core.Status;
import dev.runbook.core.Suggestions;
import dev.runbook.core.engine.RunJournal;
import dev.runbook.core.engine.RunState;
import dev.runbook.core.engine.StoredRun;
import dev.runbook.core.engine.StoredStep;
import dev.runbook.core.model.Runbook;
import dev.runbook.core.quantity.Quantity;
import dev.runbook.runtime.RunbookRuntime;
import dev.runbook.runtime.output.Style;
import dev.runbook.yaml.LoadResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code runbook runs FILE [show RUN_ID] [--procedure P] [--since 7d] [--format text|json]}: the stored runs with
 * their steps (runbook-format §6, §9), paused runs first, then newest first; {@code show} prints one run step by
 * step. Read-only: a store that does not exist is not created, and a paused run past its {@code pause_timeout} is
 * shown as expired without being written (the next {@code run}, scheduled run or {@code confirm} records the
 * expiry). Exit 0; 1 for an invalid file, an unknown run or procedure, or a store that cannot be read; 2 for a
 * usage error. Blocks on I/O.
 */
@Command(name = "runs", mixinStandardHelpOptions = true,
        description = {"Shows stored runs with their steps, paused runs first; `show RUN_ID` prints one run step by step.",
                "Exit: 0, 1 invalid file, unknown run or procedure, unreadable store, 2 usage error."})
public final class RunsCommand extends Verb {
    /** The output formats of {@code runs}. */
    enum Format { TEXT, JSON }

    @Parameters(index = "0", paramLabel = "FILE", description = "The runbook file.")
    Path file;

    @Parameters(index = "1..*", arity = "0..2", paramLabel = "show RUN_ID", description = "Show one run.")
    List<String> show = new ArrayList<>();

    @Option(names = "--procedure", paramLabel = "P", description = "Only runs of this procedure.")
    String procedure;

    @Option(names = "--since", paramLabel = "DURATION", defaultValue = "7d",
            description = "How far back, e.g. 24h, 7d (default: ${DEFAULT-VALUE}); paused runs are always listed.")
    String since;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text", description = "text or json.")
    Format format;

    @Override
    public Integer call() {
        Long id = null;
        if (!show.isEmpty()) {
            if (show.size() != 2 || !show.get(0).equals("show")) {
                err().println("runbook: expected `runbook runs FILE` or `runbook runs FILE show RUN_ID`, found "
                        + String.join(" ", show));
                return Main.USAGE;
            }
            try {
                id = Long.parseLong(show.get(1));
            } catch (NumberFormatException e) {
                err().println("runbook: RUN_ID is a number (see `runbook runs " + file + "`), found '" + show.get(1) + "'");
                return Main.USAGE;
            }
        }
        Duration window;
        try {
            window = Quantity.parseDuration(since);
        } catch (IllegalArgumentException e) {
            err().println("runbook: --since " + since + ": " + e.getMessage() + " (e.g. --since 24h or --since 7d)");
            return Main.USAGE;
        }
        LoadResult loaded = load(file);
        printProblems(loaded);
        if (!loaded.isValid()) {
            return Main.INVALID;
        }
        Runbook rb = loaded.runbook();
        if (procedure != null && !rb.procedures().containsKey(procedure)) {
            err().println("runbook: unknown procedure '" + procedure + "'"
                    + Suggestions.didYouMean(procedure, rb.procedures().keySet())
                    + "; procedures: " + String.join(", ", rb.procedures().keySet()));
            return Main.INVALID;
        }
        Clock clock = Clock.system(rb.zone());
        Instant now = clock.instant();
        Path store = RunbookRuntime.storePath(rb, environment());
        if (!Files.exists(store)) {
            // read-only: never create the store to say it is empty
            if (id != null) {
                err().println("runbook: no run " + id + " in " + store + " (nothing has been run yet)");
                return Main.INVALID;
            }
            out().print(format == Format.JSON ? "{\n  \"runs\" : [ ]\n}\n"
                    : "No runs stored (store: " + store + "). Record one with: runbook run " + file + "\n");
            out().flush();
            return 0;
        }
        try (RunbookRuntime services = RunbookRuntime.builder(loaded).env(environment()).clock(clock).incidents(false)
                .warnings(w -> { }).build()) {
            if (!services.recorded()) {
                err().println("runbook: cannot read the store " + services.storePath() + ": " + services.storeProblem());
                return Main.INVALID;
            }
            RunJournal journal = services.store().journal();
            if (id != null) {
                Optional<StoredRun> r = journal.run(rb.id(), id);
                if (r.isEmpty()) {
                    err().println("runbook: no run " + id + " of " + rb.id() + " in " + store
                            + " (see `runbook runs " + file + "`)");
                    return Main.INVALID;
                }
                StoredRun seen = r.get().asOf(now, rb);
                out().print(format == Format.JSON ? json(List.of(seen), rb.zone(), true) : show(seen, rb.zone()));
            } else {
                List<StoredRun> runs = new ArrayList<>();
                for (StoredRun r : journal.runs(rb.id(), procedure, now.minus(window))) {
                    runs.add(r.asOf(now, rb));
                }
                out().print(format == Format.JSON ? json(runs, rb.zone(), false) : list(runs, rb.zone()));
            }
            out().flush();
        }
        return 0;
    }

    static String json(List<StoredRun> runs, ZoneId zone, boolean one) {
        ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = m.createObjectNode();
        ArrayNode arr = root.putArray("runs");
        for (StoredRun r : runs) {
            ObjectNode n = arr.addObject();
            n.put("id", r.id());
            n.put("procedure", r.procedure());
            n.put("trigger", r.trigger());
            n.put("operator", r.operator());
            n.put("host", r.host());
            n.put("state", r.state().word());
            n.put("status", r.status().name());
            n.put("started_at", HistoryCommand.iso(r.startedAt(), zone));
            n.put("finished_at", r.state() == RunState.PAUSED ? null : HistoryCommand.iso(r.finishedAt(), zone));
            if (r.pausedAtStep() == null) {
                n.putNull("paused_at_step");
            } else {
                n.put("paused_at_step", r.pausedAtStep());
            }
            ArrayNode steps = n.putArray("steps");
            for (StoredStep s : r.steps()) {
                ObjectNode sn = steps.addObject();
                sn.put("index", s.index());
                sn.put("title", s.title());
                sn.put("kind", s.kind());
                sn.put("status", s.status() == null ? null : s.status().name());
                sn.put("outcome", s.outcome());
                sn.put("message", s.message());
                ArrayNode checks = sn.putArray("checks");
                s.checks().forEach(checks::add);
                sn.put("started_at", HistoryCommand.iso(s.startedAt(), zone));
                sn.put("finished_at", HistoryCommand.iso(s.finishedAt(), zone));
            }
        }
        try {
            return m.writeValueAsString(one && runs.size() == 1 ? arr.get(0) : root) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private String list(List<StoredRun> runs, ZoneId zone) {
        Style st = style();
        if (runs.isEmpty()) {
            return "No runs in the last " + since + (procedure == null ? "" : " of " + procedure) + ".\n";
        }
        StringBuilder b = new StringBuilder();
        for (StoredRun r : runs) {
            b.append(String.format("#%-5d", r.id())).append(' ')
                    .append(String.format("%-9s", r.state().word().toUpperCase(java.util.Locale.ROOT))).append(' ')
                    .append(st.status(r.status())).append(" ".repeat(Math.max(1, 9 - r.status().name().length())))
                    .append(r.startedAt().atZone(zone).format(WHEN)).append("  ")
                    .append(r.procedure() == null ? "(checks)" : r.procedure())
                    .append(st.dim("  " + r.trigger() + (r.operator() == null ? "" : ", " + r.operator())
                            + (r.host() == null ? "" : " on " + r.host())))
                    .append('\n');
            if (r.state() == RunState.PAUSED) {
                StoredStep gate = gate(r);
                b.append("       paused at step ").append(r.pausedAtStep()).append(gate == null ? "" : ": " + gate.title())
                        .append('\n').append("       confirm: runbook confirm ").append(file).append(' ').append(r.id())
                        .append("   decline: runbook confirm ").append(file).append(' ').append(r.id())
                        .append(" --decline\n");
            } else if (r.state() == RunState.EXPIRED) {
                StoredStep gate = gate(r);
                b.append("       expired at step ").append(r.pausedAtStep()).append(gate == null ? "" : ": " + gate.title())
                        .append('\n');
            }
        }
        return b.toString();
    }

    private static StoredStep gate(StoredRun r) {
        return r.steps().stream().filter(s -> r.pausedAtStep() != null && s.index() == r.pausedAtStep()).findFirst()
                .orElse(null);
    }

    private String show(StoredRun r, ZoneId zone) {
        Style st = style();
        StringBuilder b = new StringBuilder();
        b.append(st.bold("Run " + r.id())).append(" — ").append(r.procedure() == null ? "checks" : r.procedure())
                .append('\n');
        b.append("State: ").append(r.state().word())
                .append(r.pausedAtStep() == null ? "" : " at step " + r.pausedAtStep())
                .append("   Status: ").append(st.status(r.status())).append('\n');
        b.append(st.dim("Trigger: " + r.trigger() + "   Operator: " + (r.operator() == null ? "-" : r.operator())
                + "   Host: " + (r.host() == null ? "-" : r.host()))).append('\n');
        b.append(st.dim("Started: " + r.startedAt().atZone(zone).format(WHEN) + "   "
                + (r.state() == RunState.PAUSED ? "Paused: " : "Finished: ")
                + (r.finishedAt() == null ? "-" : r.finishedAt().atZone(zone).format(WHEN)))).append("\n\n");
        for (StoredStep s : r.steps()) {
            Status status = s.status();
            b.append(String.format("%3d. ", s.index())).append(s.title()).append("  ")
                    .append(status == null ? st.dim("-") : s.counted() || "check".equals(s.kind())
                            || "group".equals(s.kind()) ? st.status(status) : st.dim(status.name()))
                    .append("  ").append(st.dim("[" + s.kind() + "]"));
            String detail = (s.outcome() == null ? "" : s.outcome() + (s.message() == null || s.message().isEmpty()
                    ? "" : ": ")) + (s.message() == null ? "" : s.message());
            if (!detail.isEmpty()) {
                b.append("  ").append(detail);
            }
            if (s.startedAt() != null) {
                b.append(st.dim("  " + s.startedAt().atZone(zone).format(WHEN)
                        + (s.trigger() == null || s.trigger().equals(r.trigger()) ? "" : " (" + s.trigger() + ")")));
            }
            b.append('\n');
        }
        if (r.state() == RunState.PAUSED) {
            b.append("\nConfirm: runbook confirm ").append(file).append(' ').append(r.id())
                    .append("\nDecline: runbook confirm ").append(file).append(' ').append(r.id()).append(" --decline\n");
        }
        return b.toString();
    }
}
