package dev.runbook.core.schedule;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import dev.runbook.core.quantity.Quantity;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When a procedure or report fires (runbook-format §6): {@code daily HH:MM}, {@code weekdays HH:MM},
 * {@code monday HH:MM} (any day name), {@code monthly D HH:MM}, {@code every 5m}, {@code cron "<5 fields>"}.
 *
 * <p>Rules, in the runbook's time zone: {@code every} aligns to the clock (:00, :05, …); {@code monthly 31}
 * fires on the last day of shorter months; a time in a DST gap fires at the first instant after the gap; a
 * time in an overlap fires once (at its first occurrence); cron day-of-month and day-of-week combine with OR
 * when both are restricted. Immutable and thread-safe.
 */
public abstract class Schedule {
    private static final Pattern AT = Pattern.compile("(\\S+)\\s+(\\d{1,2}:\\d{2})");
    private static final Pattern MONTHLY = Pattern.compile("monthly\\s+(\\d{1,2})\\s+(\\d{1,2}:\\d{2})");
    private static final Pattern EVERY = Pattern.compile("every\\s+(\\S+)");
    private static final Pattern CRON = Pattern.compile("cron\\s+\"?([^\"]+)\"?");

    private final String text;

    Schedule(String text) {
        this.text = text;
    }

    /**
     * Parses one schedule.
     *
     * @throws IllegalArgumentException saying which forms are accepted
     */
    public static Schedule parse(String text) {
        String t = text == null ? "" : text.trim().replaceAll("\\s+", " ");
        String lower = t.toLowerCase(Locale.ROOT);
        Matcher m;
        if ((m = MONTHLY.matcher(lower)).matches()) {
            int day = Integer.parseInt(m.group(1));
            if (day < 1 || day > 31) {
                throw new IllegalArgumentException("monthly day must be 1..31, found " + day + " in '" + t + "'");
            }
            return new Monthly(t, day, time(m.group(2), t));
        }
        if ((m = EVERY.matcher(lower)).matches()) {
            Duration d = Quantity.parseDuration(m.group(1));
            if (d.getSeconds() < 1) {
                throw new IllegalArgumentException("'every' needs at least 1s, found '" + t + "'");
            }
            return new Every(t, d);
        }
        if ((m = CRON.matcher(t)).matches()) {
            return new CronSchedule(t, m.group(1).trim());
        }
        if ((m = AT.matcher(lower)).matches()) {
            DaySet days;
            try {
                days = DaySet.parse(m.group(1));
            } catch (IllegalArgumentException e) {
                throw formError(t);
            }
            return new Weekly(t, days, time(m.group(2), t));
        }
        throw formError(t);
    }

    private static IllegalArgumentException formError(String t) {
        return new IllegalArgumentException("expected a schedule such as 'daily 09:00', 'weekdays 09:00', 'monday 10:00', "
                + "'monthly 1 10:00', 'every 5m' or 'cron \"0 9 * * 1-5\"', found '" + t + "'");
    }

    private static LocalTime time(String hhmm, String whole) {
        try {
            return LocalTime.parse(hhmm.length() == 4 ? "0" + hhmm : hhmm);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("bad time '" + hhmm + "' in schedule '" + whole + "' (expected HH:MM, 00:00-23:59)");
        }
    }

    /** The first fire time strictly after {@code after}, in {@code zone}; empty if it never fires again. */
    public abstract Optional<ZonedDateTime> next(ZonedDateTime after, ZoneId zone);

    /** The next {@code n} fire times after {@code after}. */
    public List<ZonedDateTime> next(ZonedDateTime after, ZoneId zone, int n) {
        List<ZonedDateTime> out = new ArrayList<>();
        ZonedDateTime t = after;
        for (int i = 0; i < n; i++) {
            Optional<ZonedDateTime> nx = next(t, zone);
            if (nx.isEmpty()) {
                break;
            }
            out.add(nx.get());
            t = nx.get();
        }
        return out;
    }

    /** The earliest next fire time over several schedules. */
    public static Optional<ZonedDateTime> nextOf(List<Schedule> schedules, ZonedDateTime after, ZoneId zone) {
        Optional<ZonedDateTime> best = Optional.empty();
        for (Schedule s : schedules) {
            Optional<ZonedDateTime> n = s.next(after, zone);
            if (n.isPresent() && (best.isEmpty() || n.get().isBefore(best.get()))) {
                best = n;
            }
        }
        return best;
    }

    /** The nominal interval between firings, used to bound how long one result covers (availability). */
    public abstract Duration nominalInterval();

    /**
     * The instant a local date and time means in {@code zone}: in a gap, the first instant after the gap;
     * in an overlap, the earlier occurrence.
     */
    static ZonedDateTime resolve(LocalDate date, LocalTime time, ZoneId zone) {
        LocalDateTime ldt = LocalDateTime.of(date, time);
        List<ZoneOffset> offsets = zone.getRules().getValidOffsets(ldt);
        if (offsets.isEmpty()) {
            ZoneOffsetTransition gap = zone.getRules().getTransition(ldt);
            return ZonedDateTime.ofInstant(gap.getInstant(), zone);
        }
        return ZonedDateTime.ofLocal(ldt, zone, offsets.get(0));
    }

    @Override
    public String toString() {
        return text;
    }

    /** {@code daily|weekdays|<day> HH:MM}. */
    static final class Weekly extends Schedule {
        private final DaySet days;
        private final LocalTime time;

        Weekly(String text, DaySet days, LocalTime time) {
            super(text);
            this.days = days;
            this.time = time;
        }

