package dev.runbook.core.engine;

import dev.runbook.core.CheckContext;
import dev.runbook.core.CheckResult;
import dev.runbook.core.MetricSpec;
import dev.runbook.core.Secret;
import dev.runbook.core.Status;
import dev.runbook.core.action.ActionContext;
import dev.runbook.core.action.ActionResult;
import dev.runbook.core.action.Outcome;
import dev.runbook.core.escalation.Incident;
import dev.runbook.core.escalation.IncidentRequest;
import dev.runbook.core.escalation.IncidentService;
import dev.runbook.core.escalation.NotificationService;
import dev.runbook.core.history.HistoryReader;
import dev.runbook.core.history.RunStore;
import dev.runbook.core.history.StateStore;
import dev.runbook.core.model.ActionDefinition;
import dev.runbook.core.model.CheckDefinition;
import dev.runbook.core.model.MaintenanceWindow;
import dev.runbook.core.model.Procedure;
import dev.runbook.core.model.Remediation;
import dev.runbook.core.model.Runbook;
import dev.runbook.core.model.Step;
import dev.runbook.core.quantity.Quantity;
import dev.runbook.core.quantity.Unit;
import dev.runbook.core.threshold.MetricThresholds;
import dev.runbook.core.threshold.Threshold;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One run of one runbook: not thread-safe itself, but its checks run concurrently. */
final class Execution {
    private static final Logger LOG = LoggerFactory.getLogger(Execution.class);
    private static final String ATTEMPTS_KEY = "remediation.attempts";

    private final Engine engine;
    private final Runbook rb;
    private final RunRequest req;
    private final Clock clock;
    private final ZoneId zone;
    private final StateStore state;
    private final HistoryReader history;
    private final IncidentService incidents;
    private final NotificationService notifications;
    private final SecretScrubber secrets;
    /** The latest result of each check in this run, for dependencies and {@code expr}. */
    private final Map<String, CheckRun> latest = new ConcurrentHashMap<>();
    private final List<CheckRun> results = new ArrayList<>();
    private final List<StepRun> steps = new ArrayList<>();
    private final Map<String, String> captured = new LinkedHashMap<>();
    private final ZonedDateTime startedAt;

    Execution(Engine engine, Runbook rb, RunRequest req) {
        this.engine = engine;
        this.rb = rb;
        this.req = req;
        this.clock = engine.clock;
        this.zone = rb.zone();
        this.state = req.dryRun() ? new DryRunState(engine.store.state()) : engine.store.state();
        this.history = engine.store.history();
        this.incidents = engine.incidents.apply(rb);
        this.notifications = engine.notifications.apply(rb);
        this.secrets = SecretScrubber.of(rb.secrets().values());
        this.startedAt = ZonedDateTime.ofInstant(clock.instant(), zone);
    }

    RunResult run() {
        long t0 = System.nanoTime();
        if (!req.dryRun() && !req.noActions()) {
            contained("processing due escalations", () -> incidents.processDue(clock.instant()));
        }
        if (req.procedure() != null) {
            Procedure p = rb.procedures().get(req.procedure());
            if (p == null) {
                throw new IllegalArgumentException("unknown procedure '" + req.procedure() + "' (procedures: "
                        + String.join(", ", rb.procedures().keySet()) + ")");
            }
            runProcedure(p);
        } else {
            List<String> ids = req.checks().isEmpty() ? new ArrayList<>(rb.checks().keySet()) : req.checks();
            for (String id : ids) {
                if (!rb.checks().containsKey(id)) {
                    throw new IllegalArgumentException("unknown check '" + id + "'");
                }
            }
            runCheckBatch(ids);
        }
        List<Status> counted = new ArrayList<>();
        for (CheckRun r : results) {
            if (r.counted()) {
                counted.add(r.status());
            }
        }
        for (StepRun s : steps) {
            if (s.status() != null) {
                counted.add(s.status());
            }
        }
        List<Incident> open = List.of();
        if (!req.noActions()) {
            try {
                open = incidents.open();
            } catch (RuntimeException e) {
                LOG.warn("could not list open incidents: {}", e.toString());
            }
        }
        RunResult result = new RunResult(rb.id(), req.procedure(), Status.worst(counted), startedAt,
                Duration.ofNanos(System.nanoTime() - t0), req.operator(), results, steps, open, req.dryRun(), null);
        if (!req.dryRun()) {
            try {
                engine.store.record(result);
            } catch (RunStore.StoreException | IllegalStateException e) {
                result = result.withStoreError(e.getMessage());
            }
        }
        RunResult done = result;
        for (RunListener l : engine.listeners) {
            contained("listener", () -> l.runFinished(done));
        }
        return result;
    }

