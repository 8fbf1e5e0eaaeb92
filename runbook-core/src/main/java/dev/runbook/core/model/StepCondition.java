package dev.runbook.core.model;

import java.util.List;

/**
 * A step's {@code when:} condition (runbook-format §6): {@code {not_ok: [health, services]}} holds when at least
 * one of the checks is not OK, {@code {ok: [...]}} when all are OK. A check's status is its latest in this run
 * (after remediation), or its latest stored result when the run has not run it. Immutable.
 *
 * @param whenAllOk true for {@code ok:}, false for {@code not_ok:}
 * @param checkIds  the checks it looks at, at least one
 */
public record StepCondition(boolean whenAllOk, List<String> checkIds) {
    public StepCondition {
        checkIds = List.copyOf(checkIds);
        if (checkIds.isEmpty()) {
            throw new IllegalArgumentException("a when condition needs at least one check id");
        }
    }

    /** {@code {not_ok: [ids]}}. */
    public static StepCondition notOk(List<String> ids) {
        return new StepCondition(false, ids);
    }

    /** {@code {ok: [ids]}}. */
    public static StepCondition ok(List<String> ids) {
        return new StepCondition(true, ids);
    }

    /** The YAML key: {@code ok} or {@code not_ok}. */
    public String key() {
        return whenAllOk ? "ok" : "not_ok";
    }

    @Override
    public String toString() {
        return "when " + key() + ": " + String.join(", ", checkIds);
    }
}
