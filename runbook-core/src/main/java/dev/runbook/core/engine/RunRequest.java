package dev.runbook.core.engine;

import java.util.List;
import java.util.Objects;

/**
 * What to run: a procedure, or given checks, or (neither) every check once; with dry-run or no-actions; by
 * whom; with a way to ask a person to confirm manual steps. Immutable; build with {@link #builder()}.
 */
public final class RunRequest {
    private final String procedure;
    private final List<String> checks;
    private final boolean dryRun;
    private final boolean noActions;
    private final String operator;
    private final ManualPrompter prompter;

    private RunRequest(Builder b) {
        this.procedure = b.procedure;
        this.checks = List.copyOf(b.checks);
        this.dryRun = b.dryRun;
        this.noActions = b.noActions;
        this.operator = b.operator;
        this.prompter = b.prompter;
        if (procedure != null && !checks.isEmpty()) {
            throw new IllegalArgumentException("give a procedure or checks, not both");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Every check once. */
    public static RunRequest allChecks() {
        return builder().build();
    }

    public static RunRequest procedure(String id) {
        return builder().procedure(id).build();
    }

    public String procedure() {
        return procedure;
    }

    public List<String> checks() {
        return checks;
    }

    public boolean dryRun() {
        return dryRun;
    }

    public boolean noActions() {
        return noActions;
    }

    public String operator() {
        return operator;
    }

    public ManualPrompter prompter() {
        return prompter;
    }

    /** Builds a {@link RunRequest}. */
    public static final class Builder {
        private String procedure;
        private final java.util.ArrayList<String> checks = new java.util.ArrayList<>();
        private boolean dryRun;
        private boolean noActions;
        private String operator;
        private ManualPrompter prompter = ManualPrompter.NONE;

        public Builder procedure(String id) {
            this.procedure = id;
            return this;
        }

        public Builder check(String id) {
            checks.add(Objects.requireNonNull(id, "id"));
            return this;
        }

        public Builder checks(List<String> ids) {
            ids.forEach(this::check);
            return this;
        }

        /** Every action and notification says what it would do and does nothing; nothing is stored. */
        public Builder dryRun(boolean dryRun) {
            this.dryRun = dryRun;
            return this;
        }

        /** Checks run and are stored; actions, notifications and incidents do not happen. */
        public Builder noActions(boolean noActions) {
            this.noActions = noActions;
            return this;
        }

        public Builder operator(String operator) {
            this.operator = operator;
            return this;
        }

        public Builder prompter(ManualPrompter prompter) {
            this.prompter = Objects.requireNonNull(prompter, "prompter");
            return this;
        }

        public RunRequest build() {
            return new RunRequest(this);
        }
    }
}
