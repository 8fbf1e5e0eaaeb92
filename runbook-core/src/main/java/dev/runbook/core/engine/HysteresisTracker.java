package dev.runbook.core.engine;

import dev.runbook.core.Pending;
import dev.runbook.core.Status;
import dev.runbook.core.StateStore;
import dev.runbook.core.model.Hysteresis;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Applies {@code for}, {@code recover_for} and flap detection to a raw status, keeping its counters in the
 * check's state so they survive restarts. Encoded as {@code r=<reported>;n=<streak>;s=<streak start ms>;
 * h=<recent raw statuses as O/W/U/C>;f=<0|1>}. Stateless itself; thread-safe.
 */
final class HysteresisTracker {
    static final String KEY = "hysteresis";

    /** The outcome: the status to report, pending details, and whether the check is flapping. */
    record Judgement(Status status, Pending pending, boolean flapping, String note) {
    }

    private HysteresisTracker() {
    }

    static Judgement judge(Hysteresis h, Status raw, Instant now, StateStore.Scoped state) {
        State s = State.decode(state.get(KEY));
        Status reported = s.reported;
        Pending pending = null;
        String note = null;
        if (raw == reported) {
            s.streak = 0;
            s.since = null;
        } else {
            boolean leavingOk = reported == Status.OK;
            boolean returningToOk = raw == Status.OK;
            int needCount = leavingOk ? h.forCount() : returningToOk ? h.recoverCount() : 0;
            Duration needTime = leavingOk ? h.forDuration() : returningToOk ? h.recoverDuration() : null;
            if (s.since == null || s.streakTarget != raw && !(leavingOk && raw != Status.OK && s.streakTarget != Status.OK)) {
                // a new streak; while leaving OK, any non-OK raw status continues the same streak
                s.streak = 0;
                s.since = now;
            }
            s.streak++;
            s.streakTarget = raw;
            boolean countMet = needCount <= 1 || s.streak >= needCount;
            boolean timeMet = needTime == null || !now.isBefore(s.since.plus(needTime));
            if (countMet && timeMet) {
                reported = raw;
                s.streak = 0;
                s.since = null;
            } else {
                pending = new Pending(s.streak, needCount, s.since, needTime, raw);
                note = (returningToOk ? "recovering" : "pending " + raw) + ": "
                        + (needTime != null ? "holds since " + s.since + ", needs " + needTime
                        : s.streak + " of " + needCount + " runs");
            }
        }
        s.reported = reported;
        boolean flapping = s.flapping;
        if (h.flapping() != null) {
            s.history = (s.history + code(raw));
            int w = h.flapping().window();
            if (s.history.length() > w) {
                s.history = s.history.substring(s.history.length() - w);
            }
            if (s.history.length() >= 2) {
                int changes = 0;
                for (int i = 1; i < s.history.length(); i++) {
                    if (s.history.charAt(i) != s.history.charAt(i - 1)) {
                        changes++;
                    }
                }
                double pct = 100.0 * changes / (w - 1);
                if (!flapping && pct > h.flapping().high()) {
                    flapping = true;
                } else if (flapping && pct < h.flapping().low()) {
                    flapping = false;
                }
            }
            s.flapping = flapping;
        }
        state.put(KEY, s.encode());
        return new Judgement(reported, pending, flapping, note);
    }

    private static char code(Status s) {
        return s.name().charAt(0);
    }

    private static Status fromCode(char c) {
        switch (c) {
            case 'W': return Status.WARNING;
            case 'U': return Status.UNKNOWN;
            case 'C': return Status.CRITICAL;
            default: return Status.OK;
        }
    }

    private static final class State {
        Status reported = Status.OK;
        Status streakTarget = Status.OK;
        int streak;
        Instant since;
        String history = "";
        boolean flapping;

        static State decode(Optional<String> text) {
            State s = new State();
            if (text.isEmpty()) {
                return s;
            }
            for (String part : text.get().split(";")) {
                int eq = part.indexOf('=');
                if (eq < 0) {
                    continue;
                }
                String k = part.substring(0, eq);
                String v = part.substring(eq + 1);
                try {
                    switch (k) {
                        case "r": s.reported = Status.valueOf(v); break;
                        case "t": s.streakTarget = Status.valueOf(v); break;
                        case "n": s.streak = Integer.parseInt(v); break;
                        case "s": s.since = v.isEmpty() ? null : Instant.ofEpochMilli(Long.parseLong(v)); break;
                        case "h": s.history = v; break;
                        case "f": s.flapping = v.equals("1"); break;
                        default: break;
                    }
                } catch (IllegalArgumentException e) {
                    // a damaged entry starts afresh rather than failing the check
                    return new State();
                }
            }
            for (int i = 0; i < s.history.length(); i++) {
                fromCode(s.history.charAt(i));
            }
            return s;
        }

        String encode() {
            return "r=" + reported + ";t=" + streakTarget + ";n=" + streak + ";s=" + (since == null ? "" : since.toEpochMilli())
                    + ";h=" + history + ";f=" + (flapping ? "1" : "0");
        }
    }
}
