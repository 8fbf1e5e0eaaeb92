package dev.runbook.core.engine;

import java.util.List;
import java.util.Objects;

/**
 * What to run: a procedure, or given checks, or (neither) every check once; with dry-run or no-actions; by
 * whom, from which host and on what trigger; with a way to ask a person to confirm manual steps, or every gate
 * confirmed up front ({@code --yes}); or a paused run to resume at its gate ({@code runbook confirm}). Immutable;
 * build with {@link #builder()}.
 */
public final class RunRequest {
    private final String procedure;
    private final List<String> checks;
    private final boolean dryRun;
    private final boolean noActions;
    private final String operator;
    private final ManualPrompter prompter;
    private final String trigger;
    private final String host;
    private final boolean confirmAll;
    private final StoredRun resume;
    private final boolean resumeConfirmed;

    private RunRequest(Builder b) {
        this.procedure = b.procedure;
        this.checks = List.copyOf(b.checks);
        this.dryRun = b.dryRun;
        this.noActions = b.noActions;
        this.operator = b.operator;
        this.prompter = b.prompter;
        this.trigger = b.resume != null ? RunTrail.CONFIRM : b.trigger;
        this.host = b.host;
        this.confirmAll = b.confirmAll;
        this.resume = b.resume;
        this.resumeConfirmed = b.resumeConfirmed;
        if (resume != null) {
            if (!checks.isEmpty() || procedure != null && !procedure.equals(resume.procedure())) {
                throw new IllegalArgumentException("a resumed run runs its own procedure '" + resume.procedure() + "'");
            }
            if (resume.state() != RunState.PAUSED || resume.pausedAtStep() == null) {
                throw new IllegalArgumentException("run " + resume.id() + " is " + resume.state().word()
                        + ", not paused: there is nothing to confirm");
            }
        }
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

    /** What started the run: {@code cli} (default), {@code schedule}, {@code drill}; {@code confirm} when resuming. */
    public String trigger() {
        return trigger;
    }

    /**
     * The host recorded with the run, or null: then the store records its own host ({@code host:} or
     * {@code --host}, else this machine's name).
     */
    public String host() {
        return host;
    }

    /** True if every manual gate counts as confirmed up front ({@code run --yes}). */
    public boolean confirmAll() {
        return confirmAll;
    }

    /** The paused run to resume at its gate, or null. */
    public StoredRun resume() {
        return resume;
    }

    /** For a resumed run: true if its gate is confirmed, false if declined. */
    public boolean resumeConfirmed() {
        return resumeConfirmed;
    }

    /** Builds a {@link RunRequest}. */
    public static final class Builder {
        private String procedure;
        private final java.util.ArrayList<String> checks = new java.util.ArrayList<>();
        private boolean dryRun;
        private boolean noActions;
        private String operator;
        private ManualPrompter prompter = ManualPrompter.NONE;
        private String trigger = RunTrail.CLI;
        private String host;
        private boolean confirmAll;
        private StoredRun resume;
        private boolean resumeConfirmed;

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

        /** {@code cli} (default), {@code schedule} or {@code drill}. */
        public Builder trigger(String trigger) {
            this.trigger = Objects.requireNonNull(trigger, "trigger");
            return this;
        }

        /** The host recorded with the run (default: the store's host, else this machine's name). */
        public Builder host(String host) {
            this.host = host;
            return this;
        }

        /** Every manual gate counts as confirmed, by the operator (rehearsals: {@code run --yes}). */
        public Builder confirmAll(boolean confirmAll) {
            this.confirmAll = confirmAll;
            return this;
        }

        /**
         * Resumes a paused run at its gate: {@code confirmed} true confirms the gate and runs on, false declines it
         * (the gate is CRITICAL "declined by …", every later step skipped). The procedure is the run's.
         */
        public Builder resume(StoredRun paused, boolean confirmed) {
            this.resume = Objects.requireNonNull(paused, "paused");
            this.resumeConfirmed = confirmed;
            this.procedure = paused.procedure();
            return this;
        }

        public RunRequest build() {
            return new RunRequest(this);
        }
    }
}
