package dev.runbook.runtime.rehearsal;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * What a fire drill did, step by step ({@code runbook drill}, runbook-format §11): detection, each action, the
 * incident opened, each notification delivered (or not) per recipient, the {@code then} escalations that would
 * have been due and when, and the drill's incident resolved. Immutable.
 *
 * @param runbook   the runbook's id
 * @param check     the drilled check
 * @param startedAt when the drill started
 * @param steps     what happened, in order
 * @param zone      the runbook's zone, for times
 */
public record DrillReport(String runbook, String check, Instant startedAt, List<Step> steps, ZoneId zone) {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    public DrillReport {
        steps = List.copyOf(steps);
    }

    /**
     * One step of the drill.
     *
     * @param kind   {@code detection}, {@code action}, {@code incident}, {@code delivery}, {@code escalation due},
     *               {@code resolved}
     * @param at     when it happened (or, for an escalation, when it would be due)
     * @param took   how long it took, or null
     * @param text   what happened
     * @param worked false when this step of the pipeline did not work (a failed action, an undelivered notification)
     */
    public record Step(String kind, Instant at, Duration took, String text, boolean worked) {
    }

    /** True when every step of the pipeline worked. */
    public boolean worked() {
        return steps.stream().allMatch(Step::worked);
    }

    /** The exit code of {@code runbook drill}: 0 when every step worked, 1 otherwise. */
    public int exitCode() {
        return worked() ? 0 : 1;
    }

    /** The drill report for people. */
    public String text() {
        StringBuilder b = new StringBuilder();
        b.append("Fire drill of ").append(runbook).append(": check ").append(check).append(", started ")
                .append(CLOCK.format(startedAt.atZone(zone))).append('\n');
        for (Step s : steps) {
            long ms = Duration.between(startedAt, s.at()).toMillis();
            String when = s.kind().equals("escalation due") ? "due " + CLOCK.format(s.at().atZone(zone))
                    : String.format(Locale.ROOT, "+%d.%03ds", ms / 1000, Math.abs(ms % 1000));
            b.append(s.worked() ? "  [ok]   " : "  [FAIL] ").append(pad(when, 24)).append(pad(s.kind(), 16))
                    .append(oneLine(s.text()));
            if (s.took() != null) {
                b.append(" (").append(s.took().toMillis()).append(" ms)");
            }
            b.append('\n');
        }
        long failed = steps.stream().filter(s -> !s.worked()).count();
        b.append(failed == 0 ? "Result: every step of the pipeline worked\n"
                : "Result: " + failed + " step" + (failed == 1 ? "" : "s") + " did not work\n");
        return b.toString();
    }

    private static String pad(String s, int n) {
        return s.length() >= n ? s + " " : s + " ".repeat(n - s.length());
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("[\\p{Cntrl}]", " ");
    }
}
