package dev.runbook.core.engine;

import dev.runbook.core.CheckResult;
import dev.runbook.core.Secret;
import dev.runbook.core.escalation.IncidentService;
import dev.runbook.core.escalation.NotificationService;
import dev.runbook.core.HistoryReader;
import dev.runbook.core.StateStore;
import dev.runbook.core.invoke.Completion;
import dev.runbook.core.model.CheckDefinition;
import dev.runbook.core.model.Runbook;
import dev.runbook.core.quantity.Quantity;
import dev.runbook.core.quantity.Unit;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state one run shares between its parts: the request, the latest result of each check, what was captured,
 * the results and steps so far, and this run's events. Only the thread that called {@code Engine.run} changes it,
 * except {@link #latest} and {@link #captured}, which user code reads from workers.
 */
final class Run {
    private static final Logger LOG = LoggerFactory.getLogger(Run.class);

    final Kernel kernel;
    final Runbook rb;
    final RunRequest req;
    final Clock clock;
    final ZoneId zone;
    final StateStore state;
    final HistoryReader history;
    final IncidentService incidents;
    final NotificationService notifications;
    final EventLane.RunEvents events;
    final Map<String, CheckRun> latest = new ConcurrentHashMap<>();
    final List<CheckRun> results = new ArrayList<>();
    final List<dev.runbook.core.engine.StepRun> steps = new ArrayList<>();
    /** The stored id this run's steps are written to as they finish, or 0 when they are written at its end. */
    long storedId;
    final Map<String, String> captured = new LinkedHashMap<>();
    /** What the batch of checks now running has done (its actions, its escalations); null between batches. */
    BatchActions batch;
    /** One scrubber for every secret value of the runbook, in any case (the loader and the incidents use it too). */
    final SecretScrubber secrets;

    Run(Kernel kernel, Runbook rb, RunRequest req) {
        this.kernel = kernel;
        this.rb = rb;
        this.req = req;
        this.clock = kernel.clock();
        this.zone = rb.zone();
        this.state = req.dryRun() ? new DryRunState(kernel.store().state()) : kernel.store().state();
        this.history = kernel.store().history();
        this.incidents = kernel.incidents().apply(rb);
        this.notifications = kernel.notifications().apply(rb);
        this.events = kernel.events().open();
        this.secrets = SecretScrubber.of(rb.secrets().values());
    }

    /** The key under which a check's probes and rechecks run: one hung run of it blocks the next. */
    String probeKey(CheckDefinition def) {
        return rb.id() + "/check/" + def.id();
    }

    /** Submits a probe with its deadline armed now. */
    CompletableFuture<Completion<CheckResult>> submitProbe(CheckDefinition def) {
        Instant deadline = clock.instant().plus(def.timeout());
        ProbeContext ctx = new ProbeContext(this, def, deadline);
        return kernel.invoker().submit(probeKey(def), def.timeout(), () -> def.check().run(ctx));
    }

    /** What a probe's completion means as a raw result, before thresholds. */
    static CheckResult raw(Completion<CheckResult> c, Duration timeout) {
        return switch (c.kind()) {
            case RETURNED -> c.value() == null ? CheckResult.unknown("the check returned no result") : c.value();
            case FAILED -> c.error() instanceof Secret.SecretNotSetException e ? CheckResult.unknown(e.getMessage())
                    : c.error() instanceof InterruptedException ? CheckResult.unknown("interrupted")
                    : CheckResult.unknown(Completion.describe(c.error()));
            default -> CheckResult.unknown(c.describe(timeout));
        };
    }

    /** How long a probe took as a result shows it: its timeout when cut off. */
    static Duration took(Completion<?> c, Duration timeout) {
        return c.kind() == Completion.Kind.TIMED_OUT ? timeout : c.ran() ? c.took() : Duration.ZERO;
    }

    /** Replaces every secret value in text, in any case, with {@code ******}. */
    String scrub(String text) {
        return secrets.scrub(text);
    }

    static String human(Duration d) {
        return Quantity.humanize(d.toNanos() / 1e9, Unit.SECONDS);
    }

    static CheckResult toResult(CheckRun r) {
        CheckResult.Builder b = CheckResult.builder().status(r.status()).message(r.message()).duration(r.duration());
        if (r.value() != null) {
            b.value(r.value(), r.unit());
        }
        b.metrics(r.metrics());
        return b.build();
    }

    /** A result with remediation applied: the final status, probe data from {@code last}, the actions, and the time of the first probe. */
    static CheckRun withRemediation(CheckRun first, CheckRun last, List<dev.runbook.core.engine.ActionRun> steps) {
        CheckRun src = last != null ? last : first;
        return new CheckRun(first.check(), first.type(), first.title(), src.status(), first.firstStatus(), src.value(),
                src.unit(), src.message(), src.metrics(), src.duration(), first.pending(), first.skipped(),
                first.waived(), first.maintenance(), first.flapping(), src.details(), steps, first.at());
    }

    static void contained(String what, Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.warn("{} failed: {}", what, e.toString());
        }
    }

    static String containedValue(java.util.function.Supplier<String> s) {
        try {
            return s.get();
        } catch (RuntimeException e) {
            LOG.warn("incident service failed: {}", e.toString());
            return "failed: " + Completion.describe(e);
        }
    }

    /** Reads through to the store, keeps writes to itself: dry-runs leave no trace. */
    private static final class DryRunState implements StateStore {
        private final StateStore base;
        private final Map<String, java.util.Optional<String>> local = new ConcurrentHashMap<>();

        DryRunState(StateStore base) {
            this.base = base;
        }

        @Override
        public java.util.Optional<String> get(String scope, String key) {
            java.util.Optional<String> v = local.get(scope + "\u0000" + key);
            return v != null ? v : base.get(scope, key);
        }

        @Override
        public void put(String scope, String key, String value) {
            local.put(scope + "\u0000" + key, java.util.Optional.ofNullable(value));
        }
    }
}