    // ---------------------------------------------------------------- procedures

    private void runProcedure(Procedure p) {
        List<String> batch = new ArrayList<>();
        List<Integer> batchSteps = new ArrayList<>();
        boolean ended = false;
        int index = 0;
        for (Step step : p.steps()) {
            index++;
            if (ended) {
                steps.add(new StepRun(index, step.title(), kind(step), null, Outcome.SKIPPED,
                        "not needed: the recheck before it was OK", Duration.ZERO));
                continue;
            }
            if (step instanceof Step.Checks cs) {
                batch.addAll(cs.checkIds());
                batchSteps.add(index);
                continue;
            }
            flushBatch(p, batch, batchSteps);
            ended = runProcedureStep(index, step);
        }
        flushBatch(p, batch, batchSteps);
        steps.sort((a, b) -> Integer.compare(a.index(), b.index()));
    }

    private void flushBatch(Procedure p, List<String> batch, List<Integer> batchSteps) {
        if (batch.isEmpty()) {
            return;
        }
        List<CheckRun> ran = runCheckBatch(new ArrayList<>(new LinkedHashSet<>(batch)));
        Map<String, CheckRun> byId = new HashMap<>();
        for (CheckRun r : ran) {
            byId.put(r.check(), r);
        }
        for (int idx : batchSteps) {
            Step.Checks cs = (Step.Checks) p.steps().get(idx - 1);
            List<Status> st = new ArrayList<>();
            StringBuilder msg = new StringBuilder();
            for (String id : cs.checkIds()) {
                CheckRun r = byId.get(id);
                if (r != null) {
                    if (r.counted()) {
                        st.add(r.status());
                    }
                    if (msg.length() > 0) {
                        msg.append("; ");
                    }
                    msg.append(id).append(' ').append(r.status());
                }
            }
            StepRun s = new StepRun(idx, cs.title(), "checks", null, null, msg.toString(), Duration.ZERO);
            steps.add(s);
            notifyListeners(l -> l.stepFinished(s));
        }
        batch.clear();
        batchSteps.clear();
    }

    /** Runs one non-check procedure step; true if it ends the procedure (a recheck that came back OK). */
    private boolean runProcedureStep(int index, Step step) {
        long t0 = System.nanoTime();
        Sequence seq = new Sequence(null, null);
        ActionRun a = seq.runStep(step);
        Status counts = null;
        if (a.outcome() == Outcome.FAILED || a.outcome() == Outcome.TIMED_OUT) {
            counts = Status.CRITICAL;
        }
        if (step instanceof Step.Manual && a.outcome() != Outcome.DONE && a.outcome() != Outcome.DRY_RUN) {
            counts = Status.UNKNOWN;
        }
        if (step instanceof Step.Recheck rc && seq.lastRecheck != null) {
            results.add(seq.lastRecheck);
            latest.put(rc.checkId(), seq.lastRecheck);
        }
        StepRun s = new StepRun(index, step.title(), kind(step), counts, a.outcome(), a.message(),
                Duration.ofNanos(System.nanoTime() - t0));
        steps.add(s);
        notifyListeners(l -> l.stepFinished(s));
        return seq.recovered;
    }

    private static String kind(Step s) {
        if (s instanceof Step.Checks) {
            return "checks";
        } else if (s instanceof Step.Run) {
            return "action";
        } else if (s instanceof Step.Wait) {
            return "wait";
        } else if (s instanceof Step.Recheck) {
            return "recheck";
        } else if (s instanceof Step.Escalate) {
            return "escalate";
        } else if (s instanceof Step.Report) {
            return "report";
        }
        return "manual";
    }

    // ---------------------------------------------------------------- check batches

