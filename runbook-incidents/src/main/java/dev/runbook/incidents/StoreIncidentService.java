package dev.runbook.incidents;

import dev.runbook.core.CheckResult;
import dev.runbook.core.engine.SecretScrubber;
import dev.runbook.core.engine.ActionRun;
import dev.runbook.core.engine.RunListener;
import dev.runbook.core.escalation.Contact;
import dev.runbook.core.escalation.EscalationPolicy;
import dev.runbook.core.escalation.EscalationStep;
import dev.runbook.core.escalation.Incident;
import dev.runbook.core.escalation.IncidentDetails;
import dev.runbook.core.escalation.IncidentQueries;
import dev.runbook.core.escalation.IncidentRequest;
import dev.runbook.core.escalation.IncidentService;
import dev.runbook.core.escalation.Level;
import dev.runbook.core.escalation.Notification;
import dev.runbook.core.escalation.NotificationService;
import dev.runbook.core.escalation.Notifier;
import dev.runbook.core.escalation.SentReports;
import dev.runbook.core.model.CheckDefinition;
import dev.runbook.core.model.Runbook;
import dev.runbook.store.Store;
import dev.runbook.store.IncidentTables;
import dev.runbook.store.OutboxTable;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Incidents and the notification outbox kept in the runbook's SQLite store: opens, raises, escalates on
 * timers, sends updates, resolves on recovery; every notification is written before it is sent and retried
 * until delivered. Thread-safe; calls block on I/O (the store, and notifiers when sending). Close it.
 *
 * <pre>{@code
 * try (StoreIncidentService incidents = StoreIncidentService.open(storePath, runbook, Clock.systemUTC())) {
 *     Engine engine = Engine.builder().incidents(incidents).notifications(incidents.notifications())
 *             .listener(incidents.actionRecorder()).build();
 *     ...
 * }
 * }</pre>
 *
 * <p>Its tables ({@code incidents}, {@code incident_timeline}, {@code incident_escalations},
 * {@code incident_outbox}) are the store module's ({@link IncidentTables}), reached through the file's one
 * connection ({@link Store}). All times come from the injected {@link Clock} (or the {@code now} handed to
 * {@link #processDue}); nothing here sleeps.
 */
public final class StoreIncidentService implements IncidentService, IncidentQueries, SentReports, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StoreIncidentService.class);
    /** How long an entry being delivered is kept from other processes. */
    static final Duration LEASE = Duration.ofMinutes(2);
    /** The bound on one notifier send; a send past it is interrupted and retried later like a failed one. */
    public static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm");

    /** The timeline kind that marks an incident a fire drill opened ({@code runbook drill}); reports leave it out. */
    public static final String DRILL = "drill";

    private final IncidentTables store;
    private final OutboxDelivery outbox;
    private final IncidentViews views;
    /** The store this service opened itself, closed with it; null when the caller's store is used. */
    private final Store ownStore;
    private final Runbook runbook;
    private final EscalationPolicy policy;
    private final Clock clock;
    private final ZoneId zone;
    private final RetryPolicy retry;
    private final DoubleSupplier random;
    private final IncidentReport report;
    private final SecretScrubber secrets;
    private final InitialResponse initialResponse = new InitialResponse();
    private final NotificationService notifications;
    private final OutageJoin joins;
    private final IncidentNotices notices;

    private StoreIncidentService(Store db, boolean owns, Runbook runbook, Clock clock, RetryPolicy retry,
                                 DoubleSupplier random) {
        this.runbook = Objects.requireNonNull(runbook, "runbook");
        this.policy = runbook.escalation();
        this.clock = Objects.requireNonNull(clock, "clock");
        this.zone = runbook.zone();
        this.retry = Objects.requireNonNull(retry, "retry");
        this.random = random;
        this.report = new IncidentReport(runbook.title() != null ? runbook.title() : runbook.id(), zone);
        this.secrets = SecretScrubber.of(runbook.secrets().values());
        for (Contact c : policy.contacts().values()) {
            try {
                ContactHours.parse(c.hours());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("contact '" + c.id() + "': " + e.getMessage(), e);
            }
        }
        // incidents are per (check, host); a scope: fleet check's are the fleet's (runbook-format §10)
        this.store = db.incidents(runbook.id(), this::scrub).fleetSubjects(runbook.checks().values().stream()
                .filter(dev.runbook.core.model.CheckDefinition::fleetScoped).map(dev.runbook.core.model.CheckDefinition::id)
                .collect(java.util.stream.Collectors.toSet()));
        this.ownStore = owns ? db : null;
        this.outbox = new OutboxDelivery(store, runbook, retry, random, this::scrub);
        this.views = new IncidentViews(store, policy);
        this.notifications = outbox.notificationService(clock);
        this.joins = new OutageJoin(store, policy);
        this.notices = new IncidentNotices(store, outbox, runbook, report);
    }

    /**
     * The incidents of this runbook in the caller's open {@link Store}, sharing its one connection with the
     * history and notes. Closing the service leaves the store open.
     */
    public static StoreIncidentService open(Store store, Runbook runbook, Clock clock) {
        return open(store, runbook, clock, RetryPolicy.defaults());
    }

    /** {@link #open(Store, Runbook, Clock)} with a retry policy of your own. */
    public static StoreIncidentService open(Store store, Runbook runbook, Clock clock, RetryPolicy retry) {
        return new StoreIncidentService(Objects.requireNonNull(store, "store"), false, runbook, clock, retry,
                () -> ThreadLocalRandom.current().nextDouble());
    }

    /**
     * Opens the store file at {@code storePath} (joining this process's connection to it, if open) for this
     * runbook's incidents; closing the service leaves the file.
     */
    public static StoreIncidentService open(Path storePath, Runbook runbook, Clock clock) {
        return open(storePath, runbook, clock, RetryPolicy.defaults());
    }

    /** Opens with a retry policy of your own (tests, or impatient users). */
    public static StoreIncidentService open(Path storePath, Runbook runbook, Clock clock, RetryPolicy retry) {
        return open(storePath, runbook, clock, retry, () -> ThreadLocalRandom.current().nextDouble());
    }

    /** Opens with a fixed jitter source, for tests that check retry times exactly. */
    static StoreIncidentService open(Path storePath, Runbook runbook, Clock clock, RetryPolicy retry, DoubleSupplier random) {
        Objects.requireNonNull(storePath, "storePath");
        Store db = Store.open(storePath, Store.DEFAULT_RETENTION, clock);
        try {
            return new StoreIncidentService(db, true, runbook, clock, retry, random);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    /** Sets the bound on one notifier send (tests use a short one). */
    StoreIncidentService sendTimeout(Duration timeout) {
        outbox.sendTimeout(Objects.requireNonNull(timeout, "timeout"));
        return this;
    }

    /** The outbox-backed notification service for this runbook's notifiers and contacts. */
    public NotificationService notifications() {
        return notifications;
    }

    /**
     * A listener that records every remediation step of a check in its incident's timeline; steps that ran
     * before the incident opened (in the same process) become its "Initial Response". Register it on the engine.
     */
    public RunListener actionRecorder() {
        return new RunListener() {
            @Override
            public void actionFinished(String checkId, ActionRun action) {
                recordAction(checkId, action.step(), action.outcome().word(), action.message());
            }
        };
    }

    /**
     * Records an action taken about a check: in its open incident's timeline, or kept (in memory) for the
     * incident it may open next. Escalation steps and dry-run outcomes are not recorded.
     */
    public void recordAction(String check, String step, String outcome, String message) {
        if (check == null || step == null || step.startsWith("escalate ") || step.startsWith("incident ")
                || "dry_run".equals(outcome)) {
            return; // a dry run changed nothing, and escalations are in the timeline already
        }
        Instant now = clock.instant();
        String text = step + " → " + outcome + (message == null || message.isBlank() ? "" : ": " + message);
        Optional<IncidentTables.Row> open = store.findOpen(check);
        if (open.isPresent()) {
            store.timelineNow(open.get().id(), now, "action", text);
        } else {
            initialResponse.add(check, new Incident.TimelineEntry(now, "action", text));
        }
    }

    // ------------------------------------------------------------------ incidents

    @Override
    public String escalate(IncidentRequest request) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(request.level(), "level");
        Level level = Recipients.levelOf(policy, request.level());
        String subject = request.check() != null ? request.check()
                : request.procedure() != null ? "procedure:" + request.procedure() : "runbook:" + runbook.id();
        String category = request.category();
        if (category == null && request.check() != null) {
            CheckDefinition def = runbook.checks().get(request.check());
            category = def == null ? null : def.category();
        }
        Instant now = clock.instant();
        if (request.dryRun()) {
            Optional<IncidentTables.Row> open = store.findOpen(subject);
            if (open.isPresent()) {
                IncidentTables.Row r = open.get();
                return policy.rank(level.id()) < policy.rank(r.level())
                        ? "would raise incident #" + r.id() + " from " + r.level() + " to " + level.id() + " and notify "
                        + Recipients.describe(outbox, Recipients.groups(policy, level, category), now)
                        : "incident #" + r.id() + " already open at " + r.level();
            }
            return "would open a " + level.id() + " incident for " + IncidentReport.subjectName(subject)
                    + " and notify " + Recipients.describe(outbox, Recipients.groups(policy, level, category), now);
        }
        String cat = category;
        CheckResult trig = request.trigger();
        String trigMessage = trig == null ? null : trig.message();
        // a procedure's own escalate step: its Initial Response is what the procedure's earlier steps did
        List<Incident.TimelineEntry> buffered = request.check() != null ? initialResponse.take(request.check())
                : request.earlierSteps().stream().map(t -> new Incident.TimelineEntry(now, "action", t)).toList();
        // the incident is opened (or raised) in the same transaction that writes its notifications (§10)
        Opened opened = store.tx(() -> {
            Decision d = store.tx(() -> {
                Optional<IncidentTables.Row> open = store.findOpen(subject);
                boolean joining = open.isEmpty();
                if (joining) {
                    open = joins.target(request, level.id());
                    if (open.isPresent()) {
                        joins.join(open.get(), request, subject, level.id(), now);
                    }
                } else {
                    store.failing(open.get().id(), subject);
                }
                if (open.isPresent()) {
                    IncidentTables.Row r = open.get();
                    if (policy.rank(level.id()) >= policy.rank(r.level())) {
                        for (Incident.TimelineEntry e : joining ? buffered : List.<Incident.TimelineEntry>of()) {
                            store.timeline(r.id(), e.at(), e.kind(), e.text());
                        }
                        return new Decision(r.id(), joining ? "joined" : "already", r.level());
                    }
                    store.raise(r.id(), level.id(), now);
                    store.timeline(r.id(), now, "raised", r.level() + " → " + level.id()
                            + (trigMessage == null || trigMessage.isBlank() ? "" : ": " + trigMessage));
                    store.cancelSteps(r.id(), now, "superseded by " + level.id(), false);
                    schedule(r.id(), level, now);
                    for (Incident.TimelineEntry e : buffered) {
                        store.timeline(r.id(), e.at(), e.kind(), e.text());
                    }
                    return new Decision(r.id(), "raised", r.level());
                }
                Instant nextUpdate = policy.updates() == null ? null : now.plus(policy.updates());
                long id = store.insert(subject, level.id(), cat, now, trig == null ? null : trig.status().name(),
                        trigMessage, request.operator(), nextUpdate);
                for (Incident.TimelineEntry e : buffered) {
                    store.timeline(id, e.at(), e.kind(), e.text());
                }
                store.timeline(id, now, "opened", level.id() + (trig == null ? "" : " " + trig.status().name())
                        + (trigMessage == null || trigMessage.isBlank() ? "" : ": " + trigMessage)
                        + (request.operator() == null ? "" : " (by " + request.operator() + ")"));
                schedule(id, level, now);
                return new Decision(id, "opened", null);
            });
            if (d.what().equals("already") || d.what().equals("joined")) {
                return new Opened(d, List.of());
            }
            IncidentTables.Row row = store.find(d.id()).orElseThrow();
            String heading = d.what().equals("raised") ? "Raised from " + d.previousLevel() + " to " + level.id() : null;
            IncidentReport.Facts f = notices.facts(row, now);
            Notification n = notices.incidentNotification("incident", d.what(), row, level,
                    report.subject(d.what().equals("raised") ? "Incident raised" : "Incident", f),
                    report.initial(f, heading), now);
            List<OutboxDelivery.Written> written = new ArrayList<>();
            for (List<String> group : Recipients.groups(policy, level, cat)) {
                written.add(outbox.enqueue(d.id(), group, n, now));
            }
            return new Opened(d, written);
        });
        Decision d = opened.decision();
        if (d.what().equals("already")) {
            restoreBuffered(request.check(), buffered);
            return "incident #" + d.id() + " already open at " + d.previousLevel();
        }
        if (d.what().equals("joined")) {
            return "joined incident #" + d.id() + " open at " + d.previousLevel() + " (one outage, one incident)";
        }
        List<String> sent = new ArrayList<>();
        for (OutboxDelivery.Written w : opened.written()) {
            sent.add(outbox.attempt(w, now).summary());
        }
        String notified = sent.stream().filter(s -> !s.isEmpty()).reduce((a, b) -> a + "; " + b).orElse("nobody to notify");
        return d.what().equals("raised")
                ? "incident #" + d.id() + " raised from " + d.previousLevel() + " to " + level.id() + "; " + notified
                : "incident #" + d.id() + " " + level.id() + " opened; " + notified;
    }

    private record Decision(long id, String what, String previousLevel) {
    }

    /** What {@link #escalate} decided, and the notifications it wrote in the same transaction. */
    private record Opened(Decision decision, List<OutboxDelivery.Written> written) {
    }

    private void schedule(long id, Level level, Instant from) throws java.sql.SQLException {
        for (int i = 0; i < level.then().size(); i++) {
            EscalationStep s = level.then().get(i);
            store.schedule(id, level.id(), i, from.plus(s.after()), s.unlessAcknowledged());
        }
    }

    private void restoreBuffered(String check, List<Incident.TimelineEntry> entries) {
        if (check != null && !entries.isEmpty()) {
            // the incident was open already: these actions belong to it
            store.findOpen(check).ifPresent(r -> {
                for (Incident.TimelineEntry e : entries) {
                    store.timelineNow(r.id(), e.at(), e.kind(), e.text());
                }
            });
        }
    }

    @Override
    public void recovered(String check, CheckResult result, Instant at) {
        initialResponse.take(check);
        Optional<IncidentTables.Row> open = store.findOpen(check);
        if (open.isEmpty()) {
            return;
        }
        long id = open.get().id();
        String msg = result == null ? null : result.message();
        // resolved in the same transaction that writes the recovery notice to the outbox (§10)
        OutboxDelivery.Written notice = store.tx(() -> {
            Optional<IncidentTables.Row> again = store.find(id);
            if (again.isEmpty() || again.get().state() == Incident.State.RESOLVED || !joins.recovered(id, check, at)) {
                return null;
            }
            store.resolve(id, at, null, msg, null);
            store.timeline(id, at, "resolved", "recovered: " + check + " OK"
                    + (msg == null || msg.isBlank() ? "" : " (" + msg + ")"));
            return notices.recoveryWritten(id, at);
        });
        notices.attempt(notice, at);
    }

    /**
     * An incident a procedure's own step opened resolves when a later run of that procedure ends OK (contract §7
     * [1.1]); from then on it sends no updates.
     */
    @Override
    public void procedureFinished(String procedure, dev.runbook.core.Status status, Instant startedAt, Instant at) {
        if (procedure == null || status != dev.runbook.core.Status.OK) {
            return;
        }
        Optional<IncidentTables.Row> open = store.findOpen("procedure:" + procedure);
        if (open.isEmpty() || !open.get().openedAt().isBefore(startedAt)) {
            return;
        }
        long id = open.get().id();
        OutboxDelivery.Written notice = store.tx(() -> {
            Optional<IncidentTables.Row> again = store.find(id);
            if (again.isEmpty() || again.get().state() == Incident.State.RESOLVED) {
                return null;
            }
            store.resolve(id, at, null, "procedure " + procedure + " ended OK", null);
            store.timeline(id, at, "resolved", "recovered: a later run of procedure " + procedure + " ended OK");
            return notices.recoveryWritten(id, at);
        });
        notices.attempt(notice, at);
    }

    @Override
    public void processDue(Instant now) {
        processDueEscalations(now);
        deliverDue(now, null);
    }

    /**
     * Fires due escalation steps and incident updates (each queues its notifications and attempts them once), but
     * retries nothing from the outbox: {@link #deliverDue} does that, on a thread of the caller's choosing.
     */
    public void processDueEscalations(Instant now) {
        for (IncidentTables.Step s : store.stepsDue(now)) {
            try {
                notices.fireStep(s, now);
            } catch (RuntimeException e) {
                LOG.warn("escalation step {} of incident #{} failed: {}", s.step() + 1, s.incidentId(), scrub(e.toString()));
            }
        }
        for (IncidentTables.Row r : store.updatesDue(now)) {
            try {
                notices.update(r, now);
            } catch (RuntimeException e) {
                LOG.warn("update of incident #{} failed: {}", r.id(), scrub(e.toString()));
            }
        }
    }

    /**
     * Retries the outbox entries due at {@code now}, oldest first, until all are attempted or {@code budget} is
     * spent. The budget is checked before each attempt, so a pass ends within the budget plus one attempt (each
     * bounded by its notifier's own timeout); what is left waits for the next pass. Blocks on I/O.
     *
     * @param budget how long this pass may go on starting attempts; null for no bound
     * @return how many entries were attempted
     */
    public int deliverDue(Instant now, Duration budget) {
        long start = System.nanoTime();
        int attempted = 0;
        for (long id : store.outbox().dueOutgoing(now)) {
            if (budget != null && System.nanoTime() - start >= budget.toNanos()) {
                break;
            }
            if (store.outbox().claim(id, now, now.plus(LEASE))) {
                outbox.deliver(id, now);
                attempted++;
            }
        }
        return attempted;
    }

    /**
     * Labels every later notification before it is written to the outbox, as a fire drill does (kind {@code drill},
     * {@code [DRILL]} before the subject, runbook-format §9, §11): what {@code notifications} lists is what was sent.
     */
    public void labelNotifications(java.util.function.UnaryOperator<Notification> label) {
        outbox.label(label);
    }

    /** When the oldest notification still waiting in the outbox was written, if any waits. */
    public Optional<Instant> oldestPendingNotification() {
        return store.outbox().outgoingByState("pending").stream().map(OutboxTable.Outgoing::createdAt)
                .min(Instant::compareTo);
    }

    @Override
    public List<Incident> open() {
        return store.list(true).stream().map(views::toIncident).toList();
    }

    /** All incidents, newest first. */
    public List<Incident> all() {
        return store.list(false).stream().map(views::toIncident).toList();
    }

    /** The incidents of one host of the fleet ({@code host}; null: all of them), newest first (§10 {@code --host}). */
    public List<Incident> all(String host) {
        return store.list(false, host).stream().map(views::toIncident).toList();
    }

    /** The incident with this id, if this runbook has it. */
    public Optional<Incident> find(long id) {
        return store.find(id).map(views::toIncident);
    }

    /**
     * Whether the incident was acknowledged (or resolved by hand) within its level's {@code respond} target:
     * empty while nobody responded, or when the level has no target.
     */
    public Optional<Boolean> respondedWithinTarget(long id) {
        return store.find(id).map(IncidentTables.Row::respondMet);
    }

    /** The incident with the facts reports need (trigger, operators, response target met), if it exists. */
    public Optional<IncidentDetails> details(long id) {
        return store.find(id).map(views::toDetails);
    }

    /**
     * Incidents open at some time in {@code [from, to)}: opened before {@code to} and not resolved before
     * {@code from}; oldest first. For the reports' incidents section.
     */
    @Override
    public List<IncidentDetails> overlapping(Instant from, Instant to) {
        return views.overlapping(from, to);
    }

    /** Acknowledges an incident (stops {@code unless: acknowledged} escalation steps). */
    public Incident acknowledge(long id, String operator) {
        IncidentTables.Row r = views.require(id);
        if (r.state() == Incident.State.RESOLVED) {
            throw new IllegalStateException("incident #" + id + " is resolved already; add a note instead");
        }
        if (r.state() == Incident.State.ACKNOWLEDGED) {
            return views.toIncident(r);
        }
        Instant now = clock.instant();
        Boolean met = views.respondMet(r, now);
        store.tx(() -> {
            store.acknowledge(id, now, operator, met);
            store.cancelSteps(id, now, "acknowledged before due", true);
            store.timeline(id, now, "acknowledged", (operator == null ? "acknowledged" : "by " + operator)
                    + IncidentViews.respondText(r, now, met));
            return null;
        });
        return views.toIncident(views.require(id));
    }

    /** Resolves an incident by hand and sends the recovery report. */
    public Incident resolve(long id, String operator) {
        IncidentTables.Row r = views.require(id);
        if (r.state() == Incident.State.RESOLVED) {
            return views.toIncident(r);
        }
        Instant now = clock.instant();
        Boolean met = views.respondMet(r, now);
        String by = operator == null || operator.isBlank() ? "operator" : operator;
        OutboxDelivery.Written notice = store.tx(() -> {
            store.resolve(id, now, by, null, met);
            store.timeline(id, now, "resolved", "by " + by + (r.respondMet() == null ? IncidentViews.respondText(r, now, met) : ""));
            return notices.recoveryWritten(id, now);
        });
        initialResponse.take(r.subject());
        notices.attempt(notice, now);
        return views.toIncident(views.require(id));
    }

    /** Adds a note to an incident's timeline (resolved ones too, for the post-incident review). */
    public Incident note(long id, String text, String operator) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a note needs text");
        }
        views.require(id);
        store.timelineNow(id, clock.instant(), "note", operator == null || operator.isBlank() ? text : operator + ": " + text);
        return views.toIncident(views.require(id));
    }

    /** Notifications given up after the last retry, oldest first: shown by {@code runbook incidents} and reports. */
    public List<FailedNotification> failedNotifications() {
        return views.failedNotifications();
    }

    /**
     * {@code runbook notifications FILE retry ID}: puts the failed deliveries of notification {@code id} (see
     * {@link OutboxView}) back to pending and attempts each once now; a delivery that fails again waits for its
     * next attempt as any pending one does.
     *
     * @return the notification as it stands afterwards
     * @throws IllegalArgumentException for an unknown id
     */
    public OutboxView.Notice retryNotification(long id) {
        return outbox.retryByHand(id, clock.instant(), LEASE);
    }

    /**
     * Records that report {@code report} of {@code period} (e.g. "day 2026-12-06") goes to {@code recipient} now:
     * false if it already went, so a report schedule and a {@code {report:}} step firing in the same period send it
     * once (contract §8).
     */
    @Override
    public boolean firstReport(String report, String period, String recipient) {
        return store.outbox().firstReport(report, period, recipient, clock.instant());
    }

    /** How many notifications wait in the outbox for their next attempt. */
    public int pendingNotifications() {
        return store.outbox().outgoingByState("pending").size();
    }

    /** Replaces every secret value of the runbook, in any case, with {@code ******}. */
    String scrub(String text) {
        return secrets.scrub(text);
    }

    /**
     * Writes a notification to the outbox without attempting it, as a process killed between the write and the
     * send leaves it (tests).
     */
    long queueOnly(List<String> to, Notification n) {
        return outbox.queueOnly(to, n, clock.instant());
    }

    /** Closes the store if this service opened it ({@link #open(Path, Runbook, Clock)}); idempotent. */
    @Override
    public void close() {
        try {
            outbox.close();
        } finally {
            if (ownStore != null) {
                ownStore.close();
            }
        }
    }
}
