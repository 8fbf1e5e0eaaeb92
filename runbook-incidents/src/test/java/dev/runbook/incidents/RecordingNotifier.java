package dev.runbook.incidents;

import dev.runbook.core.escalation.Notification;
import dev.runbook.core.escalation.Notifier;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A notifier that keeps what it was asked to send, for assertions. Thread-safe. */
final class RecordingNotifier implements Notifier {
    /** One delivery. */
    record Sent(Notification notification, String address) {
        String kind() {
            return notification.kind();
        }
    }

    final List<Sent> sent = new CopyOnWriteArrayList<>();

    @Override
    public void send(Notification n, String address) {
        sent.add(new Sent(n, address));
    }

    List<Sent> to(String address) {
        return sent.stream().filter(s -> address.equals(s.address())).toList();
    }

    List<String> kindsTo(String address) {
        return to(address).stream().map(Sent::kind).toList();
    }
}