    /** Runs checks together (dependencies first), then their remediations; returns the final results. */
    private List<CheckRun> runCheckBatch(List<String> ids) {
        Map<String, CompletableFuture<CheckRun>> futures = new LinkedHashMap<>();
        Set<String> batch = new LinkedHashSet<>(ids);
        for (String id : ids) {
            schedule(id, futures, batch);
        }
        List<CheckRun> first = new ArrayList<>();
        for (CompletableFuture<CheckRun> f : futures.values()) {
            first.add(f.join());
        }
        List<CheckRun> finals = new ArrayList<>();
        for (CheckRun r : first) {
            CheckRun fin = afterProbe(r);
            latest.put(fin.check(), fin);
            finals.add(fin);
        }
        // a dependent is skipped when its dependency *ends* CRITICAL or UNKNOWN: one skipped on a dependency whose
        // remediation recovered it runs now, after the remediations, with its own
        List<String> retry = new ArrayList<>();
        for (CheckRun r : finals) {
            if (r.skipped() && dependenciesEndedWell(rb.check(r.check()))) {
                retry.add(r.check());
            }
        }
        for (CheckRun fin : finals) {
            if (!retry.contains(fin.check())) {
                results.add(fin);
            }
        }
        List<CheckRun> rerun = retry.isEmpty() ? List.of() : runCheckBatch(retry);
        List<CheckRun> out = new ArrayList<>();
        for (CheckRun fin : finals) {
            if (retry.contains(fin.check())) {
                rerun.stream().filter(x -> x.check().equals(fin.check())).findFirst().ifPresent(out::add);
            } else {
                out.add(fin);
            }
        }
        return out;
    }

    private boolean dependenciesEndedWell(CheckDefinition def) {
        for (String d : def.dependsOn()) {
            CheckRun dr = latest.get(d);
            if (dr == null || dr.skipped() || dr.status() == Status.CRITICAL || dr.status() == Status.UNKNOWN) {
                return false;
            }
        }
        return true;
    }

    private CompletableFuture<CheckRun> schedule(String id, Map<String, CompletableFuture<CheckRun>> futures,
                                                 Set<String> batch) {
        CompletableFuture<CheckRun> existing = futures.get(id);
        if (existing != null) {
            return existing;
        }
        CheckDefinition def = rb.check(id);
        List<String> prereq = new ArrayList<>(def.dependsOn());
        prereq.addAll(def.after());
        List<CompletableFuture<CheckRun>> deps = new ArrayList<>();
        Map<String, CompletableFuture<CheckRun>> depById = new LinkedHashMap<>();
        for (String d : prereq) {
            CompletableFuture<CheckRun> df;
            CheckRun earlier = latest.get(d);
            if (earlier != null && !batch.contains(d)) {
                df = CompletableFuture.completedFuture(earlier);
            } else {
                df = schedule(d, futures, batch);
            }
            deps.add(df);
            depById.put(d, df);
        }
        CompletableFuture<CheckRun> f;
        if (deps.isEmpty()) {
            f = startCheck(def);
        } else {
            f = CompletableFuture.allOf(deps.toArray(new CompletableFuture[0])).thenCompose(v -> {
                for (String d : def.dependsOn()) {
                    CheckRun dr = depById.get(d).join();
                    if (dr.status() == Status.CRITICAL || dr.status() == Status.UNKNOWN) {
                        return CompletableFuture.completedFuture(skipped(def, d, dr.status()));
                    }
                }
                return startCheck(def);
            });
        }
        futures.put(id, f);
        return f;
    }

    private CheckRun skipped(CheckDefinition def, String dep, Status depStatus) {
        CheckRun r = new CheckRun(def.id(), def.type(), def.title(), Status.UNKNOWN, Status.UNKNOWN, null, null,
                "skipped: depends on " + dep + " (" + depStatus + ")", Map.of(), Duration.ZERO, null, true, false,
                false, false, Map.of(), List.of(), clock.instant());
        latest.put(def.id(), r);
        notifyListeners(l -> l.checkFinished(r));
        return r;
    }

    /** Starts the probe; the future completes within the timeout whatever the probe does. */
    private CompletableFuture<CheckRun> startCheck(CheckDefinition def) {
        notifyListeners(l -> l.checkStarted(def.id()));
        CompletableFuture<CheckRun> out = new CompletableFuture<>();
        Instant at = clock.instant();
        if (!def.missingSecrets().isEmpty()) {
            complete(out, def, CheckResult.unknown("secret " + def.missingSecrets().iterator().next() + " is not set"),
                    at, Duration.ZERO, false);
            return out;
        }
        String hungKey = rb.id() + "/" + def.id();
        Thread stillHung = engine.hung.get(hungKey);
        if (stillHung != null) {
            if (stillHung.isAlive()) {
                complete(out, def, CheckResult.unknown("not started: its previous run timed out and is still running"),
                        at, Duration.ZERO, false);
                return out;
            }
            engine.hung.remove(hungKey, stillHung);
        }
        ProbeTask task = new ProbeTask(def, out, at, hungKey);
        try {
            engine.executor.execute(task);
        } catch (RejectedExecutionException e) {
            complete(out, def, CheckResult.unknown("not started: the engine is shut down or saturated"), at,
                    Duration.ZERO, false);
        }
        return out;
    }

