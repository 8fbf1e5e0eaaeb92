package dev.runbook.yaml;

import dev.runbook.core.model.Procedure;
import dev.runbook.core.model.Step;
import dev.runbook.core.schedule.Schedule;
import dev.runbook.yaml.YNode.Entry;
import dev.runbook.yaml.YNode.YMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Reads {@code procedures:}: titles, schedules and steps. One per load; not thread-safe. */
final class ProcedureReader extends NodeReader {
    private final ActionReader remedies;

    ProcedureReader(Loading loading, ActionReader remedies) {
        super(loading);
        this.remedies = remedies;
    }

    List<Procedure> buildProcedures() {
        List<Procedure> out = new ArrayList<>();
        for (Entry e : section("procedures").values()) {
            String id = e.key().text();
            if (!validId(e.key(), "procedure")) {
                continue;
            }
            YMap m = map(e.value(), "procedure '" + id + "'");
            if (m == null) {
                continue;
            }
            keys(m, Set.of("title", "schedule", "steps", "pause_timeout", "run_on"), "procedure '" + id + "'");
            java.time.Duration pauseTimeout = null;
            if (m.get("pause_timeout") != null) {
                pauseTimeout = duration(m.get("pause_timeout"), "procedure '" + id + "' pause_timeout");
                if (pauseTimeout == null) {
                    continue;
                }
                if (pauseTimeout.isZero() || pauseTimeout.isNegative()) {
                    problems.error(m.get("pause_timeout"), "procedure '" + id + "': pause_timeout must be positive");
                    continue;
                }
            }
            Procedure.RunOn runOn = Procedure.RunOn.EACH;
            if (m.get("run_on") != null) {
                String word = text(m.get("run_on"), "procedure '" + id + "' run_on");
                if (word == null) {
                    continue;
                }
                runOn = Procedure.RunOn.of(word);
                if (runOn == null) {
                    problems.error(m.get("run_on"), "procedure '" + id + "': run_on must be 'each' (every host, the"
                            + " default) or 'one' (once for the fleet), found '" + word + "'");
                    continue;
                }
            }
            String title = m.get("title") == null ? null : text(m.get("title"), "title");
            List<Schedule> sch = schedules(m.get("schedule"));
            if (m.get("steps") == null) {
                problems.error(m, "procedure '" + id + "' has no steps: expected steps: [...]");
                continue;
            }
            List<Step> steps = remedies.steps(m.get("steps"), id, true);
            if (steps == null) {
                continue;
            }
            try {
                out.add(new Procedure(id, title, sch, steps, pauseTimeout, runOn));
            } catch (IllegalArgumentException ex) {
                problems.error(m, ex.getMessage());
            }
        }
        return out;
    }
}
