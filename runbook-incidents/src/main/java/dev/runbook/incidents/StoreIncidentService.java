package dev.runbook.incidents;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbook.core.CheckResult;
import dev.runbook.core.Secret;
import dev.runbook.core.engine.ActionRun;
import dev.runbook.core.engine.RunListener;
import dev.runbook.core.escalation.Contact;
import dev.runbook.core.escalation.EscalationPolicy;
import dev.runbook.core.escalation.EscalationStep;
import dev.runbook.core.escalation.Incident;
import dev.runbook.core.escalation.IncidentRequest;
import dev.runbook.core.escalation.IncidentService;
import dev.runbook.core.escalation.Level;
import dev.runbook.core.escalation.Notification;
import dev.runbook.core.escalation.NotificationService;
import dev.runbook.core.escalation.Notifier;
import dev.runbook.core.invoke.Completion;
import dev.runbook.core.invoke.Invoker;
import dev.runbook.core.escalation.Route;
import dev.runbook.core.model.CheckDefinition;
import dev.runbook.core.model.Runbook;
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
import java.util.concurrent.ConcurrentHashMap;
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
 * <p>Its tables ({@code incidents_meta}, {@code incidents}, {@code incident_timeline},
 * {@code incident_escalations}, {@code incident_outbox}) live beside the history store's in the same file; it
 * touches no other table. All times come from the injected {@link Clock} (or the {@code now} handed to
 * {@link #processDue}); nothing here sleeps.
 */
public final class StoreIncidentService implements IncidentService, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StoreIncidentService.class);
    /** How long an entry being delivered is kept from other processes. */
    static final Duration LEASE = Duration.ofMinutes(2);
    /** The bound on one notifier send; a send past it is interrupted and retried later like a failed one. */
    public static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BUFFERED_ACTIONS = 20;

    private final IncidentStore store;
    private final Runbook runbook;
    private final EscalationPolicy policy;
    private final Clock clock;
    private final ZoneId zone;
    private final RetryPolicy retry;
    private final DoubleSupplier random;
    private final IncidentReport report;
    private final List<String> secretValues;
    private final Map<String, List<Incident.TimelineEntry>> pendingActions = new ConcurrentHashMap<>();
    private final NotificationService notifications = new OutboxNotifications();
    /** Each notifier send is one timed invocation: bounded by {@link #SEND_TIMEOUT}, interrupted, never stacked. */
    private final Invoker sends = Invoker.builder().concurrency(4).abandonedBound(4).name("runbook-notify").build();
    private volatile Duration sendTimeout = SEND_TIMEOUT;

    private StoreIncidentService(Path storePath, Runbook runbook, Clock clock, RetryPolicy retry, DoubleSupplier random) {
        this.runbook = Objects.requireNonNull(runbook, "runbook");
        this.policy = runbook.escalation();
        this.clock = Objects.requireNonNull(clock, "clock");
        this.zone = runbook.zone();
        this.retry = Objects.requireNonNull(retry, "retry");
        this.random = random;
        this.report = new IncidentReport(runbook.title() != null ? runbook.title() : runbook.id(), zone);
        List<String> values = new ArrayList<>();
        for (Secret s : runbook.secrets().values()) {
            if (s.isSet() && s.reveal().length() >= 3) {
                values.add(s.reveal());
            }
        }
        values.sort((a, b) -> b.length() - a.length());
        this.secretValues = List.copyOf(values);
        for (Contact c : policy.contacts().values()) {
            try {
                ContactHours.parse(c.hours());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("contact '" + c.id() + "': " + e.getMessage(), e);
            }
        }
        this.store = IncidentStore.open(Objects.requireNonNull(storePath, "storePath"), runbook.id(), this::scrub);
    }

    /** Opens the incident tables in the store file at {@code storePath} for this runbook. */
    public static StoreIncidentService open(Path storePath, Runbook runbook, Clock clock) {
        return open(storePath, runbook, clock, RetryPolicy.defaults());
    }

    /** Opens with a retry policy of your own (tests, or impatient users). */
    public static StoreIncidentService open(Path storePath, Runbook runbook, Clock clock, RetryPolicy retry) {
        return new StoreIncidentService(storePath, runbook, clock, retry, () -> ThreadLocalRandom.current().nextDouble());
    }

    /** Opens with a fixed jitter source, for tests that check retry times exactly. */
    static StoreIncidentService open(Path storePath, Runbook runbook, Clock clock, RetryPolicy retry, DoubleSupplier random) {
        return new StoreIncidentService(storePath, runbook, clock, retry, random);
    }

    /** Sets the bound on one notifier send (tests use a short one). */
    StoreIncidentService sendTimeout(Duration timeout) {
        this.sendTimeout = Objects.requireNonNull(timeout, "timeout");
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
        Optional<IncidentStore.Row> open = store.findOpen(check);
        if (open.isPresent()) {
            store.timelineNow(open.get().id(), now, "action", text);
        } else {
            List<Incident.TimelineEntry> list = pendingActions.computeIfAbsent(check, k -> new ArrayList<>());
            synchronized (list) {
                list.add(new Incident.TimelineEntry(now, "action", text));
                if (list.size() > BUFFERED_ACTIONS) {
                    list.remove(0);
                }
            }
        }
    }

    // ------------------------------------------------------------------ incidents

    @Override
    public String escalate(IncidentRequest request) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(request.level(), "level");
        Level level = levelOf(request.level());
        String subject = request.check() != null ? request.check()
                : request.procedure() != null ? "procedure:" + request.procedure() : "runbook:" + runbook.id();
        String category = request.category();
        if (category == null && request.check() != null) {
            CheckDefinition def = runbook.checks().get(request.check());
            category = def == null ? null : def.category();
        }
        Instant now = clock.instant();
        if (request.dryRun()) {
            Optional<IncidentStore.Row> open = store.findOpen(subject);
            if (open.isPresent()) {
                IncidentStore.Row r = open.get();
                return policy.rank(level.id()) < policy.rank(r.level())
                        ? "would raise incident #" + r.id() + " from " + r.level() + " to " + level.id() + " and notify "
                        + describeGroups(groups(level, category), now)
                        : "incident #" + r.id() + " already open at " + r.level();
            }
            return "would open a " + level.id() + " incident for " + IncidentReport.subjectName(subject)
                    + " and notify " + describeGroups(groups(level, category), now);
        }
        String cat = category;
        CheckResult trig = request.trigger();
        String trigMessage = trig == null ? null : trig.message();
        List<Incident.TimelineEntry> buffered = request.check() == null ? List.of() : takeBuffered(request.check());
        Decision d = store.tx(() -> {
            Optional<IncidentStore.Row> open = store.findOpen(subject);
            if (open.isPresent()) {
                IncidentStore.Row r = open.get();
                if (policy.rank(level.id()) >= policy.rank(r.level())) {
                    return new Decision(r.id(), "already", r.level());
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
        if (d.what().equals("already")) {
            restoreBuffered(request.check(), buffered);
            return "incident #" + d.id() + " already open at " + d.previousLevel();
        }
        IncidentStore.Row row = store.find(d.id()).orElseThrow();
        String heading = d.what().equals("raised") ? "Raised from " + d.previousLevel() + " to " + level.id() : null;
        IncidentReport.Facts f = facts(row, now);
        Notification n = incidentNotification("incident", d.what(), row, level,
                report.subject(d.what().equals("raised") ? "Incident raised" : "Incident", f),
                report.initial(f, heading), now);
        List<String> sent = new ArrayList<>();
        for (List<String> group : groups(level, cat)) {
            sent.add(queue(d.id(), group, n, now).summary());
        }
        String notified = sent.stream().filter(s -> !s.isEmpty()).reduce((a, b) -> a + "; " + b).orElse("nobody to notify");
        return d.what().equals("raised")
                ? "incident #" + d.id() + " raised from " + d.previousLevel() + " to " + level.id() + "; " + notified
                : "incident #" + d.id() + " " + level.id() + " opened; " + notified;
    }

    private record Decision(long id, String what, String previousLevel) {
    }

    private void schedule(long id, Level level, Instant from) throws java.sql.SQLException {
        for (int i = 0; i < level.then().size(); i++) {
            EscalationStep s = level.then().get(i);
            store.schedule(id, level.id(), i, from.plus(s.after()), s.unlessAcknowledged());
        }
    }

    private List<Incident.TimelineEntry> takeBuffered(String check) {
        List<Incident.TimelineEntry> list = pendingActions.remove(check);
        if (list == null) {
            return List.of();
        }
        synchronized (list) {
            return List.copyOf(list);
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

    private Level levelOf(String id) {
        if (policy.levels().isEmpty()) {
            return new Level(id, id, null, List.of(), List.of());
        }
        return policy.level(id).orElseThrow(() -> new IllegalArgumentException("unknown incident level '" + id
                + "' (levels: " + String.join(", ", policy.levels().keySet()) + ")"));
    }

    /** Who an opening or raise notifies: the level's {@code notify}, then each matching route, as separate steps. */
    private List<List<String>> groups(Level level, String category) {
        List<List<String>> out = new ArrayList<>();
        if (!level.recipients().isEmpty()) {
            out.add(level.recipients());
        }
        if (category != null) {
            for (Route r : policy.routes()) {
                if (r.category().equals(category) && !r.recipients().isEmpty()) {
                    out.add(r.recipients());
                }
            }
        }
        return out;
    }

    private String describeGroups(List<List<String>> groups, Instant now) {
        List<String> parts = new ArrayList<>();
        for (List<String> g : groups) {
            Selection s = select(g, now);
            parts.add(s.describe());
        }
        return parts.isEmpty() ? "nobody" : String.join("; ", parts);
    }

    @Override
    public void recovered(String check, CheckResult result, Instant at) {
        pendingActions.remove(check);
        Optional<IncidentStore.Row> open = store.findOpen(check);
        if (open.isEmpty()) {
            return;
        }
        long id = open.get().id();
        String msg = result == null ? null : result.message();
        boolean resolved = store.tx(() -> {
            Optional<IncidentStore.Row> again = store.find(id);
            if (again.isEmpty() || again.get().state() == Incident.State.RESOLVED) {
                return false;
            }
            store.resolve(id, at, null, msg, null);
            store.timeline(id, at, "resolved", "recovered: " + check + " OK"
                    + (msg == null || msg.isBlank() ? "" : " (" + msg + ")"));
            return true;
        });
        if (resolved) {
            sendRecovery(id, at);
        }
    }

    private void sendRecovery(long id, Instant now) {
        IncidentStore.Row row = store.find(id).orElseThrow();
        Level level = policy.level(row.level()).orElse(null);
        List<String> to = store.targetsOf(id);
        if (to.isEmpty() && level != null) {
            to = level.recipients();
        }
        if (to.isEmpty()) {
            return;
        }
        IncidentReport.Facts f = facts(row, now);
        queue(id, to, incidentNotification("recovery", "resolved", row, level, report.subject("Recovered", f),
                report.recovery(f), now), now);
    }

    @Override
    public void processDue(Instant now) {
        for (IncidentStore.Step s : store.stepsDue(now)) {
            try {
                fireStep(s, now);
            } catch (RuntimeException e) {
                LOG.warn("escalation step {} of incident #{} failed: {}", s.step() + 1, s.incidentId(), scrub(e.toString()));
            }
        }
        for (IncidentStore.Row r : store.updatesDue(now)) {
            try {
                sendUpdate(r, now);
            } catch (RuntimeException e) {
                LOG.warn("update of incident #{} failed: {}", r.id(), scrub(e.toString()));
            }
        }
        for (long id : store.dueOutgoing(now)) {
            if (store.claim(id, now, now.plus(LEASE))) {
                deliver(id, now);
            }
        }
    }

    private void fireStep(IncidentStore.Step s, Instant now) {
        IncidentStore.Row row = store.find(s.incidentId()).orElseThrow();
        Level level = policy.level(s.level()).orElse(null);
        if (level == null || s.step() >= level.then().size()) {
            store.tx(() -> store.claimStep(s, now, "level no longer defined"));
            return;
        }
        if (s.unlessAcknowledged() && row.state() == Incident.State.ACKNOWLEDGED) {
            store.tx(() -> store.claimStep(s, now, "acknowledged before due"));
            return;
        }
        EscalationStep step = level.then().get(s.step());
        boolean mine = store.tx(() -> {
            if (!store.claimStep(s, now, "notified")) {
                return false;
            }
            store.timeline(row.id(), now, "escalated", "not resolved after " + IncidentReport.human(step.after())
                    + ": notifying " + String.join(", ", step.recipients()));
            return true;
        });
        if (!mine) {
            return;
        }
        IncidentReport.Facts f = facts(row, now);
        Notification n = incidentNotification("incident", "escalated", row, level, report.subject("Escalated", f),
                report.initial(f, "Escalated: not resolved " + IncidentReport.human(step.after()) + " after it opened"), now);
        queue(row.id(), step.recipients(), n, now);
    }

    private void sendUpdate(IncidentStore.Row r, Instant now) {
        Duration every = policy.updates();
        Instant next = null;
        if (every != null && !every.isZero() && !every.isNegative()) {
            // the first due time after now: missed updates are not sent in a burst
            long missed = Duration.between(r.nextUpdateAt(), now).toMillis() / every.toMillis();
            next = r.nextUpdateAt().plus(every.multipliedBy(missed + 1));
        }
        Instant scheduled = r.nextUpdateAt();
        Instant nextUpdate = next;
        boolean mine = store.tx(() -> {
            Optional<IncidentStore.Row> again = store.find(r.id());
            if (again.isEmpty() || again.get().state() == Incident.State.RESOLVED
                    || !scheduled.equals(again.get().nextUpdateAt())) {
                return false;
            }
            store.nextUpdate(r.id(), nextUpdate);
            return true;
        });
        if (!mine || nextUpdate == null) {
            return;
        }
        List<String> to = store.targetsOf(r.id());
        if (to.isEmpty()) {
            return;
        }
        IncidentStore.Row row = store.find(r.id()).orElseThrow();
        Level level = policy.level(row.level()).orElse(null);
        IncidentReport.Facts f = facts(row, now);
        queue(row.id(), to, incidentNotification("update", "update", row, level, report.subject("Update", f),
                report.update(f), now), now);
    }

    private IncidentReport.Facts facts(IncidentStore.Row row, Instant now) {
        return new IncidentReport.Facts(row, policy.level(row.level()).orElse(null), store.timelineOf(row.id()),
                store.pendingSteps(row.id()), policy.updates(), now);
    }

    private Notification incidentNotification(String kind, String event, IncidentStore.Row row, Level level,
                                              String subject, String text, Instant at) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("runbook", runbook.id());
        fields.put("incident", Long.toString(row.id()));
        fields.put("event", event);
        fields.put("level", row.level());
        if (level != null && level.title() != null) {
            fields.put("level_title", level.title());
        }
        fields.put("check", IncidentReport.subjectName(row.subject()));
        if (row.category() != null) {
            fields.put("category", row.category());
        }
        fields.put("state", row.state().word());
        if (row.triggerStatus() != null) {
            fields.put("status", row.triggerStatus());
        }
        fields.put("opened_at", IncidentsView.ISO.format(row.openedAt().atZone(zone)));
        return new Notification(kind, subject, text, fields, at);
    }

    @Override
    public List<Incident> open() {
        return store.list(true).stream().map(this::toIncident).toList();
    }

    /** All incidents, newest first. */
    public List<Incident> all() {
        return store.list(false).stream().map(this::toIncident).toList();
    }

    /** The incident with this id, if this runbook has it. */
    public Optional<Incident> find(long id) {
        return store.find(id).map(this::toIncident);
    }

    /**
     * Whether the incident was acknowledged (or resolved by hand) within its level's {@code respond} target:
     * empty while nobody responded, or when the level has no target.
     */
    public Optional<Boolean> respondedWithinTarget(long id) {
        return store.find(id).map(IncidentStore.Row::respondMet);
    }

    /** The incident with the facts reports need (trigger, operators, response target met), if it exists. */
    public Optional<IncidentDetails> details(long id) {
        return store.find(id).map(this::toDetails);
    }

    /**
     * Incidents open at some time in {@code [from, to)}: opened before {@code to} and not resolved before
     * {@code from}; oldest first. For the reports' incidents section.
     */
    public List<IncidentDetails> overlapping(Instant from, Instant to) {
        List<IncidentDetails> out = new ArrayList<>();
        List<IncidentStore.Row> rows = new ArrayList<>(store.list(false));
        java.util.Collections.reverse(rows);
        for (IncidentStore.Row r : rows) {
            if (r.openedAt().isBefore(to) && (r.resolvedAt() == null || !r.resolvedAt().isBefore(from))) {
                out.add(toDetails(r));
            }
        }
        return out;
    }

    private IncidentDetails toDetails(IncidentStore.Row r) {
        Level level = policy.level(r.level()).orElse(null);
        return new IncidentDetails(toIncident(r), level == null ? null : level.title(), r.triggerStatus(),
                r.triggerMessage(), r.acknowledgedBy(), r.resolvedBy(), level == null ? null : level.respond(),
                r.respondMet());
    }

    /** Acknowledges an incident (stops {@code unless: acknowledged} escalation steps). */
    public Incident acknowledge(long id, String operator) {
        IncidentStore.Row r = require(id);
        if (r.state() == Incident.State.RESOLVED) {
            throw new IllegalStateException("incident #" + id + " is resolved already; add a note instead");
        }
        if (r.state() == Incident.State.ACKNOWLEDGED) {
            return toIncident(r);
        }
        Instant now = clock.instant();
        Boolean met = respondMet(r, now);
        store.tx(() -> {
            store.acknowledge(id, now, operator, met);
            store.cancelSteps(id, now, "acknowledged before due", true);
            store.timeline(id, now, "acknowledged", (operator == null ? "acknowledged" : "by " + operator)
                    + respondText(r, now, met));
            return null;
        });
        return toIncident(require(id));
    }

    /** Resolves an incident by hand and sends the recovery report. */
    public Incident resolve(long id, String operator) {
        IncidentStore.Row r = require(id);
        if (r.state() == Incident.State.RESOLVED) {
            return toIncident(r);
        }
        Instant now = clock.instant();
        Boolean met = respondMet(r, now);
        String by = operator == null || operator.isBlank() ? "operator" : operator;
        store.tx(() -> {
            store.resolve(id, now, by, null, met);
            store.timeline(id, now, "resolved", "by " + by + (r.respondMet() == null ? respondText(r, now, met) : ""));
            return null;
        });
        pendingActions.remove(r.subject());
        sendRecovery(id, now);
        return toIncident(require(id));
    }

    /** Adds a note to an incident's timeline (resolved ones too, for the post-incident review). */
    public Incident note(long id, String text, String operator) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a note needs text");
        }
        require(id);
        store.timelineNow(id, clock.instant(), "note", operator == null || operator.isBlank() ? text : operator + ": " + text);
        return toIncident(require(id));
    }

    /** Notifications given up after the last retry, oldest first: shown by {@code runbook incidents} and reports. */
    public List<FailedNotification> failedNotifications() {
        return store.outgoingByState("failed").stream().map(o -> new FailedNotification(o.id(), o.incidentId(),
                o.target(), o.notifier(), o.address(), o.kind(), o.subject(), o.attempts(), o.lastError(),
                o.createdAt(), o.doneAt())).toList();
    }

    /** How many notifications wait in the outbox for their next attempt. */
    public int pendingNotifications() {
        return store.outgoingByState("pending").size();
    }

    private IncidentStore.Row require(long id) {
        return store.find(id).orElseThrow(() -> new IllegalArgumentException("unknown incident #" + id
                + " (open: " + (store.list(true).isEmpty() ? "none" : String.join(", ",
                store.list(true).stream().map(r -> "#" + r.id()).toList())) + ")"));
    }

    private Boolean respondMet(IncidentStore.Row r, Instant at) {
        Level level = policy.level(r.level()).orElse(null);
        if (level == null || level.respond() == null) {
            return null;
        }
        return Duration.between(r.openedAt(), at).compareTo(level.respond()) <= 0;
    }

    private static String respondText(IncidentStore.Row r, Instant at, Boolean met) {
        if (met == null) {
            return "";
        }
        return " after " + IncidentReport.human(Duration.between(r.openedAt(), at)) + " (response target "
                + (met ? "met" : "missed") + ")";
    }

    private Incident toIncident(IncidentStore.Row r) {
        return new Incident(r.id(), r.level(), r.category(), IncidentReport.subjectName(r.subject()), r.state(), r.openedAt(),
                r.acknowledgedAt(), r.resolvedAt(), store.timelineOf(r.id()));
    }

    // ------------------------------------------------------------------ recipients and the outbox

    /** A recipient resolved to a notifier and address. */
    private record Target(String id, String notifier, String address, ContactHours hours, boolean contact) {
        String label() {
            return contact ? id + " (" + notifier + ")" : id;
        }
    }

    /** Who of one step gets it, who is skipped for their hours, and which ids are unknown. */
    private record Selection(List<Target> reachable, List<Target> skipped, List<String> unknown, boolean nobodyInHours) {
        String describe() {
            List<String> parts = new ArrayList<>();
            if (!reachable.isEmpty()) {
                parts.add(String.join(", ", reachable.stream().map(Target::label).toList())
                        + (nobodyInHours ? " (nobody within their hours: notifying all)" : ""));
            }
            for (Target t : skipped) {
                parts.add("skipped " + t.id() + " (outside " + t.hours() + ")");
            }
            for (String u : unknown) {
                parts.add("unknown recipient '" + u + "'");
            }
            return String.join("; ", parts);
        }
    }

    private Selection select(List<String> to, Instant now) {
        List<Target> all = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (String id : new java.util.LinkedHashSet<>(to)) {
            Contact c = policy.contacts().get(id);
            if (c != null) {
                all.add(new Target(id, c.via(), c.address(), ContactHours.parse(c.hours()), true));
            } else if (runbook.notifiers().containsKey(id)) {
                all.add(new Target(id, id, null, ContactHours.always(), false));
            } else {
                unknown.add(id);
            }
        }
        java.time.ZonedDateTime local = now.atZone(zone);
        List<Target> reachable = all.stream().filter(t -> t.hours().reachableAt(local)).toList();
        if (reachable.isEmpty() && !all.isEmpty()) {
            return new Selection(all, List.of(), unknown, true);
        }
        List<Target> skipped = all.stream().filter(t -> !reachable.contains(t)).toList();
        return new Selection(reachable, skipped, unknown, false);
    }

    /** What became of one queued batch. */
    private record Queued(String summary, boolean anyFailed) {
    }

    /** Writes the notification to the outbox for each reachable recipient, then tries to deliver each. */
    private Queued queue(Long incidentId, List<String> to, Notification n, Instant now) {
        Selection sel = select(to, now);
        if (!sel.unknown().isEmpty()) {
            LOG.warn("notification '{}' names unknown recipients {}: define them as contacts or notifiers",
                    scrub(n.subject()), sel.unknown());
        }
        String fields = json(n.fields());
        List<Long> ids = store.tx(() -> {
            List<Long> out = new ArrayList<>();
            for (Target t : sel.reachable()) {
                out.add(store.enqueue(incidentId, t.id(), t.notifier(), t.address(), n.kind(), n.subject(), n.text(),
                        fields, now, null));
            }
            if (incidentId != null && (!sel.reachable().isEmpty() || !sel.skipped().isEmpty())) {
                store.timeline(incidentId, now, "notified", n.kind() + " to " + sel.describe());
            }
            return out;
        });
        List<String> parts = new ArrayList<>();
        boolean anyFailed = false;
        List<String> delivered = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            Target t = sel.reachable().get(i);
            // written first, claimed second: a process dying in between leaves an unclaimed entry that the next
            // processDue delivers at once; a claim keeps a concurrent processDue elsewhere from sending it twice
            if (!store.claim(ids.get(i), now, now.plus(LEASE))) {
                parts.add(t.label() + " queued");
                continue;
            }
            String error = deliver(ids.get(i), now);
            if (error == null) {
                delivered.add(t.label());
            } else {
                anyFailed = true;
                parts.add(t.label() + " not delivered yet (" + error + ")");
            }
        }
        if (!delivered.isEmpty()) {
            parts.add(0, "sent to " + String.join(", ", delivered)
                    + (sel.nobodyInHours() ? " (nobody within their hours: notified all)" : ""));
        }
        for (Target t : sel.skipped()) {
            parts.add("skipped " + t.id() + " (outside " + t.hours() + ")");
        }
        for (String u : sel.unknown()) {
            anyFailed = true;
            parts.add("unknown recipient '" + u + "'");
        }
        return new Queued(String.join("; ", parts), anyFailed);
    }

    /**
     * Attempts one delivery of an entry this process has claimed.
     *
     * @return null if delivered, else why not (scrubbed)
     */
    private String deliver(long id, Instant now) {
        IncidentStore.Outgoing o = store.outgoing(id).orElse(null);
        if (o == null || !o.state().equals("pending")) {
            return null;
        }
        int attempts = o.attempts() + 1;
        try {
            Notifier notifier = runbook.notifiers().get(o.notifier());
            if (notifier == null) {
                throw new IllegalStateException("notifier '" + o.notifier() + "' is not defined (notifiers: "
                        + String.join(", ", runbook.notifiers().keySet()) + ")");
            }
            Notification n = new Notification(o.kind(), o.subject(), o.body(), fields(o.fields()), o.createdAt());
            Duration bound = sendTimeout;
            Completion<Object> sent = sends.call("notifier/" + o.notifier(), bound, () -> {
                notifier.send(n, o.address());
                return null;
            });
            if (sent.kind() == Completion.Kind.FAILED && sent.error() instanceof Exception failure) {
                throw failure;
            } else if (sent.kind() != Completion.Kind.RETURNED) {
                throw new IllegalStateException("notifier '" + o.notifier() + "': " + sent.describe(bound));
            }
            store.tx(() -> {
                store.delivered(id, now, attempts);
                return null;
            });
            return null;
        } catch (Exception e) {
            String error = scrub(describe(e));
            if (attempts >= retry.maxAttempts()) {
                store.tx(() -> {
                    store.failed(id, attempts, now, error);
                    if (o.incidentId() != null) {
                        store.timeline(o.incidentId(), now, "delivery_failed", o.kind() + " to " + o.target()
                                + " failed after " + attempts + " attempts: " + error);
                    }
                    return null;
                });
                LOG.warn("gave up notifying {} via {} after {} attempts: {}", o.target(), o.notifier(), attempts, error);
                return error + "; gave up after " + attempts + " attempts";
            }
            Instant next = now.plus(retry.delayAfter(attempts, random.getAsDouble()));
            store.tx(() -> {
                store.retryLater(id, attempts, next, error);
                return null;
            });
            LOG.info("notifying {} via {} failed (attempt {}), retrying at {}: {}", o.target(), o.notifier(), attempts,
                    next, error);
            return error + "; retrying at " + CLOCK.format(next.atZone(zone));
        }
    }

    private static String json(Map<String, String> fields) {
        try {
            return JSON.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> fields(String json) {
        try {
            return JSON.readValue(json, new TypeReference<Map<String, String>>() { });
        } catch (JsonProcessingException e) {
            return Map.of();
        }
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    /** Replaces every secret value of the runbook with {@code ******}. */
    String scrub(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String v : secretValues) {
            out = out.replace(v, "******");
        }
        return out;
    }

    /**
     * Writes a notification to the outbox without attempting it, as a process killed between the write and the
     * send leaves it (tests).
     */
    long queueOnly(List<String> to, Notification n) {
        Instant now = clock.instant();
        Selection sel = select(to, now);
        return store.tx(() -> {
            long last = -1;
            for (Target t : sel.reachable()) {
                last = store.enqueue(null, t.id(), t.notifier(), t.address(), n.kind(), n.subject(), n.text(),
                        json(n.fields()), now, null);
            }
            return last;
        });
    }

    @Override
    public void close() {
        sends.close();
        store.close();
    }

    /** The outbox-backed {@link NotificationService}. */
    private final class OutboxNotifications implements NotificationService {
        @Override
        public String send(List<String> to, Notification notification, boolean dryRun) {
            Objects.requireNonNull(to, "to");
            Objects.requireNonNull(notification, "notification");
            Instant now = clock.instant();
            if (dryRun) {
                Selection s = select(to, now);
                return "would send '" + scrub(notification.subject()) + "' to " + (s.describe().isEmpty() ? "nobody" : s.describe());
            }
            Long incidentId = null;
            String inc = notification.fields().get("incident");
            if (inc != null && inc.matches("\\d{1,18}") && store.find(Long.parseLong(inc)).isPresent()) {
                incidentId = Long.parseLong(inc);
            }
            Queued q = queue(incidentId, to, notification, now);
            return q.summary().isEmpty() ? "nobody to notify" : q.summary();
        }
    }
}
