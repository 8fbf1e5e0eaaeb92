package dev.runbook.incidents;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbook.core.escalation.Contact;
import dev.runbook.core.escalation.EscalationPolicy;
import dev.runbook.core.escalation.Notification;
import dev.runbook.core.invoke.Completion;
import dev.runbook.core.invoke.Invoker;
import dev.runbook.core.escalation.NotificationService;
import dev.runbook.core.escalation.Notifier;
import dev.runbook.core.model.Runbook;
import dev.runbook.store.IncidentTables;
import dev.runbook.store.OutboxTable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.DoubleSupplier;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recipients and the outbox of {@link StoreIncidentService}: resolves who gets a notification (contacts, their
 * hours, notifiers), writes one outbox entry per recipient, claims and attempts each, and records the outcome
 * (delivered, retry later with backoff, failed after the last attempt). Thread-safe; blocks on the store and on
 * notifiers.
 */
final class OutboxDelivery {
    private static final Logger LOG = LoggerFactory.getLogger(OutboxDelivery.class);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How long an entry being delivered is kept from other processes. */
    static final Duration LEASE = StoreIncidentService.LEASE;

    private final IncidentTables store;
    private final Runbook runbook;
    private final EscalationPolicy policy;
    private final ZoneId zone;
    private final RetryPolicy retry;
    private final DoubleSupplier random;
    private final UnaryOperator<String> scrub;
    /** Each notifier send is one timed invocation: bounded, interrupted at its bound, never stacked. */
    private final Invoker sends = Invoker.builder().concurrency(4).abandonedBound(4).name("runbook-notify").build();
    private volatile Duration sendTimeout = StoreIncidentService.SEND_TIMEOUT;
    /** What every notification becomes before it is written to the outbox (a drill's label); identity by default. */
    private volatile UnaryOperator<Notification> label = UnaryOperator.identity();

    OutboxDelivery(IncidentTables store, Runbook runbook, RetryPolicy retry, DoubleSupplier random,
                   UnaryOperator<String> scrub) {
        this.store = store;
        this.runbook = runbook;
        this.policy = runbook.escalation();
        this.zone = runbook.zone();
        this.retry = retry;
        this.random = random;
        this.scrub = scrub;
    }


    /** A recipient resolved to a notifier and address. */
    record Target(String id, String notifier, String address, ContactHours hours, boolean contact) {
        String label() {
            return contact ? id + " (" + notifier + ")" : id;
        }
    }

    /** Who of one step gets it, who is skipped for their hours, and which ids are unknown. */
    record Selection(List<Target> reachable, List<Target> skipped, List<String> unknown, boolean nobodyInHours) {
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