    /** Runs one probe on a pool thread with a timeout armed from the moment it starts. */
    private final class ProbeTask implements Runnable {
        private final CheckDefinition def;
        private final CompletableFuture<CheckRun> out;
        private final Instant at;
        private final String hungKey;

        ProbeTask(CheckDefinition def, CompletableFuture<CheckRun> out, Instant at, String hungKey) {
            this.def = def;
            this.out = out;
            this.at = at;
            this.hungKey = hungKey;
        }

        @Override
        public void run() {
            Thread me = Thread.currentThread();
            long t0 = System.nanoTime();
            ScheduledFuture<?> timeout = engine.timer.schedule(() -> {
                if (complete(out, def, CheckResult.unknown("timed out after " + human(def.timeout())), at,
                        def.timeout(), false)) {
                    engine.hung.put(hungKey, me);
                    me.interrupt();
                }
            }, def.timeout().toNanos(), TimeUnit.NANOSECONDS);
            CheckResult raw;
            try {
                raw = def.check().run(new Ctx(def));
                if (raw == null) {
                    raw = CheckResult.unknown("the check returned no result");
                }
            } catch (Secret.SecretNotSetException e) {
                raw = CheckResult.unknown(e.getMessage());
            } catch (InterruptedException e) {
                raw = CheckResult.unknown("interrupted");
                Thread.currentThread().interrupt();
            } catch (Throwable e) {
                raw = CheckResult.unknown(describe(e));
            } finally {
                timeout.cancel(false);
            }
            complete(out, def, raw, at, Duration.ofNanos(System.nanoTime() - t0), false);
            engine.hung.remove(hungKey, me);
            if (Thread.interrupted()) {
                // clear a late interrupt so it does not leak into the next task on this pool thread
                LOG.debug("cleared interrupt after {}", def.id());
            }
        }
    }

    static String describe(Throwable e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    private boolean complete(CompletableFuture<CheckRun> out, CheckDefinition def, CheckResult raw, Instant at,
                             Duration took, boolean recheck) {
        if (out.isDone()) {
            return false;
        }
        CheckRun r;
        // one winner between the probe and its timeout: only the winner evaluates (hysteresis state advances once),
        // and it publishes to latest before completing, because dependents (depends_on, expr) may run inside complete()
        synchronized (out) {
            if (out.isDone()) {
                return false;
            }
            r = evaluate(def, raw, at, took, recheck);
            if (!recheck) {
                latest.put(def.id(), r);
            }
            out.complete(r);
        }
        if (!recheck) {
            notifyListeners(l -> l.checkFinished(r));
        }
        return true;
    }

    /** Applies thresholds (and, outside rechecks, hysteresis, maintenance and waivers) to a raw probe result. */
    private CheckRun evaluate(CheckDefinition def, CheckResult raw, Instant at, Duration took, boolean recheck) {
        MetricSpec primary = def.primaryMetric();
        Map<String, Double> metrics = raw.metrics();
        Double value = raw.value();
        if (value == null && primary != null) {
            value = metrics.get(primary.name());
        }
        Unit unit = raw.unit() != null ? raw.unit() : primary != null ? primary.unit() : null;
        Status status = raw.status();
        StringBuilder clauses = new StringBuilder();
        for (MetricThresholds t : def.thresholds().values()) {
            String name = t.metric().name();
            Double v = metrics.get(name);
            if (v == null && primary != null && name.equals(primary.name())) {
                v = value;
            }
            if (v == null) {
                if (raw.status() == Status.OK) {
                    status = Status.worst(status, Status.UNKNOWN);
                    append(clauses, "no data for metric " + name);
                }
                continue;
            }
            Status s = t.evaluate(v);
            if (s != Status.OK) {
                status = Status.worst(status, s);
                Threshold rule = t.ruleFor(s);
                append(clauses, name + " " + t.show(v) + " (" + s.name().toLowerCase() + " " + rule.describe(t.metric().unit()) + ")");
            }
        }
        String message = raw.message();
        if (clauses.length() > 0) {
            message = message.isEmpty() ? clauses.toString() : message + " — " + clauses;
        }
        message = scrub(message);
        ZonedDateTime now = ZonedDateTime.ofInstant(at, zone);
        boolean maintenance = false;
        boolean waived = false;
        dev.runbook.core.Pending pending = null;
        boolean flapping = false;
        Status first = status;
        if (!recheck) {
            maintenance = inMaintenance(def, now);
            waived = def.waiver() != null && def.waiver().activeAt(now, zone);
            if (!def.hysteresis().isNone()) {
                HysteresisTracker.Judgement j = HysteresisTracker.judge(def.hysteresis(), status, at, state.scoped(def.id()));
                first = j.status();
                pending = j.pending();
                flapping = j.flapping();
                if (j.note() != null) {
                    message = message + " [" + j.note() + "]";
                }
                if (flapping) {
                    message = message + " [flapping: notifications and incidents held until it settles]";
                }
            }
            if (maintenance) {
                message = message + " [maintenance]";
            }
            if (waived) {
                message = message + " [waived until " + def.waiver().until()
                        + (def.waiver().reason() == null ? "" : ": " + def.waiver().reason()) + "]";
            }
        }
        Map<String, Object> details = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : raw.details().entrySet()) {
            details.put(e.getKey(), e.getValue() instanceof String s ? scrub(s) : e.getValue());
        }
        return secrets.scrubbed(new CheckRun(def.id(), def.type(), def.title(), first, first, value, unit, message, metrics,
                took, pending, false, waived, maintenance, flapping, details, List.of(), at));
    }

