package dev.runbook.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.core.CheckResult;
import dev.runbook.core.ManualClock;
import dev.runbook.core.Status;
import dev.runbook.core.engine.CheckRun;
import dev.runbook.core.engine.Engine;
import dev.runbook.core.engine.RunResult;
import dev.runbook.core.escalation.IncidentRequest;
import dev.runbook.core.model.Runbook;
import dev.runbook.core.quantity.Unit;
import dev.runbook.core.spi.TypeRegistry;
import dev.runbook.incidents.StoreIncidentService;
import dev.runbook.runtime.schedule.Scheduler;
import dev.runbook.store.Store;
import dev.runbook.yaml.LoadResult;
import dev.runbook.yaml.RunbookLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The status page over a real store: incidents, paused runs, procedures with steps, sparklines, the outbox. */
@Timeout(60)
class StatusPageTest {
    static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

    @TempDir
    Path dir;

    static Runbook runbook(Path dir) throws Exception {
        Path file = dir.resolve("ops.yaml");
        Files.writeString(file, String.join("\n",
                "runbook: ops",
                "title: Web <Operations>",
                "version: 1",
                "timezone: Asia/Tokyo",
                "store: ./state/ops.db",
                "checks:",
                "  disk: { type: disk, title: Disk usage, path: /, warning: 80%, critical: 90% }",
                "  evil: { type: command, title: \"<script>alert(1)</script>\", run: [\"true\"], expect: { exit: 0 } }",
                "notifiers:",
                "  ops: { type: webhook, url: \"http://127.0.0.1:9/hook\" }",
                "escalation:",
                "  levels:",
                "    P2: { title: Partial service outage, respond: 30m, notify: [ops] }",
                "procedures:",
                "  morning-check: { title: Morning Check, schedule: daily 09:00, steps: [ disk, evil ] }",
                "  restart: { title: Restart the web server, steps: [ disk ] }",
                ""));
        LoadResult loaded = new RunbookLoader(TypeRegistry.load(), Map.of(), Clock.systemUTC()).load(file);
        assertThat(loaded.errors()).isEmpty();
        return loaded.runbook();
    }

    static CheckRun result(String check, Instant at, Status status, double used) {
        return new CheckRun(check, "disk", null, status, status, used, Unit.PERCENT, "/ " + used + "% used",
                Map.of("used", used), Duration.ofMillis(2), null, false, false, false, false, Map.of(), List.of(), at);
    }

