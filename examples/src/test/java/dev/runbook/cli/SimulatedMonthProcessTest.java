package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.core.ManualClock;
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
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
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
 * Issue 14's simulated month: the seed runbook's {@code access} check runs on the demo sandbox with a fake clock
 * through October 2026, at noon and at 17:30 each day, while the sandbox's Apache access log grows; then the
 * seed's daily, weekly and monthly reports are rendered by the launcher in a separate process, and their access
 * counts are compared with counts made here from the log itself, line by line.
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

    @BeforeAll
    static void simulateOctober() throws Exception {
        zone = ZoneId.systemDefault();
        sandbox = DemoSandbox.create(dir.resolve("sandbox"), zone);
        env = new HashMap<>(sandbox.environment());
        Path log = Path.of(env.get("HTTPD_ACCESS_LOG"));
        Files.writeString(log, "");   // the month starts with an empty log
        LocalDate first = LocalDate.of(2026, 10, 1);
        ManualClock clock = new ManualClock(first.atStartOfDay(zone).toInstant(), zone);
        Map<String, String> loadEnv = new HashMap<>(System.getenv());
        loadEnv.putAll(env);
        LoadResult loaded = new RunbookLoader(TypeRegistry.load(), loadEnv, clock).load(SEED);
        assertThat(loaded.errors()).isEmpty();
        try (RunbookRuntime rt = RunbookRuntime.builder(loaded).env(loadEnv).clock(clock).build()) {
            for (LocalDate day = first; day.getMonthValue() == 10; day = day.plusDays(1)) {
                int requests = 20 + day.getDayOfMonth() * 7 % 13;   // 20 to 32 a day
                int morning = requests / 2;
                append(log, day, 8, 11, morning);
                clock.set(day.atTime(12, 0).atZone(zone).toInstant());
                RunResult noon = rt.run(RunRequest.builder().check("access").build());
                assertThat(noon.results()).hasSize(1);
                append(log, day, 13, 17, requests - morning);
                clock.set(day.atTime(17, 30).atZone(zone).toInstant());
                rt.run(RunRequest.builder().check("access").build());
            }
        }
    }

    @AfterAll
    static void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    /** {@code n} requests on {@code day} spread between {@code fromHour} and {@code toHour}, as Apache logs them. */
    static void append(Path log, LocalDate day, int fromHour, int toHour, int n) throws Exception {
        StringBuilder b = new StringBuilder();
        long span = (toHour - fromHour) * 3600L;
        for (int i = 0; i < n; i++) {
            ZonedDateTime t = day.atTime(fromHour, 0).atZone(zone).plusSeconds(span * i / n);
            b.append("10.0.0.").append(10 + i % 12).append(" - user").append(i % 12).append(" [").append(t.format(APACHE))
                    .append("] \"GET /api/v1/tasks HTTP/1.1\" 200 2048 \"-\" \"Mozilla/5.0 (simulated)\" 250000\n");
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

    private static Launch.Outcome report(String id, String date) throws Exception {
        Launch l = Launch.plain(dir.resolve("xdg"));
        env.forEach(l::env);
        return l.run(dir, "report", SEED.toString(), id, "--date", date);
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
                .contains("- Access count: " + week + "\n");
    }

    @Test
    void theMonthlyReportSumsTheMonth() throws Exception {
        Map<LocalDate, Integer> perDay = countedFromTheLog();
        int month = between(perDay, LocalDate.of(2026, 10, 1), LocalDate.of(2026, 10, 31));
        assertThat(perDay.keySet()).hasSize(31);
        Launch.Outcome r = report("monthly", "2026-11-01");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("- Access count: " + month + "\n");
    }
}