    private boolean inMaintenance(CheckDefinition def, ZonedDateTime now) {
        for (MaintenanceWindow w : rb.maintenance()) {
            if (w.contains(now)) {
                return true;
            }
        }
        for (MaintenanceWindow w : def.maintenance()) {
            if (w.contains(now)) {
                return true;
            }
        }
        return false;
    }

    private static void append(StringBuilder b, String s) {
        if (b.length() > 0) {
            b.append("; ");
        }
        b.append(s);
    }

    /** Remediation, incidents and recovery for a first result. */
    private CheckRun afterProbe(CheckRun r) {
        if (r.skipped() || r.waived() || r.maintenance()) {
            return r;
        }
        CheckDefinition def = rb.check(r.check());
        if (r.status() == Status.OK) {
            // only checks that can remediate or open incidents have anything to reset: no store traffic for the rest
            if (r.pending() == null && !req.dryRun() && hasLimit(def)) {
                state.put(def.id(), ATTEMPTS_KEY, null);
            }
            if (!req.noActions() && !req.dryRun() && r.pending() == null
                    && (def.incident() != null || !def.remediations().isEmpty())) {
                contained("resolving incidents of " + def.id(), () -> incidents.recovered(def.id(), toResult(r), r.at()));
            }
            return r;
        }
        if (req.noActions()) {
            return r;
        }
        List<ActionRun> actions = new ArrayList<>();
        CheckRun last = null;
        Remediation rem = def.remediationFor(r.status());
        if (rem != null) {
            List<Step> plan = rem.steps();
            if (rem.limit() != null) {
                List<Instant> attempts = attempts(def.id(), rem.limit().within());
                if (attempts.size() >= rem.limit().attempts()) {
                    plan = rem.limit().then();
                    actions.add(new ActionRun("limit", Outcome.DONE, rem.limit().attempts() + " attempts within "
                            + human(rem.limit().within()) + " without lasting recovery: running the limit's steps instead",
                            Duration.ZERO));
                } else if (!req.dryRun()) {
                    attempts.add(clock.instant());
                    state.put(def.id(), ATTEMPTS_KEY, String.join(",", attempts.stream()
                            .map(i -> Long.toString(i.toEpochMilli())).toList()));
                }
            }
            Sequence seq = new Sequence(def, r);
            for (Step s : plan) {
                ActionRun a = seq.runStep(s);
                actions.add(a);
                notifyListeners(l -> l.actionFinished(def.id(), a));
                if (seq.recovered) {
                    break;
                }
            }
            last = seq.lastRecheck;
        }
        CheckRun fin = r.withRemediation(last, actions);
        if (fin.status() == Status.CRITICAL && def.incident() != null && !escalatedAtLeast(actions, def.incident())) {
            if (fin.flapping()) {
                actions.add(new ActionRun("incident " + def.incident(), Outcome.SKIPPED, "flapping: no incident opened",
                        Duration.ZERO));
            } else {
                CheckResult trig = toResult(fin);
                String msg = containedValue(() -> incidents.escalate(new IncidentRequest(def.incident(), def.id(),
                        req.procedure(), def.category(), trig, req.dryRun(), req.operator())));
                actions.add(new ActionRun("incident " + def.incident(), req.dryRun() ? Outcome.DRY_RUN
                        : msg.startsWith("failed") ? Outcome.FAILED : Outcome.DONE, msg, Duration.ZERO));
            }
            fin = r.withRemediation(last, actions);
        } else if (fin.status() == Status.OK && last != null && !req.dryRun()) {
            CheckRun recovered = fin;
            contained("resolving incidents of " + def.id(),
                    () -> incidents.recovered(def.id(), toResult(recovered), recovered.at()));
        }
        return fin;
    }

