package dev.runbook.incidents;

import dev.runbook.core.CheckResult;
import dev.runbook.core.engine.Engine;
import dev.runbook.core.escalation.Incident;
import dev.runbook.core.escalation.IncidentRequest;
import dev.runbook.core.escalation.IncidentService;
import dev.runbook.core.spi.ActionType;
import dev.runbook.dsl.RunbookBuilder;
import dev.runbook.incidents.action.EscalateActionType;
import dev.runbook.tck.ActionTypeContract;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** The TCK's contract for the {@code escalate} action type, with an incident service that records what opens. */
class EscalateActionTypeContractTest extends ActionTypeContract<EscalateActionType.Params> {
    private final List<String> opened = new CopyOnWriteArrayList<>();

    @Override
    protected ActionType<EscalateActionType.Params> type() {
        return new EscalateActionType();
    }

    @Override
    protected Map<String, Object> yamlParameters() {
        return Map.of("level", "P1");
    }

    @Override
    protected void declare(RunbookBuilder runbook) {
        runbook.level("P1", "Complete service outage", "0m");
    }

    @Override
    protected Engine.Builder engine() {
        IncidentService recording = new IncidentService() {
            @Override
            public String escalate(IncidentRequest request) {
                if (request.dryRun()) {
                    return "would open a " + request.level() + " incident";
                }
                opened.add(request.level() + " " + request.check());
                return "opened a " + request.level() + " incident";
            }

            @Override
            public void recovered(String check, CheckResult result, Instant at) {
            }

            @Override
            public void processDue(Instant now) {
            }

            @Override
            public List<Incident> open() {
                return List.of();
            }
        };
        return Engine.builder().incidents(recording);
    }

    @Override
    protected Object observeSideEffects() {
        return List.copyOf(opened);
    }
}
