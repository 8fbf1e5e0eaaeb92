package dev.runbook.runtime.output;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runbook.core.Status;
import dev.runbook.core.engine.RunResult;
import dev.runbook.core.engine.RunState;
import dev.runbook.core.engine.StoredRun;
import dev.runbook.core.engine.StoredStep;
import dev.runbook.core.model.Procedure;
import dev.runbook.core.model.Runbook;
import dev.runbook.core.model.Step;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Stored runs as {@code runbook runs} prints them (runbook-format §9): a list with paused runs first, one run step
 * by step, the JSON of §9, and the lines under a run that paused at a gate. Stateless.
 */
public final class RunTrailText {
    private RunTrailText() {
    }

    /** What the launcher says under a run that paused at a manual gate: the gate, and the commands that go on. */
    public static String paused(RunResult run, Runbook rb, String file) {
        Integer at = run.trail().pausedAtStep();
        Procedure p = rb.procedures().get(run.procedure());
        String gate = p != null && at != null && at <= p.steps().size()
                ? Step.unwrap(p.steps().get(at - 1)).title() : "a manual step";
        StringBuilder b = new StringBuilder("\nPAUSED at step " + at + ": " + gate + "\n");
        if (run.trail().id() == null || run.storeError() != null) {
            b.append("  The run could not be stored, so it cannot be confirmed later; run it on a terminal, or with "
                    + "--yes to confirm every step up front.\n");
            return b.toString();
        }
        b.append("  Run ").append(run.trail().id()).append(" waits for confirmation (it expires after ")
                .append(Procedure.words(p == null ? Procedure.DEFAULT_PAUSE_TIMEOUT : p.pauseTimeout())).append(").\n");
        b.append("  Confirm: runbook confirm ").append(file).append(' ').append(run.trail().id()).append('\n');
        b.append("  Decline: runbook confirm ").append(file).append(' ').append(run.trail().id()).append(" --decline\n");
        return b.toString();
    }

    /**
     * What {@code runbook runs} prints: one run ({@code id} given; empty if there is none) or the runs of the runbook
     * (of {@code procedure} if given) since {@code since}, paused ones first; an empty text for no runs in text form.
     * A paused run past its timeout shows as expired. Blocks on I/O.
     */
    public static java.util.Optional<String> render(dev.runbook.core.engine.RunJournal journal, Runbook rb, Long id,
                                                    String procedure, Instant since, Instant now, boolean json,
                                                    String file, Style st) {
        return render(journal, rb, id, procedure, null, since, now, json, file, st);
    }

    /**
     * As {@link #render(dev.runbook.core.engine.RunJournal, Runbook, Long, String, Instant, Instant, boolean, String,
     * Style)}, of one host of the fleet ({@code host}; null: every host, runbook-format §10 {@code --host}).
     */
    public static java.util.Optional<String> render(dev.runbook.core.engine.RunJournal journal, Runbook rb, Long id,
                                                    String procedure, String host, Instant since, Instant now,
                                                    boolean json, String file, Style st) {
        if (id != null) {
            return journal.run(rb.id(), id).filter(r -> host == null || host.equals(r.host())).map(r -> r.asOf(now, rb))
                    .map(r -> json ? json(List.of(r), rb.zone(), true) : show(r, rb.zone(), file, st));
        }
        List<StoredRun> runs = journal.runs(rb.id(), procedure, since).stream()
                .filter(r -> host == null || host.equals(r.host())).map(r -> r.asOf(now, rb)).toList();
        return java.util.Optional.of(json ? json(runs, rb.zone(), false)
                : runs.isEmpty() ? "" : list(runs, rb.zone(), file, st));
    }

    static String iso(Instant at, ZoneId zone) {
        return at == null ? null : at.atZone(zone).toOffsetDateTime().truncatedTo(ChronoUnit.SECONDS)
                .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }

    /** {@code {"runs": [...]}}, or the one run's object when {@code one}. */
    public static String json(List<StoredRun> runs, ZoneId zone, boolean one) {
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
            n.put("started_at", iso(r.startedAt(), zone));
            n.put("finished_at", r.state() == RunState.PAUSED ? null : iso(r.finishedAt(), zone));
            if (r.pausedAtStep() == null) {
                n.putNull("paused_at_step");
            } else {
                n.put("paused_at_step", r.pausedAtStep());
            }
            if (r.message() != null) { // why a run whose process died ended (§6)
                n.put("message", r.message());
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
                sn.put("started_at", iso(s.startedAt(), zone));
                sn.put("finished_at", iso(s.finishedAt(), zone));
            }
        }
        try {
            return m.writeValueAsString(one && runs.size() == 1 ? arr.get(0) : root) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    /** The list of runs, paused first, each paused one with the commands that confirm or decline it. */
    public static String list(List<StoredRun> runs, ZoneId zone, String file, Style st) {
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
            } else if (r.state() == RunState.EXPIRED && r.message() != null) {
                b.append("       ").append(r.message()).append('\n');
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

    /** One run step by step. */
    public static String show(StoredRun r, ZoneId zone, String file, Style st) {
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
                + (r.finishedAt() == null ? "-" : r.finishedAt().atZone(zone).format(WHEN)))).append('\n');
        if (r.message() != null) {
            b.append("Ended: ").append(r.message()).append('\n');
        }
        b.append('\n');
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
