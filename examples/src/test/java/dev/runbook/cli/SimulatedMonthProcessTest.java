package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.core.ManualClock;
import dev.runbook.core.Status;
import dev.runbook.core.engine.RunRequest;
import dev.runbook.core.engine.RunResult;
import dev.runbook.core.spi.TypeRegistry;
import dev.runbook.runtime.RunbookRuntime;
import dev.runbook.runtime.sandbox.DemoSandbox;
import dev.runbook.yaml.LoadResult;
import dev.runbook.yaml.RunbookLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14's simulated month: the seed runbook runs on the demo sandbox with a fake clock through October 2026 —
 * the health check every hour with the estimator stopped during injected outages, the morning check's services and
 * resources at 09:00, the tls check on Mondays, {@code access} at noon and the whole evening check at 17:30 — while
 * the sandbox's Apache access and error logs and the estimator's journal grow. Then the seed's daily, weekly and
 * monthly reports are rendered by the launcher in a separate process, and each printed figure (availability,
 * downtime and monitored time; access, estimate and error counts; error rates; average, P95 and P99 response
 * times; unique users; 401s; failed logins; certificate days left) is compared with a figure computed here from the
 * logs, the journal, the certificate and the injected outages themselves; CPU, memory and disk (the machine's own)
 * with the values the morning check measured, as {@code runbook history} lists them. A dated backup is laid out
 * every night at 03:00 (the seed's {@code {date}-{time}} directories, one of them failed half-way) and verified on
 * Mondays at 10:00; the monthly Backup section is compared with the backup directories read here. The health check
 * runs with its actions (the stub systemctl cannot start the estimator during an outage), so each injected outage
 * opens one P1 incident; the Incident Summary is compared with the outages by level, start and length.
 */
class SimulatedMonthProcessTest {
    static final Path SEED = Path.of("ai-estimator/runbook.yaml").toAbsolutePath();
    static final Pattern STAMP = Pattern.compile("\\[(\\d{2}/[A-Za-z]{3}/\\d{4}:\\d{2}:\\d{2}:\\d{2} [+-]\\d{4})]");
    static final DateTimeFormatter APACHE = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH);

    @TempDir
    static Path dir;
    static DemoSandbox sandbox;
    static Map<String, String> env;
    static ZoneId zone;
    static final DateTimeFormatter ERROR_LOG = DateTimeFormatter.ofPattern("EEE MMM dd HH:mm:ss.SSSSSS yyyy", Locale.ENGLISH);
    /**
     * The estimator's downtime the simulation injects, [from, to) in the runbook's zone, on the hourly grid of the
     * health probes (a CRITICAL result means down until the next result, runbook-format §8).
     */
    static final List<LocalDateTime[]> OUTAGES = List.of(
            new LocalDateTime[] {LocalDateTime.of(2026, 10, 7, 10, 0), LocalDateTime.of(2026, 10, 7, 12, 0)},
            new LocalDateTime[] {LocalDateTime.of(2026, 10, 14, 2, 0), LocalDateTime.of(2026, 10, 14, 4, 0)},
            new LocalDateTime[] {LocalDateTime.of(2026, 10, 15, 14, 0), LocalDateTime.of(2026, 10, 15, 15, 0)},
            new LocalDateTime[] {LocalDateTime.of(2026, 10, 22, 23, 0), LocalDateTime.of(2026, 10, 23, 1, 0)});
    static Path JOURNAL_ARCHIVE;

    @BeforeAll
    static void simulateOctober() throws Exception {
        zone = ZoneId.systemDefault();
        JOURNAL_ARCHIVE = dir.resolve("journal-archive.tsv");
        sandbox = DemoSandbox.create(dir.resolve("sandbox"), zone);
        env = new HashMap<>(sandbox.environment());
        BACKUP_TEMPLATE = newestOf(Path.of(env.get("ESTIMATOR_BACKUP_DIR")));
        BACKUPS = dir.resolve("backups");
        Files.createDirectories(BACKUPS);
        env.put("ESTIMATOR_BACKUP_DIR", BACKUPS.toString());   // the sandbox's own backups are dated by the real clock
        Path log = Path.of(env.get("HTTPD_ACCESS_LOG"));
        Path errorLog = Path.of(env.get("HTTPD_ERROR_LOG"));
        Files.writeString(log, "");   // the month starts with empty logs and journal
        Files.writeString(errorLog, "");
        Path journal = sandbox.root().resolve("journal/entries.tsv");
        Files.writeString(journal, "");
        LocalDate first = LocalDate.of(2026, 10, 1);
        ManualClock clock = new ManualClock(first.atStartOfDay(zone).toInstant(), zone);
        Map<String, String> loadEnv = new HashMap<>(System.getenv());
        loadEnv.putAll(env);
        LoadResult loaded = new RunbookLoader(TypeRegistry.load(), loadEnv, clock).load(SEED);
        assertThat(loaded.errors()).isEmpty();
        // the p1-recovery's "wait: 30s" passes on the fake clock
        try (RunbookRuntime rt = RunbookRuntime.builder(loaded).env(loadEnv).clock(clock)
                .engine(eb -> eb.sleeper(clock::advance)).build()) {
            for (LocalDate day = first; day.getMonthValue() == 10; day = day.plusDays(1)) {
                int requests = 20 + day.getDayOfMonth() * 7 % 13;   // 20 to 32 a day
                int morning = requests / 2;
                writeJournal(journal, day);
                appendFailedLogins(errorLog, day, day.getDayOfMonth() % 5);
                for (int slot = 0; slot < 48; slot++) {
                    ZonedDateTime at = day.atStartOfDay(zone).plusMinutes(30L * slot);
                    clock.set(at.toInstant());
                    if (slot % 2 == 0) {
                        probeHealth(rt, at.toInstant());
                    }
                    LocalTime time = at.toLocalTime();
                    if (time.equals(BACKUP_TIME)) {
                        writeBackup(at);
                    }
                    if (time.equals(LocalTime.of(9, 0))) {
                        runNoActions(rt, "services", "disk", "memory", "cpu");
                    }
                    if (time.equals(LocalTime.of(10, 0)) && day.getDayOfWeek() == DayOfWeek.MONDAY) {
                        runNoActions(rt, "backup", "tls");   // the weekly check's backup verification
                    }
                    if (time.equals(LocalTime.of(12, 0))) {
                        append(log, day, 8, 11, morning, 0);
                        RunResult noon = rt.run(RunRequest.builder().check("access").build());
                        assertThat(noon.results()).hasSize(1);
                    }
                    if (time.equals(LocalTime.of(17, 30))) {
                        append(log, day, 13, 17, requests - morning, morning);
                        RunResult evening = rt.run(RunRequest.builder().procedure("evening-check").noActions(true).build());
                        assertThat(evening.results()).extracting(r -> r.check()).contains("access", "error-rate");
                    }
                }
            }
        }
    }

    /**
     * The seed's health check, every hour, with its actions and incident: during the injected outages the estimator
     * is stopped and fails to start (the stub systemctl's broken unit), so the p1-recovery's restart does not help and
     * the outage opens (or joins) a P1 incident, which the first OK probe after it resolves.
     */
    static void probeHealth(RunbookRuntime rt, Instant at) throws Exception {
        boolean down = OUTAGES.stream().anyMatch(o -> !at.isBefore(o[0].atZone(zone).toInstant())
                && at.isBefore(o[1].atZone(zone).toInstant()));
        sandbox.breakUnit("estimator", down);
        if (down == sandbox.healthUp() || !sandbox.unitState("estimator").equals(down ? "inactive" : "active")) {
            sandbox.setUnitState("estimator", down ? "inactive" : "active");
            assertThat(sandbox.awaitHealth(!down, Duration.ofSeconds(30))).as("sandbox health up=" + !down).isTrue();
        }
        RunResult r = rt.run(RunRequest.builder().check("health").build());
        assertThat(r.results().get(0).status()).isEqualTo(down ? Status.CRITICAL : Status.OK);
    }

    /** The seed's nightly backup time in this simulation; one directory per backup, {@code {date}-{time}}. */
    static final LocalTime BACKUP_TIME = LocalTime.of(3, 0);
    /** The backup that failed half-way: its directory lacks {@code .env}. */
    static final LocalDate FAILED_BACKUP = LocalDate.of(2026, 10, 19);
    static Path BACKUPS;
    static Path BACKUP_TEMPLATE;

    static Path newestOf(Path backups) throws Exception {
        try (java.util.stream.Stream<Path> s = Files.list(backups)) {
            return s.max(java.util.Comparator.comparing(p -> p.getFileName().toString())).orElseThrow();
        }
    }

    /** Today's backup as the seed lays it out ({@code app.db}, {@code .env}, {@code uploads/}), dated {@code at}. */
    static void writeBackup(ZonedDateTime at) throws Exception {
        Path d = BACKUPS.resolve(at.toLocalDate() + "-" + at.format(DateTimeFormatter.ofPattern("HHmmss")));
        Files.createDirectories(d.resolve("uploads"));
        Files.copy(BACKUP_TEMPLATE.resolve("app.db"), d.resolve("app.db"));
        if (!at.toLocalDate().equals(FAILED_BACKUP)) {
            Files.copy(BACKUP_TEMPLATE.resolve(".env"), d.resolve(".env"));
        }
        Files.write(d.resolve("uploads/estimate-" + at.toLocalDate() + ".xlsx"), new byte[2048]);
        java.nio.file.attribute.FileTime t = java.nio.file.attribute.FileTime.from(at.toInstant());
        try (java.util.stream.Stream<Path> s = Files.walk(d)) {
            for (Path p : (Iterable<Path>) s.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.setLastModifiedTime(p, t);
            }
        }
    }

    static RunResult runNoActions(RunbookRuntime rt, String... checks) {
        return rt.run(RunRequest.builder().checks(List.of(checks)).noActions(true).build());
    }

    /** A day's estimator journal as the sandbox's journalctl serves it; the stub ignores --since, so one day a file. */
    static void writeJournal(Path journal, LocalDate day) throws Exception {
        StringBuilder b = new StringBuilder();
        int tasks = tasksOn(day);
        int errors = journalErrorsOn(day);
        for (int i = 0; i < tasks + errors; i++) {
            ZonedDateTime t = day.atTime(8, 5).atZone(zone).plusMinutes(17L * i);
            long micros = t.toInstant().toEpochMilli() * 1000;
            boolean error = i < errors;
            b.append(error ? "3" : "6").append("\testimator\t").append(micros).append('\t')
                    .append(t.toOffsetDateTime()).append('\t')
                    .append(error ? "ERROR OpenAI API timeout after 60s" : "Task created: EST-" + day + "-" + i)
                    .append('\n');
        }
        Files.writeString(journal, b);
        Files.writeString(JOURNAL_ARCHIVE, b, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    static int tasksOn(LocalDate day) {
        return 5 + day.getDayOfMonth() % 4;
    }

    static int journalErrorsOn(LocalDate day) {
        return day.getDayOfMonth() % 3 == 0 ? 2 : 0;
    }

    /** {@code n} failed Basic authentications in Apache's error_log on {@code day}. */
    static void appendFailedLogins(Path errorLog, LocalDate day, int n) throws Exception {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            ZonedDateTime t = day.atTime(7, 0).atZone(zone).plusMinutes(7L * i);
            b.append('[').append(t.format(ERROR_LOG)).append("] [auth_basic:error] [pid 4242] [client 10.0.0.")
                    .append(40 + i).append(":51234] AH01617: user admin: authentication failure for \"/api/v1/\": "
                            + "Password Mismatch\n");
        }
        b.append('[').append(day.atTime(7, 59).atZone(zone).format(ERROR_LOG))
                .append("] [core:notice] [pid 4242] AH00094: Command line: '/usr/sbin/httpd -D FOREGROUND'\n");
        Files.writeString(errorLog, b, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    @AfterAll
    static void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    /**
     * {@code n} requests on {@code day} spread between {@code fromHour} and {@code toHour}, as Apache logs them: 12
     * clients, now and then a 500 or a 401, response times from 0.1 s to 9.9 s ({@code %D} in µs, last).
     */
    static void append(Path log, LocalDate day, int fromHour, int toHour, int n, int offset) throws Exception {
        StringBuilder b = new StringBuilder();
        long span = (toHour - fromHour) * 3600L;
        for (int i = 0; i < n; i++) {
            int k = day.getDayOfMonth() * 31 + offset + i;
            ZonedDateTime t = day.atTime(fromHour, 0).atZone(zone).plusSeconds(span * i / n);
            int status = k % 37 == 0 ? 500 : k % 23 == 0 ? 401 : 200;
            long micros = 100_000L + (k * 7919L % 98) * 100_000L;
            b.append("10.0.0.").append(10 + k % 12).append(" - user").append(k % 12).append(" [").append(t.format(APACHE))
                    .append("] \"GET /api/v1/tasks HTTP/1.1\" ").append(status)
                    .append(" 2048 \"-\" \"Mozilla/5.0 (simulated)\" ").append(micros).append('\n');
        }
        Files.writeString(log, b, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    /** Requests per day, counted from the access log itself. */
    static Map<LocalDate, Integer> countedFromTheLog() throws Exception {
        Map<LocalDate, Integer> perDay = new TreeMap<>();
        for (String line : Files.readAllLines(Path.of(env.get("HTTPD_ACCESS_LOG")))) {
            Matcher m = STAMP.matcher(line);
            if (m.find()) {
                LocalDate d = ZonedDateTime.parse(m.group(1), APACHE).withZoneSameInstant(zone).toLocalDate();
                perDay.merge(d, 1, Integer::sum);
            }
        }
        return perDay;
    }

    static int between(Map<LocalDate, Integer> perDay, LocalDate from, LocalDate toInclusive) {
        return perDay.entrySet().stream().filter(e -> !e.getKey().isBefore(from) && !e.getKey().isAfter(toInclusive))
                .mapToInt(Map.Entry::getValue).sum();
    }

    /**
     * What the launcher printed for each verb and its arguments. The store is not written after the simulated month,
     * so a report (or history) of the same arguments prints the same: each is rendered once, in its own process,
     * and the tests that read its figures share it.
     */
    static final Map<List<String>, Launch.Outcome> PRINTED = new java.util.concurrent.ConcurrentHashMap<>();

    /** The launcher's outcome of {@code args} in the simulated month's directory and environment, once per args. */
    static synchronized Launch.Outcome launched(String... args) throws Exception {
        List<String> key = List.of(args);
        Launch.Outcome o = PRINTED.get(key);
        if (o == null) {
            Launch l = Launch.plain(dir.resolve("xdg"));
            env.forEach(l::env);
            o = l.run(dir, args);
            PRINTED.put(key, o);
        }
        return o;
    }

    private static Launch.Outcome report(String id, String date) throws Exception {
        return launched("report", SEED.toString(), id, "--date", date);
    }

    @Test
    void theDailyReportCountsThatDaysRequests() throws Exception {
        Map<LocalDate, Integer> perDay = countedFromTheLog();
        Launch.Outcome r = report("daily", "2026-10-15");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("- Access count: " + perDay.get(LocalDate.of(2026, 10, 15)) + "\n");
    }

    @Test
    void theWeeklyReportSumsEachDaysTotalOnce() throws Exception {
        Map<LocalDate, Integer> perDay = countedFromTheLog();
        // the report of Monday 2026-10-19 covers the previous week, Monday 10-12 to Sunday 10-18
        int week = between(perDay, LocalDate.of(2026, 10, 12), LocalDate.of(2026, 10, 18));
        Launch.Outcome r = report("weekly", "2026-10-19");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("【Weekly Operations Report】2026-10-12 ~ 2026-10-18\n")
                .contains("- Total access count: " + week + "\n");
    }

    @Test
    void theMonthlyReportSumsTheMonth() throws Exception {
        Map<LocalDate, Integer> perDay = countedFromTheLog();
        int month = between(perDay, LocalDate.of(2026, 10, 1), LocalDate.of(2026, 10, 31));
        assertThat(perDay.keySet()).hasSize(31);
        Launch.Outcome r = report("monthly", "2026-11-01");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("- Total access count: " + month + "\n");
    }

    // ------------------------------------------------------------------ every other figure of the three reports

    /** One request of the access log, as the test reads it itself. */
    record Request(String client, LocalDate day, int status, double seconds) {
    }

    static List<Request> requestsFromTheLog(LocalDate from, LocalDate toInclusive) throws Exception {
        List<Request> out = new java.util.ArrayList<>();
        for (String line : Files.readAllLines(Path.of(env.get("HTTPD_ACCESS_LOG")))) {
            Matcher m = STAMP.matcher(line);
            if (!m.find()) {
                continue;
            }
            LocalDate d = ZonedDateTime.parse(m.group(1), APACHE).withZoneSameInstant(zone).toLocalDate();
            if (d.isBefore(from) || d.isAfter(toInclusive)) {
                continue;
            }
            String[] quoted = line.split("\"");
            String[] after = quoted[2].trim().split(" ");
            String[] fields = line.split(" ");
            out.add(new Request(fields[0], d, Integer.parseInt(after[0]),
                    Long.parseLong(fields[fields.length - 1]) / 1e6));
        }
        return out;
    }

    /** Percentile by linear interpolation between closest ranks (numpy's default), computed here from scratch. */
    static double percentile(List<Request> rs, double p) {
        double[] v = rs.stream().mapToDouble(Request::seconds).sorted().toArray();
        double rank = p / 100 * (v.length - 1);
        int lo = (int) Math.floor(rank);
        int hi = (int) Math.ceil(rank);
        return v[lo] + (v[hi] - v[lo]) * (rank - lo);
    }

    /** Journal lines of the estimator the simulation wrote on the days given, matching {@code what}. */
    static long journal(LocalDate from, LocalDate toInclusive, String what) throws Exception {
        return Files.readAllLines(JOURNAL_ARCHIVE).stream().filter(l -> l.contains(what)).filter(l -> {
            LocalDate d = java.time.OffsetDateTime.parse(l.split("\t")[3]).atZoneSameInstant(zone).toLocalDate();
            return !d.isBefore(from) && !d.isAfter(toInclusive);
        }).count();
    }

    /** Failed Basic authentications in the error log on the days given, read from its own timestamps. */
    static long failedLogins(LocalDate from, LocalDate toInclusive) throws Exception {
        return Files.readAllLines(Path.of(env.get("HTTPD_ERROR_LOG"))).stream()
                .filter(l -> l.contains("authentication failure")).filter(l -> {
                    LocalDate d = LocalDateTime.parse(l.substring(1, l.indexOf(']')), ERROR_LOG).toLocalDate();
                    return !d.isBefore(from) && !d.isAfter(toInclusive);
                }).count();
    }

    /** Minutes of injected outage inside [from, to). */
    static long outageMinutes(LocalDate from, LocalDate toExclusive) {
        LocalDateTime a = from.atStartOfDay();
        LocalDateTime b = toExclusive.atStartOfDay();
        long min = 0;
        for (LocalDateTime[] o : OUTAGES) {
            LocalDateTime s = o[0].isBefore(a) ? a : o[0];
            LocalDateTime e = o[1].isAfter(b) ? b : o[1];
            if (s.isBefore(e)) {
                min += Duration.between(s, e).toMinutes();
            }
        }
        return min;
    }

    static final Pattern NUMBER = Pattern.compile("(-?[0-9][0-9,]*(?:\\.[0-9]+)?)\\s*(ms|s|%)?");

    /**
     * The number printed after {@code "- <label>: "}, in seconds for durations; asserts it equals {@code expected}
     * to the precision printed (half a unit of its last digit).
     */
    static void assertFigure(String report, String label, double expected) {
        String key = "- " + label + ": ";
        int at = report.indexOf(key);
        assertThat(at).as("'" + label + "' in\n" + report).isGreaterThanOrEqualTo(0);
        String rest = report.substring(at + key.length(), report.indexOf('\n', at));
        Matcher m = NUMBER.matcher(rest);
        assertThat(m.lookingAt()).as(label + ": " + rest).isTrue();
        String digits = m.group(1).replace(",", "");
        double printed = Double.parseDouble(digits);
        int decimals = digits.contains(".") ? digits.length() - digits.indexOf('.') - 1 : 0;
        double scale = "ms".equals(m.group(2)) ? 1e-3 : 1;
        assertThat(printed * scale).as(label + " printed '" + rest + "'")
                .isCloseTo(expected, org.assertj.core.data.Offset.offset(0.5 * Math.pow(10, -decimals) * scale + 1e-9));
    }

    /** Availability, downtime and monitored time as the report prints them, against the injected outages. */
    static void assertUptime(String out, LocalDate from, LocalDate toExclusive) {
        long total = Duration.between(from.atStartOfDay(zone), toExclusive.atStartOfDay(zone)).toMinutes();
        long down = outageMinutes(from, toExclusive);
        assertThat(down).isPositive();
        assertFigure(out, "Availability", 100.0 * (total - down) / total);
        assertThat(out).contains("- Downtime: " + down + " minutes\n");
        long days = total / (24 * 60);
        assertThat(out).contains("— monitored " + days + " d of " + days + " d\n");
    }

    static void assertPerformance(String out, List<Request> rs) {
        assertFigure(out, "Average response time", rs.stream().mapToDouble(Request::seconds).average().orElseThrow());
        assertFigure(out, "P95 response time", percentile(rs, 95));
        assertFigure(out, "P99 response time", percentile(rs, 99));
        assertFigure(out, "Error rate", 100.0 * rs.stream().filter(r -> r.status() >= 500).count() / rs.size());
    }

    @Test
    void theDailyReportShowsTheSeedsFiguresOfTheDay() throws Exception {
        LocalDate day = LocalDate.of(2026, 10, 15);
        List<Request> rs = requestsFromTheLog(day, day);
        long errors = journal(day, day, "ERROR");
        Launch.Outcome r = report("daily", day.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        String out = r.out();
        assertThat(out).startsWith("【Daily Operations Report】2026-10-15\n");
        // the seed lists httpd and estimator on lines of their own; one systemd check shows them on one line
        assertThat(out).contains("- Service status (httpd, estimator): Normal\n", "- Health check: Normal\n");
        assertFigure(out, "Estimate count", journal(day, day, "Task created"));
        assertFigure(out, "Error count", errors);
        // the seed's "Error rate = Error count / Request count × 100", not the access log's 5xx share
        assertThat(errors).isPositive();
        assertThat(rs.stream().filter(q -> q.status() >= 500).count()).isNotEqualTo(errors);
        assertFigure(out, "Error rate", 100.0 * errors / rs.size());
    }

    @Test
    void theWeeklyReportShowsTheSeedsFiguresOfTheWeek() throws Exception {
        LocalDate monday = LocalDate.of(2026, 10, 12);
        LocalDate sunday = monday.plusDays(6);
        List<Request> rs = requestsFromTheLog(monday, sunday);
        Launch.Outcome r = report("weekly", "2026-10-19");
        assertThat(r.exit()).as(r.err()).isZero();
        String out = r.out();
        assertUptime(out, monday, sunday.plusDays(1));
        // each injected outage opened one P1 incident (one outage, one incident: its later probes join it)
        assertThat(out).contains("- Incidents: " + outagesOverlapping(monday, sunday.plusDays(1)).size() + "\n");
        assertPerformance(out, rs);
        assertFigure(out, "Total estimate count", journal(monday, sunday, "Task created"));
        assertFigure(out, "Unique users", rs.stream().map(Request::client).distinct().count());
        // the certificate's notAfter, read here from the sandbox's PEM, as of the week's last tls run (Monday 10:00)
        long daysLeft = Duration.between(monday.atTime(10, 0).atZone(zone).toInstant(), certificateNotAfter()).toDays();
        assertThat(out).contains("- SSL certificate expiry: " + daysLeft + " days remaining\n");
    }

    @Test
    void theMonthlyReportShowsTheSeedsFiguresOfTheMonth() throws Exception {
        LocalDate first = LocalDate.of(2026, 10, 1);
        LocalDate last = LocalDate.of(2026, 10, 31);
        List<Request> rs = requestsFromTheLog(first, last);
        Launch.Outcome r = report("monthly", "2026-11-01");
        assertThat(r.exit()).as(r.err()).isZero();
        String out = r.out();
        assertThat(out).startsWith("# Monthly Operations Report — October 2026\n");
        assertUptime(out, first, last.plusDays(1));
        assertPerformance(out, rs);
        assertFigure(out, "Total estimate count", journal(first, last, "Task created"));
        assertFigure(out, "Unique users", rs.stream().map(Request::client).distinct().count());
        assertFigure(out, "Unauthorized access attempts", rs.stream().filter(q -> q.status() == 401).count());
        long failed = failedLogins(first, last);
        assertThat(failed).isPositive();
        assertFigure(out, "Failed logins", failed);
    }

    /**
     * The values the morning check's {@code check} measured on the days given, as {@code runbook history} lists
     * them (the machine's real CPU, memory and disk: the only count of them is what the check measured).
     */
    static List<Double> measured(String check, LocalDate from, LocalDate toInclusive) throws Exception {
        Launch.Outcome o = launched("history", SEED.toString(), "--check", check, "--since", "400d", "--format", "json");
        assertThat(o.exit()).as(o.err()).isZero();
        List<Double> out = new java.util.ArrayList<>();
        for (com.fasterxml.jackson.databind.JsonNode r : new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(o.out()).path("results")) {
            LocalDate d = java.time.OffsetDateTime.parse(r.path("at").asText()).atZoneSameInstant(zone).toLocalDate();
            if (!d.isBefore(from) && !d.isAfter(toInclusive) && r.path("value").isNumber()) {
                out.add(r.path("value").asDouble());
            }
        }
        assertThat(out).as(check + " results from " + from).hasSize((int) (toInclusive.toEpochDay() - from.toEpochDay() + 1));
        return out;
    }

    static void assertResources(String out, LocalDate from, LocalDate toInclusive) throws Exception {
        for (String[] r : new String[][] {{"cpu", "CPU"}, {"memory", "memory"}}) {
            List<Double> v = measured(r[0], from, toInclusive);
            assertFigure(out, "Average " + r[1] + " usage", v.stream().mapToDouble(Double::doubleValue).average().orElseThrow());
            assertFigure(out, "Peak " + r[1] + " usage", v.stream().mapToDouble(Double::doubleValue).max().orElseThrow());
        }
        List<Double> disk = measured("disk", from, toInclusive);
        assertFigure(out, "Disk usage", disk.get(disk.size() - 1));
    }

    @Test
    void theWeeklyAndMonthlyResourceFiguresAreThoseTheMorningCheckMeasured() throws Exception {
        Launch.Outcome w = report("weekly", "2026-10-19");
        assertThat(w.exit()).as(w.err()).isZero();
        assertResources(w.out(), LocalDate.of(2026, 10, 12), LocalDate.of(2026, 10, 18));
        Launch.Outcome m = report("monthly", "2026-11-01");
        assertThat(m.exit()).as(m.err()).isZero();
        assertResources(m.out(), LocalDate.of(2026, 10, 1), LocalDate.of(2026, 10, 31));
    }

    /** The injected outages that overlap [from, to), counted here from {@link #OUTAGES}. */
    static List<LocalDateTime[]> outagesOverlapping(LocalDate from, LocalDate toExclusive) {
        return OUTAGES.stream().filter(o -> o[0].isBefore(toExclusive.atStartOfDay())
                && o[1].isAfter(from.atStartOfDay())).toList();
    }

    /** The lines of a report section, from its heading to the next heading. */
    static List<String> sectionLines(String report, String heading) {
        int at = report.indexOf(heading + "\n");
        assertThat(at).as("'" + heading + "' in\n" + report).isGreaterThanOrEqualTo(0);
        int end = report.indexOf("\n#", at + heading.length());
        return List.of(report.substring(at + heading.length(), end < 0 ? report.length() : end).split("\n")).stream()
                .filter(l -> l.startsWith("- ")).toList();
    }

    static final Pattern INCIDENT = Pattern.compile("- (\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}): (P\\d) (\\S+).*\\((\\d+) minutes?, (\\w+)\\)");

    @Test
    void theMonthlyIncidentSummaryHasOneIncidentPerInjectedOutageByLevel() throws Exception {
        LocalDate first = LocalDate.of(2026, 10, 1);
        LocalDate next = LocalDate.of(2026, 11, 1);
        List<LocalDateTime[]> outages = outagesOverlapping(first, next);
        Launch.Outcome r = report("monthly", "2026-11-01");
        assertThat(r.exit()).as(r.err()).isZero();
        String out = r.out();
        assertThat(out).contains("- Incidents: " + outages.size() + "\n");
        List<String> lines = sectionLines(out, "## Incident Summary");
        assertThat(lines).as(out).hasSize(outages.size());
        Map<String, Integer> byLevel = new TreeMap<>();
        long minutes = 0;
        DateTimeFormatter minute = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = INCIDENT.matcher(lines.get(i));
            assertThat(m.matches()).as(lines.get(i)).isTrue();
            LocalDateTime[] o = outages.get(i);
            // opened by the outage's first probe, resolved by the first OK probe after it: the outage's own length
            assertThat(m.group(1)).as(lines.get(i)).isEqualTo(o[0].format(minute));
            assertThat(m.group(3)).isEqualTo("health");
            assertThat(Long.parseLong(m.group(4))).as(lines.get(i)).isEqualTo(Duration.between(o[0], o[1]).toMinutes());
            assertThat(m.group(5)).isEqualTo("resolved");
            byLevel.merge(m.group(2), 1, Integer::sum);
            minutes += Long.parseLong(m.group(4));
        }
        // the seed's P1 is "complete service outage": every injected outage stopped the estimator
        assertThat(byLevel).isEqualTo(Map.of("P1", outages.size()));
        assertThat(minutes).isEqualTo(outageMinutes(first, next));
        assertThat(out).contains("- Downtime: " + minutes + " minutes\n");
    }

    /** What the backup check saw at {@code at}: the newest backup directory by modification time, read here. */
    record BackupSeen(Path newest, long ageSeconds, boolean complete) {
        boolean ok() {
            return complete && ageSeconds <= Duration.ofDays(2).toSeconds();   // the seed's max_age: 2d
        }
    }

    static BackupSeen backupSeenAt(Instant at) throws Exception {
        Path newest = null;
        Instant newestTime = null;
        try (java.util.stream.Stream<Path> s = Files.list(BACKUPS)) {
            for (Path d : (Iterable<Path>) s::iterator) {
                Instant t = Files.getLastModifiedTime(d).toInstant();
                if (!t.isAfter(at) && (newestTime == null || t.isAfter(newestTime))) {
                    newest = d;
                    newestTime = t;
                }
            }
        }
        assertThat(newest).as("a backup before " + at).isNotNull();
        boolean complete = Files.isRegularFile(newest.resolve("app.db")) && Files.isRegularFile(newest.resolve(".env"))
                && Files.isDirectory(newest.resolve("uploads"));
        return new BackupSeen(newest, Duration.between(newestTime, at).toSeconds(), complete);
    }

    /** A duration as the report prints it ({@code 7h 0m}, {@code 2d 3h}, {@code 5m 2s}, {@code 12s}) in seconds. */
    static long printedSeconds(String printed) {
        Matcher m = Pattern.compile("(\\d+)d (\\d+)h|(\\d+)h (\\d+)m|(\\d+)m (\\d+)s|(\\d+(?:\\.\\d+)?)s").matcher(printed);
        assertThat(m.matches()).as(printed).isTrue();
        if (m.group(1) != null) {
            return Long.parseLong(m.group(1)) * 86400 + Long.parseLong(m.group(2)) * 3600;
        }
        if (m.group(3) != null) {
            return Long.parseLong(m.group(3)) * 3600 + Long.parseLong(m.group(4)) * 60;
        }
        if (m.group(5) != null) {
            return Long.parseLong(m.group(5)) * 60 + Long.parseLong(m.group(6));
        }
        return (long) Double.parseDouble(m.group(7));
    }

    @Test
    void theMonthlyBackupFiguresAreThoseOfTheBackupDirectories() throws Exception {
        // the weekly check verifies the backups on Mondays at 10:00; one nightly backup failed half-way
        List<BackupSeen> seen = new java.util.ArrayList<>();
        for (LocalDate d = LocalDate.of(2026, 10, 1); d.getMonthValue() == 10; d = d.plusDays(1)) {
            if (d.getDayOfWeek() == DayOfWeek.MONDAY) {
                seen.add(backupSeenAt(d.atTime(10, 0).atZone(zone).toInstant()));
            }
        }
        long failed = seen.stream().filter(b -> !b.ok()).count();
        assertThat(failed).as("the injected failed backup, seen by one weekly check").isEqualTo(1);
        BackupSeen last = seen.get(seen.size() - 1);
        assertThat(last.ok()).isTrue();
        try (java.util.stream.Stream<Path> s = Files.list(BACKUPS)) {
            assertThat(s.count()).as("one backup a night").isEqualTo(31);
        }
        Launch.Outcome r = report("monthly", "2026-11-01");
        assertThat(r.exit()).as(r.err()).isZero();
        String out = r.out();
        List<String> lines = sectionLines(out, "## Backup");
        assertThat(lines).as(out).hasSize(1);
        Matcher m = Pattern.compile("- Latest backup: (\\w+), latest backup (.+) old(?:, (\\d+) critical results?)?")
                .matcher(lines.get(0));
        assertThat(m.matches()).as(lines.get(0)).isTrue();
        assertThat(m.group(1)).isEqualTo(last.ok() ? "Normal" : "Critical");
        // printed to the minute: the newest backup's age at the month's last verification
        assertThat(printedSeconds(m.group(2))).as(lines.get(0)).isBetween(last.ageSeconds() - 59, last.ageSeconds());
        assertThat(m.group(3) == null ? 0 : Long.parseLong(m.group(3))).as(lines.get(0)).isEqualTo(failed);
    }

    static Instant certificateNotAfter() throws Exception {
        try (java.io.InputStream in = Files.newInputStream(Path.of(env.get("TLS_CERT")))) {
            java.security.cert.X509Certificate c = (java.security.cert.X509Certificate)
                    java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in);
            return c.getNotAfter().toInstant();
        }
    }
}
