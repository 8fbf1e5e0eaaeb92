package dev.runbook.core.engine;

import dev.runbook.core.CheckContext;
import dev.runbook.core.HistoryReader;
import dev.runbook.core.StateStore;
import dev.runbook.core.model.CheckDefinition;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.OptionalDouble;

/** The context of one probe: its deadline fixed when the probe was submitted. */
final class ProbeContext implements CheckContext {
    private final Run run;
    private final CheckDefinition def;
    private final Instant deadline;

    ProbeContext(Run run, CheckDefinition def, Instant deadline) {
        this.run = run;
        this.def = def;
        this.deadline = deadline;
    }

    @Override
    public String checkId() {
        return def.id();
    }

    @Override
    public Clock clock() {
        return run.clock;
    }

    @Override
    public ZoneId zone() {
        return run.zone;
    }

    @Override
    public Duration timeout() {
        return def.timeout();
    }

    @Override
    public Instant deadline() {
        return deadline;
    }

    @Override
    public boolean dryRun() {
        return run.req.dryRun();
    }

    @Override
    public String procedure() {
        return run.req.procedure();
    }

    @Override
    public StateStore.Scoped state() {
        return run.state.scoped(def.id());
    }

    @Override
    public HistoryReader history() {
        return run.history;
    }

    @Override
    public OptionalDouble runMetric(String reference) {
        int dot = reference.indexOf('.');
        if (dot < 0) {
            return OptionalDouble.empty();
        }
        CheckRun r = run.latest.get(reference.substring(0, dot));
        if (r == null || r.skipped()) {
            return OptionalDouble.empty();
        }
        Double v = r.metrics().get(reference.substring(dot + 1));
        return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
    }
}