    Selection select(List<String> to, Instant now) {
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
    record Queued(String summary, boolean anyFailed) {
    }

    /** Writes the notification to the outbox for each reachable recipient, then tries to deliver each. */
    Queued queue(Long incidentId, List<String> to, Notification n, Instant now) {
        return attempt(enqueue(incidentId, to, n, now), now);
    }

    /** Notifications written to the outbox and not yet attempted: the rows, in the order of their recipients. */
    record Written(Selection selection, List<Long> ids) {
    }

    /**
     * Writes the notification to the outbox for each reachable recipient, without attempting it. Inside a caller's
     * transaction ({@link IncidentTables#tx}) it joins it, so the rows are written with whatever the caller marks
     * done — an escalation step, an update's next time — or not at all: a process dying in between loses nothing.
     */
    Written enqueue(Long incidentId, List<String> to, Notification given, Instant now) {
        Notification n = label.apply(given);
        Selection sel = select(to, now);
        if (!sel.unknown().isEmpty()) {
            LOG.warn("notification '{}' names unknown recipients {}: define them as contacts or notifiers",
                    scrub.apply(n.subject()), sel.unknown());
        }
        String fields = json(n.fields());
        List<Long> ids = store.tx(() -> {
            List<Long> out = new ArrayList<>();
            for (Target t : sel.reachable()) {
                out.add(store.outbox().enqueue(incidentId, t.id(), t.notifier(), t.address(), n.kind(), n.subject(), n.text(),
                        fields, now, null));
            }
            if (incidentId != null && (!sel.reachable().isEmpty() || !sel.skipped().isEmpty())) {
                // written, not yet delivered: "delivered to" / "failed for" follow per recipient (contract §7 [1.1])
                store.timeline(incidentId, now, "queued", n.kind() + " queued to " + sel.describe());
            }
            return out;
        });
        return new Written(sel, ids);
    }

    /** Claims and attempts each written notification once (after the transaction that wrote it committed). */
    Queued attempt(Written written, Instant now) {
        Selection sel = written.selection();
        List<Long> ids = written.ids();
        List<String> parts = new ArrayList<>();
        boolean anyFailed = false;
        List<String> delivered = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            Target t = sel.reachable().get(i);
            // written first, claimed second: a process dying in between leaves an unclaimed entry that the next
            // processDue delivers at once; a claim keeps a concurrent processDue elsewhere from sending it twice
            if (!store.outbox().claim(ids.get(i), now, now.plus(LEASE))) {
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
    String deliver(long id, Instant now) {
        OutboxTable.Outgoing o = store.outbox().outgoing(id).orElse(null);
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
            Notification n = new Notification(o.kind(), o.subject(), o.body(), fields(o.fields()), o.createdAt(),
                    notificationId(o));
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
                store.outbox().delivered(id, now, attempts);
                if (o.incidentId() != null) {
                    store.timeline(o.incidentId(), now, "delivered", o.kind() + " delivered to " + o.target()
                            + " (" + o.notifier() + ")");
                }
                return null;
            });
            return null;
        } catch (Exception e) {
            String error = scrub.apply(describe(e));
            if (attempts >= retry.maxAttempts()) {
                store.tx(() -> {
                    store.outbox().failed(id, attempts, now, error);
                    if (o.incidentId() != null) {
                        store.timeline(o.incidentId(), now, "delivery_failed", o.kind() + " failed for " + o.target()
                                + " after " + attempts + " attempts: " + error);
                    }
                    return null;
                });
                LOG.warn("gave up notifying {} via {} after {} attempts: {}", o.target(), o.notifier(), attempts, error);
                return error + "; gave up after " + attempts + " attempts";
            }
            Instant next = now.plus(retry.delayAfter(attempts, random.getAsDouble()));
            store.tx(() -> {
                store.outbox().retryLater(id, attempts, next, error);
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

    /**
     * Writes a notification to the outbox without attempting it, as a process killed between the write and the
     * send leaves it (tests).
     */
    long queueOnly(List<String> to, Notification n, Instant now) {
        Selection sel = select(to, now);
        return store.tx(() -> {
            long last = -1;
            for (Target t : sel.reachable()) {
                last = store.outbox().enqueue(null, t.id(), t.notifier(), t.address(), n.kind(), n.subject(), n.text(),
                        json(n.fields()), now, null);
            }
            return last;
        });
    }


    /**
     * The outbox-backed {@link NotificationService}: a notification naming an incident of this runbook (field
     * {@code incident}) is linked to it; a dry run says who would get it.
     */
    NotificationService notificationService(Clock clock) {
        return (to, notification, dryRun) -> {
            Objects.requireNonNull(to, "to");
            Objects.requireNonNull(notification, "notification");
            Instant now = clock.instant();
            if (dryRun) {
                Selection s = select(to, now);
                return "would send '" + scrub.apply(notification.subject()) + "' to "
                        + (s.describe().isEmpty() ? "nobody" : s.describe());
            }
            Long incidentId = null;
            String inc = notification.fields().get("incident");
            if (inc != null && inc.matches("\\d{1,18}") && store.find(Long.parseLong(inc)).isPresent()) {
                incidentId = Long.parseLong(inc);
            }
            Queued q = queue(incidentId, to, notification, now);
            return q.summary().isEmpty() ? "nobody to notify" : q.summary();
        };
    }

    /**
     * The idempotency id of an outbox entry: a name-based UUID of the runbook, the entry's row id and its creation
     * time, so every attempt of one entry, in this process or after a crash, carries the same id, and two entries
     * (also of two stores whose row ids coincide) differ.
     */
    String notificationId(OutboxTable.Outgoing o) {
        String key = "runbook:" + runbook.id() + ":outbox:" + o.id() + ":" + o.createdAt().toEpochMilli();
        return java.util.UUID.nameUUIDFromBytes(key.getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
    }

    /** Sets what every later notification becomes before it is written to the outbox. */
    void label(UnaryOperator<Notification> label) {
        this.label = Objects.requireNonNull(label, "label");
    }

    /** Sets the bound on one notifier send. */
    void sendTimeout(Duration timeout) {
        this.sendTimeout = timeout;
    }

    /** Stops the send workers; a send still running is interrupted. */
    void close() {
        sends.close();
    }

    /**
     * Puts the failed deliveries of notification {@code id} back to pending and attempts each once now (claimed for
     * {@code lease}); see {@link StoreIncidentService#retryNotification}.
     */
    OutboxView.Notice retryByHand(long id, Instant now, Duration lease) {
        OutboxView.Notice n = OutboxView.find(OutboxView.group(store.outbox().all()), id).orElseThrow(
                () -> new IllegalArgumentException("no notification #" + id));
        for (dev.runbook.store.OutboxTable.Outgoing o : n.recipients()) {
            if (store.outbox().retry(o.id(), now)) {
                if (o.incidentId() != null) {
                    store.timelineNow(o.incidentId(), now, "queued", o.kind() + " queued again to " + o.target()
                            + " (" + o.notifier() + "): retried by hand");
                }
                if (store.outbox().claim(o.id(), now, now.plus(lease))) {
                    deliver(o.id(), now);
                }
            }
        }
        return OutboxView.find(OutboxView.group(store.outbox().all()), id).orElseThrow();
    }
}