    @Test
    void showsIncidentsPausedRunsProceduresSparklinesAndTheOutboxAllEscaped() throws Exception {
        Runbook rb = runbook(dir);
        Instant start = LocalDateTime.of(2026, 11, 27, 8, 0).atZone(TOKYO).toInstant();
        ManualClock clock = new ManualClock(start, TOKYO);
        try (Store store = Store.open(dir.resolve("state/ops.db"), Store.DEFAULT_RETENTION, clock);
             StoreIncidentService inc = StoreIncidentService.open(store, rb, clock);
             Engine engine = Engine.builder().clock(clock).build()) {
            for (int i = 0; i < 24; i++) {
                Instant at = start.plus(Duration.ofMinutes(30L * i));
                clock.set(at);
                double used = 60 + i;
                store.runs().record(new RunResult("ops", "morning-check", used >= 80 ? Status.WARNING : Status.OK,
                        at.atZone(TOKYO), Duration.ofMillis(5), null,
                        List.of(result("disk", at, used >= 80 ? Status.WARNING : Status.OK, used)), List.of(), List.of(),
                        false, null));
            }
            Instant opened = clock.instant();
            inc.escalate(new IncidentRequest("P2", "disk", null, null, CheckResult.critical("disk <full>"), false, null));
            long id = inc.open().get(0).id();
            inc.acknowledge(id, "alice <ops>");
            clock.set(opened.plus(Duration.ofMinutes(125)));
            Scheduler scheduler = Scheduler.builder(rb, engine).clock(clock).build();
            PausedRun paused = new PausedRun("17", "restart", "Confirm the restart <now>", opened,
                    "runbook confirm ops.yaml 17");

            String html = new StatusPage(scheduler, store.runs(), inc, () -> List.of(paused)).render();

            assertThat(html).contains("<meta http-equiv=\"refresh\" content=\"30\">", "<link rel=\"icon\" href=\"data:,\">");
            assertThat(html).doesNotContain("<script", "Web <Operations>");
            assertThat(html).contains("&lt;script&gt;alert(1)&lt;/script&gt;", "Web &lt;Operations&gt;");
            // the open incident: level in the trigger's colour, its check, its age, who acknowledged it
            assertThat(html).containsPattern("<td class=\"num\">#" + id + "</td><td class=\"status s-critical\">P2 "
                    + "<span class=\"muted\">Partial service outage</span></td><td>disk</td>");
            assertThat(html).contains("<td class=\"ts\">2h 5m</td>", "alice &lt;ops&gt;");
            // the paused run with the command that confirms it
            assertThat(html).contains("<td>Confirm the restart &lt;now&gt;</td>",
                    "<code>runbook confirm ops.yaml 17</code>");
            // each procedure: the scheduled one with its next run, the other on demand; steps listed
            assertThat(html).contains("Morning Check", "2026-11-28T09:00:00+09:00", "Restart the web server",
                    "no schedule", "<ol class=\"steps\">");
            // the disk's status from the store, in colour, with a sparkline of the hourly averages of its 24
            // half-hourly values: (60 + 61) / 2 … (82 + 83) / 2
            assertThat(html).contains("<td class=\"status s-warning\">WARNING</td>");
            Matcher m = Pattern.compile("<svg[^>]*class=\"spark\".*?</svg>").matcher(html);
            assertThat(m.find()).isTrue();
            String spark = m.group();
            assertThat(spark).contains("Disk usage used over 24 h: 12 values, lowest 60.5%, highest 82.5%, last 82.5%");
            Matcher pts = Pattern.compile("<polyline[^>]* points=\"([^\"]+)\"").matcher(spark);
            assertThat(pts.find()).isTrue();
            assertThat(pts.group(1).split(" ")).hasSize(12);
            // the notification to the unreachable webhook waits in the outbox
            assertThat(html).contains("1 notification waits</span> in the outbox");
        }
    }

    @Test
    void aRunFromCronOrTheLauncherIsTheLastRunTheDaemonShowsWithItsSteps() throws Exception {
        Runbook rb = runbook(dir);
        Instant at = LocalDateTime.of(2026, 11, 28, 7, 15).atZone(TOKYO).toInstant();
        ManualClock clock = new ManualClock(at, TOKYO);
        try (Store store = Store.open(dir.resolve("state/ops.db"), Store.DEFAULT_RETENTION, clock);
             Engine engine = Engine.builder().clock(clock).build()) {
            // recorded by another process (cron's `runbook run`), not by this daemon's scheduler
            store.runs().record(new RunResult("ops", "morning-check", Status.WARNING, at.atZone(TOKYO),
                    Duration.ofMillis(5), null, List.of(result("disk", at, Status.WARNING, 85)),
                    List.of(new dev.runbook.core.engine.StepRun(1, "Disk usage <check>", "check", Status.WARNING, null,
                            "disk WARNING", Duration.ofMillis(2), List.of("disk"), at, at, Status.WARNING)),
                    List.of(), false, null, null));
            store.runs().record(new RunResult("ops", "restart", Status.OK, at.plusSeconds(60).atZone(TOKYO),
                    Duration.ofMillis(5), null, List.of(result("disk", at.plusSeconds(60), Status.OK, 70)),
                    List.of(), List.of(), false, null, null));
            clock.set(at.plusSeconds(120));
            Scheduler scheduler = Scheduler.builder(rb, engine).clock(clock).build();

            String html = new StatusPage(scheduler, store.runs(), null, List::of).render();

            Matcher morning = Pattern.compile("<tr><td>Morning Check</td>.*?</tr>", Pattern.DOTALL).matcher(html);
            assertThat(morning.find()).isTrue();
            assertThat(morning.group()).doesNotContain("not yet")
                    .contains("2026-11-28T07:15:00+09:00", "<td class=\"status s-warning\">WARNING</td>",
                            "<li>Disk usage &lt;check&gt; <span class=\"status s-warning\">WARNING</span></li>");
            Matcher restart = Pattern.compile("<tr><td>Restart the web server</td>.*?</tr>", Pattern.DOTALL)
                    .matcher(html);
            assertThat(restart.find()).isTrue();
            assertThat(restart.group()).contains("on demand", "2026-11-28T07:16:00+09:00",
                    "<td class=\"status s-ok\">OK</td>");
        }
    }