        @Override
        public Optional<ZonedDateTime> next(ZonedDateTime after, ZoneId zone) {
            LocalDate d = after.withZoneSameInstant(zone).toLocalDate().minusDays(1);
            for (int i = 0; i < 16; i++, d = d.plusDays(1)) {
                if (!days.contains(d.getDayOfWeek())) {
                    continue;
                }
                ZonedDateTime c = resolve(d, time, zone);
                if (c.toInstant().isAfter(after.toInstant())) {
                    return Optional.of(c);
                }
            }
            return Optional.empty();
        }

        @Override
        public Duration nominalInterval() {
            return days.toString().equals("daily") ? Duration.ofDays(1) : Duration.ofDays(7);
        }
    }

    /** {@code monthly D HH:MM}; a day past the month's end fires on its last day. */
    static final class Monthly extends Schedule {
        private final int day;
        private final LocalTime time;

        Monthly(String text, int day, LocalTime time) {
            super(text);
            this.day = day;
            this.time = time;
        }

        @Override
        public Optional<ZonedDateTime> next(ZonedDateTime after, ZoneId zone) {
            LocalDate month = after.withZoneSameInstant(zone).toLocalDate().withDayOfMonth(1).minusMonths(1);
            for (int i = 0; i < 4; i++, month = month.plusMonths(1)) {
                LocalDate d = month.withDayOfMonth(Math.min(day, month.lengthOfMonth()));
                ZonedDateTime c = resolve(d, time, zone);
                if (c.toInstant().isAfter(after.toInstant())) {
                    return Optional.of(c);
                }
            }
            return Optional.empty();
        }

        @Override
        public Duration nominalInterval() {
            return Duration.ofDays(31);
        }
    }

    /** {@code every N}, aligned to the clock in the zone (every 5m fires at :00, :05, …). */
    static final class Every extends Schedule {
        private final Duration interval;

        Every(String text, Duration interval) {
            super(text);
            this.interval = interval;
        }

        @Override
        public Optional<ZonedDateTime> next(ZonedDateTime after, ZoneId zone) {
            Instant i = after.toInstant();
            long step = interval.getSeconds();
            long offset = zone.getRules().getOffset(i).getTotalSeconds();
            long local = i.getEpochSecond() + offset;
            long next = Math.floorDiv(local, step) * step + step;
            Instant candidate = Instant.ofEpochSecond(next - offset);
            if (!candidate.isAfter(i)) {
                candidate = candidate.plusSeconds(step);
            }
            return Optional.of(ZonedDateTime.ofInstant(candidate, zone));
        }

        @Override
        public Duration nominalInterval() {
            return interval;
        }
    }

    /**
     * A 5-field Unix cron expression, through cron-utils. When both day-of-month and day-of-week are
     * restricted they combine with OR (as Vixie cron does): the earlier of the two single-field schedules.
     */
    static final class CronSchedule extends Schedule {
        private static final CronParser PARSER =
                new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
        private final List<ExecutionTime> executions = new ArrayList<>();
        private final Duration nominal;

        CronSchedule(String text, String expression) {
            super(text);
            String[] f = expression.trim().split("\\s+");
            if (f.length != 5) {
                throw new IllegalArgumentException("cron needs 5 fields (minute hour day-of-month month day-of-week), found "
                        + f.length + " in '" + expression + "'");
            }
            try {
                boolean domRestricted = !f[2].equals("*") && !f[2].equals("?");
                boolean dowRestricted = !f[4].equals("*") && !f[4].equals("?");
                if (domRestricted && dowRestricted) {
                    executions.add(exec(f[0] + " " + f[1] + " " + f[2] + " " + f[3] + " *"));
                    executions.add(exec(f[0] + " " + f[1] + " * " + f[3] + " " + f[4]));
                } else {
                    executions.add(exec(expression.trim()));
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("bad cron expression '" + expression + "': " + e.getMessage());
            }
            this.nominal = f[1].equals("*") ? Duration.ofHours(1) : Duration.ofDays(1);
        }

        private static ExecutionTime exec(String expr) {
            Cron cron = PARSER.parse(expr);
            cron.validate();
            return ExecutionTime.forCron(cron);
        }

        /**
         * Cron fields name wall-clock times, so the next matching wall-clock time is found on a clock without
         * transitions (UTC standing for the zone's local time) and only then placed in the zone: a time in a gap
         * fires at the first instant after the gap (cron-utils alone skips it, to the same date a year later), a
         * time in an overlap fires at its earlier occurrence, once. Candidates that land at or before {@code after}
         * (several times inside one gap, or the second pass through an overlap) are stepped over.
         */
        @Override
        public Optional<ZonedDateTime> next(ZonedDateTime after, ZoneId zone) {
            LocalDateTime wall = after.withZoneSameInstant(zone).toLocalDateTime();
            for (int guard = 0; guard < 10_000; guard++) {
                Optional<LocalDateTime> candidate = nextWallTime(wall);
                if (candidate.isEmpty()) {
                    return Optional.empty();
                }
                LocalDateTime c = candidate.get();
                ZonedDateTime placed = resolve(c.toLocalDate(), c.toLocalTime(), zone);
                if (placed.toInstant().isAfter(after.toInstant())) {
                    return Optional.of(placed);
                }
                wall = c;
            }
            return Optional.empty();
        }

        private Optional<LocalDateTime> nextWallTime(LocalDateTime wall) {
            ZonedDateTime a = wall.atZone(ZoneOffset.UTC);
            Optional<ZonedDateTime> best = Optional.empty();
            for (ExecutionTime e : executions) {
                Optional<ZonedDateTime> n = e.nextExecution(a);
                if (n.isPresent() && (best.isEmpty() || n.get().isBefore(best.get()))) {
                    best = n;
                }
            }
            return best.map(ZonedDateTime::toLocalDateTime);
        }

        @Override
        public Duration nominalInterval() {
            return nominal;
        }
    }
}