    /** True if an escalate step ran at {@code level} or a more severe one: it already opened (or raised) the incident. */
    private boolean escalatedAtLeast(List<ActionRun> ran, String level) {
        int wanted = rb.escalation().rank(level);
        for (ActionRun a : ran) {
            if (a.step().startsWith("escalate ") && (a.outcome() == Outcome.DONE || a.outcome() == Outcome.DRY_RUN)) {
                String l = a.step().substring("escalate ".length());
                if (l.equals(level) || rb.escalation().rank(l) < wanted) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean hasLimit(CheckDefinition def) {
        for (Remediation rem : def.remediations().values()) {
            if (rem.limit() != null) {
                return true;
            }
        }
        return false;
    }

    private List<Instant> attempts(String checkId, Duration within) {
        List<Instant> out = new ArrayList<>();
        Optional<String> s = state.get(checkId, ATTEMPTS_KEY);
        Instant cutoff = clock.instant().minus(within);
        if (s.isPresent() && !s.get().isEmpty()) {
            for (String part : s.get().split(",")) {
                try {
                    Instant i = Instant.ofEpochMilli(Long.parseLong(part));
                    if (i.isAfter(cutoff)) {
                        out.add(i);
                    }
                } catch (NumberFormatException e) {
                    LOG.debug("ignoring damaged attempt entry {}", part);
                }
            }
        }
        return out;
    }

    static CheckResult toResult(CheckRun r) {
        CheckResult.Builder b = CheckResult.builder().status(r.status()).message(r.message()).duration(r.duration());
        if (r.value() != null) {
            b.value(r.value(), r.unit());
        }
        b.metrics(r.metrics());
        return b.build();
    }

    /** Runs a check again with its raw thresholds, synchronously, within its timeout. */
    private CheckRun recheck(String id) {
        CheckDefinition def = rb.check(id);
        CompletableFuture<CheckRun> out = new CompletableFuture<>();
        Instant at = clock.instant();
        CompletableFuture.runAsync(() -> {
            long t0 = System.nanoTime();
            CheckResult raw;
            try {
                raw = def.check().run(new Ctx(def));
                if (raw == null) {
                    raw = CheckResult.unknown("the check returned no result");
                }
            } catch (Throwable e) {
                raw = CheckResult.unknown(describe(e));
            }
            complete(out, def, raw, at, Duration.ofNanos(System.nanoTime() - t0), true);
        }, engine.executor);
        try {
            return out.get(def.timeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            complete(out, def, CheckResult.unknown("timed out after " + human(def.timeout())), at, def.timeout(), true);
            return out.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return evaluate(def, CheckResult.unknown("interrupted"), at, Duration.ZERO, true);
        } catch (ExecutionException e) {
            return evaluate(def, CheckResult.unknown(describe(e.getCause())), at, Duration.ZERO, true);
        }
    }

    // ---------------------------------------------------------------- step sequences

    /** Runs remediation or procedure steps in order, sharing captured values and the recovered flag. */
    private final class Sequence {
        private final CheckDefinition check;
        private final CheckRun trigger;
        CheckRun lastRecheck;
        boolean recovered;

        Sequence(CheckDefinition check, CheckRun trigger) {
            this.check = check;
            this.trigger = trigger;
        }

        ActionRun runStep(Step step) {
            long t0 = System.nanoTime();
            ActionRun a;
            try {
                a = dispatch(step);
            } catch (RuntimeException e) {
                a = new ActionRun(step.title(), Outcome.FAILED, scrub(describe(e)), null);
            }
            return new ActionRun(a.step(), a.outcome(), scrub(a.message()), Duration.ofNanos(System.nanoTime() - t0));
        }

        private ActionRun dispatch(Step step) {
            if (step instanceof Step.Run run) {
                return runAction(run.action());
            }
            if (step instanceof Step.Wait w) {
                if (req.dryRun()) {
                    return new ActionRun(step.title(), Outcome.DRY_RUN, "would wait " + human(w.duration()), null);
                }
                Instant before = clock.instant();
                try {
                    engine.sleeper.sleep(w.duration());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return new ActionRun(step.title(), Outcome.FAILED, "interrupted while waiting", null);
                }
                // say what the clock saw: a sleeper may shorten waits (the demo does)
                Duration waited = Duration.between(before, clock.instant());
                boolean shortened = waited.compareTo(w.duration().multipliedBy(9).dividedBy(10)) < 0;
                return new ActionRun(step.title(), Outcome.DONE, shortened
                        ? "waited " + human(waited) + " of " + human(w.duration()) + " (the wait was shortened)"
                        : "waited " + human(w.duration()), null);
            }
            if (step instanceof Step.Recheck rc) {
                if (req.dryRun()) {
                    return new ActionRun(step.title(), Outcome.DRY_RUN, "would recheck " + rc.checkId(), null);
                }
                CheckRun r = recheck(rc.checkId());
                lastRecheck = r;
                recovered = r.status() == Status.OK;
                return new ActionRun(step.title(), Outcome.DONE, r.status().name()
                        + (r.status() == Status.OK ? "" : ": " + r.message()), null);
            }
            if (step instanceof Step.Escalate e) {
                if (req.noActions()) {
                    return new ActionRun(step.title(), Outcome.SKIPPED, "--no-actions", null);
                }
                if (check != null && trigger != null && trigger.flapping()) {
                    return new ActionRun(step.title(), Outcome.SKIPPED, "flapping: no incident opened", null);
                }
                String msg = incidents.escalate(new IncidentRequest(e.level(), check == null ? null : check.id(),
                        req.procedure(), check == null ? null : check.category(),
                        lastRecheck != null ? toResult(lastRecheck) : trigger == null ? null : toResult(trigger),
                        req.dryRun(), req.operator()));
                return new ActionRun(step.title(), req.dryRun() ? Outcome.DRY_RUN : Outcome.DONE, msg, null);
            }
            if (step instanceof Step.Report rep) {
                if (engine.reports == null) {
                    return new ActionRun(step.title(), Outcome.SKIPPED, "no report renderer is configured", null);
                }
                try {
                    return new ActionRun(step.title(), req.dryRun() ? Outcome.DRY_RUN : Outcome.DONE,
                            engine.reports.render(rb, rep.reportId(), req.dryRun()), null);
                } catch (Exception ex) {
                    return new ActionRun(step.title(), Outcome.FAILED, describe(ex), null);
                }
            }
            if (step instanceof Step.Manual m) {
                if (req.dryRun()) {
                    return new ActionRun(step.title(), Outcome.DRY_RUN, "would ask: " + m.text(), null);
                }
                Optional<Boolean> answer = req.prompter().confirm(m.text());
                if (answer.isEmpty()) {
                    return new ActionRun(step.title(), Outcome.SKIPPED, "not confirmed", null);
                }
                return answer.get() ? new ActionRun(step.title(), Outcome.DONE, "confirmed"
                        + (req.operator() == null ? "" : " by " + req.operator()), null)
                        : new ActionRun(step.title(), Outcome.FAILED, "declined", null);
            }
            throw new IllegalStateException("a checks step cannot run inside a remediation");
        }

        private ActionRun runAction(ActionDefinition def) {
            String label = def.id();
            if (req.noActions()) {
                return new ActionRun(label, Outcome.SKIPPED, "--no-actions", null);
            }
            if (!def.missingSecrets().isEmpty()) {
                return new ActionRun(label, Outcome.FAILED, "secret " + def.missingSecrets().iterator().next()
                        + " is not set", null);
            }
            ActCtx ctx = new ActCtx(def, check, trigger);
            CompletableFuture<ActionResult> f = CompletableFuture.supplyAsync(() -> {
                try {
                    ActionResult r = def.action().execute(ctx);
                    return r == null ? ActionResult.failed("the action returned no result") : r;
                } catch (Secret.SecretNotSetException e) {
                    return ActionResult.failed(e.getMessage());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return ActionResult.timedOut("interrupted");
                } catch (Exception e) {
                    return ActionResult.failed(describe(e));
                }
            }, engine.executor);
            ActionResult r;
            try {
                r = f.get(def.timeout().toNanos(), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                f.cancel(true);
                r = ActionResult.timedOut("timed out after " + human(def.timeout()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                r = ActionResult.failed("interrupted");
            } catch (ExecutionException e) {
                r = ActionResult.failed(describe(e.getCause()));
            }
            if (req.dryRun() && r.outcome() == Outcome.DONE) {
                // an action that ignored dry-run must not be reported as done
                r = ActionResult.dryRun(r.message());
            }
            return new ActionRun(label, r.outcome(), r.message(), null);
        }
    }

    // ---------------------------------------------------------------- contexts

    private final class Ctx implements CheckContext {
        private final CheckDefinition def;

        Ctx(CheckDefinition def) {
            this.def = def;
        }

        @Override
        public String checkId() {
            return def.id();
        }

        @Override
        public Clock clock() {
            return clock;
        }

        @Override
        public ZoneId zone() {
            return zone;
        }

        @Override
        public Duration timeout() {
            return def.timeout();
        }

        @Override
        public boolean dryRun() {
            return req.dryRun();
        }

        @Override
        public StateStore.Scoped state() {
            return state.scoped(def.id());
        }

        @Override
        public HistoryReader history() {
            return history;
        }

        @Override
        public OptionalDouble runMetric(String reference) {
            int dot = reference.indexOf('.');
            if (dot < 0) {
                return OptionalDouble.empty();
            }
            CheckRun r = latest.get(reference.substring(0, dot));
            if (r == null || r.skipped()) {
                return OptionalDouble.empty();
            }
            Double v = r.metrics().get(reference.substring(dot + 1));
            return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
        }
    }

    private final class ActCtx implements ActionContext {
        private final ActionDefinition def;
        private final CheckDefinition check;
        private final CheckRun trigger;

        ActCtx(ActionDefinition def, CheckDefinition check, CheckRun trigger) {
            this.def = def;
            this.check = check;
            this.trigger = trigger;
        }

        @Override
        public String actionId() {
            return def.id();
        }

        @Override
        public Clock clock() {
            return clock;
        }

        @Override
        public ZoneId zone() {
            return zone;
        }

        @Override
        public Duration timeout() {
            return def.timeout();
        }

        @Override
        public boolean dryRun() {
            return req.dryRun();
        }

        @Override
        public String checkId() {
            return check == null ? null : check.id();
        }

        @Override
        public String procedureId() {
            return req.procedure();
        }

        @Override
        public CheckResult trigger() {
            return trigger == null ? null : toResult(trigger);
        }

        @Override
        public Map<String, String> captured() {
            synchronized (captured) {
                return Map.copyOf(captured);
            }
        }

        @Override
        public void capture(String name, String value) {
            if (!req.dryRun()) {
                synchronized (captured) {
                    captured.put(name, value);
                }
            }
        }

        @Override
        public String expand(String text) {
            Map<String, String> values;
            synchronized (captured) {
                values = new HashMap<>(captured);
            }
            return dev.runbook.core.action.CapturedValues.expand(text, values, req.dryRun());
        }

        @Override
        public IncidentService incidents() {
            return incidents;
        }

        @Override
        public NotificationService notifications() {
            return notifications;
        }

        @Override
        public String operator() {
            return req.operator();
        }
    }

    // ---------------------------------------------------------------- helpers

    /** Replaces every secret value in text, in any case, with {@code ******}. */
    String scrub(String text) {
        return secrets.scrub(text);
    }

    static String human(Duration d) {
        return Quantity.humanize(d.toNanos() / 1e9, Unit.SECONDS);
    }

    private void notifyListeners(java.util.function.Consumer<RunListener> call) {
        for (RunListener l : engine.listeners) {
            contained("listener", () -> call.accept(l));
        }
    }

    private static void contained(String what, Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.warn("{} failed: {}", what, e.toString());
        }
    }

    private static String containedValue(java.util.function.Supplier<String> s) {
        try {
            return s.get();
        } catch (RuntimeException e) {
            LOG.warn("incident service failed: {}", e.toString());
            return "failed: " + describe(e);
        }
    }

    /** Reads through to the store, keeps writes to itself: dry-runs leave no trace. */
    private static final class DryRunState implements StateStore {
        private final StateStore base;
        private final Map<String, Optional<String>> local = new ConcurrentHashMap<>();

        DryRunState(StateStore base) {
            this.base = base;
        }

        @Override
        public Optional<String> get(String scope, String key) {
            Optional<String> v = local.get(scope + "\u0000" + key);
            return v != null ? v : base.get(scope, key);
        }

        @Override
        public void put(String scope, String key, String value) {
            local.put(scope + "\u0000" + key, Optional.ofNullable(value));
        }
    }
}
