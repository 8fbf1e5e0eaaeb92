package dev.runbook.runtime.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runbook.core.Pending;
import dev.runbook.core.engine.ActionRun;
import dev.runbook.core.engine.CheckRun;
import dev.runbook.core.engine.RunResult;
import dev.runbook.core.escalation.Incident;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * {@code run --format json}: exactly the object of runbook-format §9, field names snake_case, statuses upper
 * case, outcomes and incident states lower case, values in canonical units. Stateless and thread-safe.
 */
public final class RunJson {
    static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private RunJson() {
    }

    /** The JSON text of a run, followed by a newline. */
    public static String render(RunResult run) {
        try {
            return MAPPER.writeValueAsString(tree(run)) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }

    /** The §9 object as a tree. */
    public static ObjectNode tree(RunResult run) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("runbook", run.runbook());
        o.put("procedure", run.procedure());
        o.put("status", run.status().name());
        o.put("started_at", run.startedAt().toOffsetDateTime().truncatedTo(ChronoUnit.SECONDS)
                .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        o.put("duration_ms", run.duration().toMillis());
        o.put("operator", run.operator());
        if (run.trail().id() == null) {
            o.putNull("run_id");
        } else {
            o.put("run_id", run.trail().id());
        }
        if (run.paused()) {
            o.put("state", run.trail().state().word());
            o.put("paused_at_step", run.trail().pausedAtStep());
        }
        ArrayNode results = o.putArray("results");
        for (CheckRun r : run.results()) {
            results.add(result(r));
        }
        ArrayNode incidents = o.putArray("incidents");
        for (Incident i : run.incidents()) {
            ObjectNode n = incidents.addObject();
            n.put("id", i.id());
            n.put("level", i.level());
            n.put("check", i.check());
            n.put("state", i.state().word());
        }
        return o;
    }

    /** A number as JSON: integral values without a fraction (200, not 200.0), non-finite ones as null. */
    public static void number(ObjectNode n, String field, Double v) {
        Double f = Outputs.finite(v);
        if (f == null) {
            n.putNull(field);
        } else if (f == Math.rint(f) && Math.abs(f) < 1e15) {
            n.put(field, f.longValue());
        } else {
            n.put(field, f);
        }
    }

    static ObjectNode result(CheckRun r) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("check", r.check());
        n.put("type", r.type());
        n.put("title", r.title());
        n.put("status", r.status().name());
        n.put("first_status", r.firstStatus().name());
        number(n, "value", r.value());
        n.put("unit", Outputs.unit(r.unit()));
        n.put("message", r.message());
        ObjectNode metrics = n.putObject("metrics");
        for (Map.Entry<String, Double> m : r.metrics().entrySet()) {
            number(metrics, m.getKey(), m.getValue());
        }
        n.put("duration_ms", r.duration().toMillis());
        Pending p = r.pending();
        if (p == null) {
            n.putNull("pending");
        } else {
            ObjectNode pn = n.putObject("pending");
            pn.put("count", p.count());
            pn.put("of", p.of());
        }
        n.put("skipped", r.skipped());
        n.put("waived", r.waived());
        n.put("maintenance", r.maintenance());
        ArrayNode actions = n.putArray("actions");
        for (ActionRun a : r.actions()) {
            ObjectNode an = actions.addObject();
            an.put("step", a.step());
            an.put("outcome", a.outcome().word());
            an.put("message", a.message());
        }
        return n;
    }
}