    @Test
    void aRunWhoseProcessDiedShowsAsExpiredWithWhy() throws Exception {
        Runbook rb = runbook(dir);
        Instant at = LocalDateTime.of(2026, 11, 28, 7, 15).atZone(TOKYO).toInstant();
        ManualClock clock = new ManualClock(at, TOKYO);
        try (Store store = Store.open(dir.resolve("state/ops.db"), Store.DEFAULT_RETENTION, clock);
             Engine engine = Engine.builder().clock(clock).build()) {
            long id = store.runs().startRun("ops", "restart", at, "cron", new dev.runbook.core.engine.RunTrail(null,
                    "cli", null, dev.runbook.core.engine.RunState.RUNNING, null, Map.of(), null, null));
            // its owner as the store keeps it (version, machine, boot, pid, start, heartbeat): a process on web-2
            // whose heartbeat stopped at the start
            store.runs().state().put("run-owner", Long.toString(id), String.join("\t", "1", "web-2", "boot-2",
                    "4242", "-1", Long.toString(at.toEpochMilli())));
            Scheduler scheduler = Scheduler.builder(rb, engine).clock(clock).build();
            clock.set(at.plusSeconds(30));
            Matcher live = Pattern.compile("<tr><td>Restart the web server</td>.*?</tr>", Pattern.DOTALL)
                    .matcher(new StatusPage(scheduler, store.runs(), null, List::of).render());
            assertThat(live.find()).isTrue();
            assertThat(live.group()).as("its heartbeat is 30 s old").contains(", running)");

            clock.set(at.plusSeconds(61));
            Matcher dead = Pattern.compile("<tr><td>Restart the web server</td>.*?</tr>", Pattern.DOTALL)
                    .matcher(new StatusPage(scheduler, store.runs(), null, List::of).render());
            assertThat(dead.find()).isTrue();
            assertThat(dead.group()).contains(", expired: the process that ran it (pid 4242 on web-2) has not been"
                    + " heard from for more than 60 s").doesNotContain("running");
        }
    }

    @Test
    void withoutAStoreThePageSaysWhatIsMissingInsteadOfFailing() throws Exception {
        Runbook rb = runbook(dir);
        ManualClock clock = new ManualClock(Instant.parse("2026-11-27T00:00:00Z"), TOKYO);
        try (Engine engine = Engine.builder().clock(clock).build()) {
            Scheduler scheduler = Scheduler.builder(rb, engine).clock(clock).build();
            String html = new StatusPage(scheduler, null, null, List::of).render();
            assertThat(html).contains("Incidents are not available (no store).", "No run is waiting.",
                    "The outbox is not available (no store).", "no result yet", "Disk usage used over 24 h: no data");
        }
    }

    @Test
    void agesAreWrittenToTheMinute() {
        assertThat(StatusPage.age(Duration.ofSeconds(59))).isEqualTo("0m");
        assertThat(StatusPage.age(Duration.ofMinutes(125))).isEqualTo("2h 5m");
        assertThat(StatusPage.age(Duration.ofHours(75))).isEqualTo("3d 3h");
    }
}
