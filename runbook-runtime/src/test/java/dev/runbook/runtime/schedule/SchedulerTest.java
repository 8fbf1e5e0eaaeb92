package dev.runbook.runtime.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.core.CheckResult;
import dev.runbook.core.ManualClock;
import dev.runbook.core.engine.Engine;
import dev.runbook.core.escalation.IncidentRequest;
import dev.runbook.core.escalation.IncidentService;
import dev.runbook.core.escalation.Incident;
import dev.runbook.core.model.ReportDefinition;
import dev.runbook.core.model.Runbook;
import dev.runbook.core.schedule.Schedule;
import dev.runbook.dsl.RunbookBuilder;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The scheduler driven by a {@link ManualClock} and a waiter that jumps the clock: no test sleeps. */
@Timeout(20)
class SchedulerTest {
    static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
    /** Friday 2026-11-27 00:00 in Tokyo. */
    static final Instant FRIDAY = LocalDateTime.of(2026, 11, 27, 0, 0).atZone(TOKYO).toInstant();

    final ManualClock clock = new ManualClock(FRIDAY, TOKYO);
    final Map<String, List<Instant>> fired = new java.util.concurrent.ConcurrentHashMap<>();
    final List<String> log = new CopyOnWriteArrayList<>();
    Engine engine;

    @AfterEach
    void close() {
        if (engine != null) {
            engine.close();
        }
    }

    /** A runbook whose check {@code id} records when it ran; one procedure per schedule. */
    Runbook runbook(String... procedureAndSchedule) {
        RunbookBuilder b = RunbookBuilder.runbook("sched").zone("Asia/Tokyo");
        for (int i = 0; i < procedureAndSchedule.length; i += 2) {
            String id = procedureAndSchedule[i];
            String schedule = procedureAndSchedule[i + 1];
            b.check(id + "-check", c -> c.of(ctx -> {
                fired.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>()).add(clock.instant());
                return CheckResult.ok("fine");
            }));
            b.procedure(id, p -> p.title("Title of " + id).schedule(schedule).checks(id + "-check"));
        }
        return b.build();
    }

    Engine engine() {
        engine = Engine.builder().clock(clock).build();
        return engine;
    }

    /** Runs the loop on this thread, jumping the clock to each deadline, until the clock would pass {@code end}. */
    void runUntil(Scheduler.Builder b, Instant end) {
        AtomicReference<Scheduler> ref = new AtomicReference<>();
        Scheduler s = b.clock(clock).executor(Runnable::run).events(e -> log.add(e.message())).waiter(deadline -> {
            if (deadline.isAfter(end)) {
                ref.get().stop();
            } else {
                clock.set(deadline);
            }
        }).build();
        ref.set(s);
        s.run();
    }

    static Instant tokyo(int day, int hour, int minute) {
        return LocalDateTime.of(2026, 11, day, hour, minute).atZone(TOKYO).toInstant();
    }

    @Test
    void dailyAndWeekdaySchedulesFireAtTheirTimesAcrossTwoDaysInTheRunbookZone() {
        Runbook rb = runbook("morning", "daily 09:00", "evening", "weekdays 17:30");
        runUntil(Scheduler.builder(rb, engine()), FRIDAY.plus(Duration.ofDays(2)));
        assertThat(fired.get("morning")).containsExactly(tokyo(27, 9, 0), tokyo(28, 9, 0));
        // Saturday 28th is not a weekday
        assertThat(fired.get("evening")).containsExactly(tokyo(27, 17, 30));
    }

    @Test
    void everyFiveMinutesAlignsToTheClockFromAnOddStart() {
        clock.set(FRIDAY.plusSeconds(150)); // 00:02:30
        Runbook rb = runbook("often", "every 5m");
        runUntil(Scheduler.builder(rb, engine()), FRIDAY.plus(Duration.ofHours(1)));
        List<Instant> times = fired.get("often");
        assertThat(times).hasSize(12).first().isEqualTo(tokyo(27, 0, 5));
        assertThat(times).last().isEqualTo(tokyo(27, 1, 0));
        for (Instant t : times) {
            ZonedDateTime z = t.atZone(TOKYO);
            assertThat(z.getMinute() % 5).as(z.toString()).isZero();
            assertThat(z.getSecond()).isZero();
        }
    }

    @Test
    void aRunStillGoingWhenTheNextIsDueIsSkippedAndLoggedOnceWithoutPileUp() {
        Runbook rb = runbook("slow", "every 1m");
        List<Runnable> held = new ArrayList<>();
        Scheduler s = Scheduler.builder(rb, engine()).clock(clock).executor(held::add).events(e -> log.add(e.message()))
                .waiter(d -> { }).build();
        for (int i = 1; i <= 5; i++) {
            clock.set(FRIDAY.plus(Duration.ofMinutes(i)));
            s.fireDue(clock.instant());
        }
        Scheduler.Job job = s.jobs().get(0);
        assertThat(held).hasSize(1);
        assertThat(job.running()).isTrue();
        assertThat(job.fired()).isEqualTo(1);
        assertThat(job.skipped()).isEqualTo(4);
        assertThat(log).filteredOn(l -> l.contains("still running")).hasSize(1);

        held.get(0).run(); // the slow run finishes
        assertThat(job.running()).isFalse();
        assertThat(job.lastRun()).isNotNull();
        clock.set(FRIDAY.plus(Duration.ofMinutes(6)));
        s.fireDue(clock.instant());
        assertThat(held).hasSize(2);
        assertThat(job.fired()).isEqualTo(2);
    }

    @Test
    void fireTimesMissedWhileDownAreNotReplayed() {
        Runbook rb = runbook("morning", "daily 09:00");
        Scheduler s = Scheduler.builder(rb, engine()).clock(clock).executor(Runnable::run).events(e -> log.add(e.message()))
                .waiter(d -> { }).build();
        assertThat(s.jobs().get(0).next().toInstant()).isEqualTo(tokyo(27, 9, 0));
        clock.set(tokyo(30, 12, 0)); // three days later: three 09:00s passed
        s.fireDue(clock.instant());
        assertThat(fired.get("morning")).containsExactly(tokyo(30, 12, 0));
        assertThat(s.jobs().get(0).next().toInstant()).isEqualTo(LocalDateTime.of(2026, 12, 1, 9, 0).atZone(TOKYO).toInstant());
    }

    @Test
    void processDueIsCalledEveryTickAndAfterEachRun() {
        Runbook rb = runbook("hourly", "cron \"0 * * * *\"");
        List<Instant> due = Collections.synchronizedList(new ArrayList<>());
        IncidentService counting = new IncidentService() {
            @Override
            public String escalate(IncidentRequest request) {
                return null;
            }

            @Override
            public void recovered(String check, CheckResult result, Instant at) {
            }

            @Override
            public void processDue(Instant now) {
                due.add(now);
            }

            @Override
            public List<Incident> open() {
                return List.of();
            }
        };
        engine = Engine.builder().clock(clock).incidents(counting).build();
        runUntil(Scheduler.builder(rb, engine).incidents(counting).tick(Duration.ofSeconds(30)),
                FRIDAY.plus(Duration.ofHours(1)));
        // ticks at 0 s, 30 s, … 3600 s: 121; plus the engine's own and the scheduler's after the 01:00 run
        assertThat(due).contains(FRIDAY, FRIDAY.plusSeconds(30), FRIDAY.plusSeconds(1800), tokyo(27, 1, 0));
        assertThat(due.stream().filter(t -> t.equals(tokyo(27, 1, 0))).count()).isGreaterThanOrEqualTo(2);
        assertThat(due.size()).isGreaterThanOrEqualTo(121);
    }

    @Test
    void runNowFiresEveryProcedureOnceAtStartThenFollowsTheSchedule() {
        Runbook rb = runbook("morning", "daily 09:00");
        runUntil(Scheduler.builder(rb, engine()).runAtStart(true), FRIDAY.plus(Duration.ofHours(10)));
        assertThat(fired.get("morning")).containsExactly(FRIDAY, tokyo(27, 9, 0));
    }

    @Test
    void aProcedureWithoutAScheduleNeverRunsWithOrWithoutRunNow() {
        Runbook rb = RunbookBuilder.runbook("sched").zone("Asia/Tokyo")
                .check("morning-check", c -> c.of(ctx -> {
                    fired.computeIfAbsent("morning", k -> new CopyOnWriteArrayList<>()).add(clock.instant());
                    return CheckResult.ok("fine");
                }))
                .check("yum-update", c -> c.of(ctx -> {
                    fired.computeIfAbsent("maintenance", k -> new CopyOnWriteArrayList<>()).add(clock.instant());
                    return CheckResult.ok("updated");
                }))
                .procedure("morning", p -> p.schedule("daily 09:00").checks("morning-check"))
                .procedure("maintenance", p -> p.title("Planned maintenance").checks("yum-update"))
                .build();
        for (boolean runNow : new boolean[] {false, true}) {
            clock.set(FRIDAY);
            Scheduler.Builder b = Scheduler.builder(rb, engine()).runAtStart(runNow);
            runUntil(b, FRIDAY.plus(Duration.ofDays(2)));
            assertThat(Scheduler.builder(rb, engine()).runAtStart(runNow).build().jobs())
                    .extracting(Scheduler.Job::id).containsExactly("morning");
        }
        assertThat(fired.get("maintenance")).as("the unscheduled maintenance never ran").isNull();
        assertThat(fired.get("morning")).contains(FRIDAY, tokyo(27, 9, 0));
    }

    @Test
    void aDueReportGoesToTheHookAndTheDefaultHookSaysReportsAreNotAvailable() {
        Runbook base = runbook("morning", "daily 09:00");
        ReportDefinition daily = new ReportDefinition("daily", "Daily Operations Report", "day", "current", "monday",
                List.of(Schedule.parse("daily 17:30")), List.of("services"), Map.of(), List.of(), "text");
        Runbook rb = Runbook.builder("sched").zone(TOKYO).check(base.check("morning-check"))
                .procedure(base.procedures().get("morning")).report(daily).build();
        runUntil(Scheduler.builder(rb, engine()), FRIDAY.plus(Duration.ofDays(1)));
        assertThat(log).anyMatch(l -> l.contains("report daily") && l.contains("reports not available in this build"));

        List<ZonedDateTime> calls = new CopyOnWriteArrayList<>();
        AtomicInteger n = new AtomicInteger();
        clock.set(FRIDAY);
        runUntil(Scheduler.builder(rb, engine()).reports((r, def, at) -> {
            calls.add(at);
            return "sent " + def.id() + " #" + n.incrementAndGet();
        }), FRIDAY.plus(Duration.ofDays(1)));
        assertThat(calls).extracting(ZonedDateTime::toInstant).containsExactly(tokyo(27, 17, 30));
    }

    @Test
    void shutdownWaitsForARunInProgressWithinItsBoundThenInterruptsIt() throws Exception {
        java.util.concurrent.CountDownLatch never = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
        Runbook rb = RunbookBuilder.runbook("stuck").zone("Asia/Tokyo")
                .check("hang", c -> c.of(ctx -> {
                    started.countDown();
                    never.await();
                    return CheckResult.ok("released");
                }))
                .procedure("stuck", p -> p.schedule("every 1m").checks("hang")).build();
        Scheduler s = Scheduler.builder(rb, engine()).clock(clock).events(e -> log.add(e.message())).runAtStart(true)
                .waiter(d -> { }).build();
        s.fireDue(clock.instant());
        assertThat(started.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        long t0 = System.nanoTime();
        assertThat(s.shutdown(Duration.ofMillis(300))).as("the stuck run did not finish").isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
        never.countDown();
    }

    @Test
    void shutdownReturnsTrueWhenNoRunIsInProgress() throws Exception {
        Scheduler s = Scheduler.builder(runbook("morning", "daily 09:00"), engine()).clock(clock).build();
        assertThat(s.shutdown(Duration.ofSeconds(1))).isTrue();
        assertThat(s.alive()).isFalse();
    }

    @Test
    void listenersReceiveTypedEventsForSkipsAndFinishedRuns() {
        Runbook rb = runbook("slow", "every 1m");
        List<Runnable> held = new ArrayList<>();
        List<ScheduleEvent> events = new ArrayList<>();
        Scheduler s = Scheduler.builder(rb, engine()).clock(clock).executor(held::add).events(events::add)
                .waiter(d -> { }).build();
        clock.set(FRIDAY.plus(Duration.ofMinutes(1)));
        s.fireDue(clock.instant());
        clock.set(FRIDAY.plus(Duration.ofMinutes(2)));
        s.fireDue(clock.instant());
        held.get(0).run();
        assertThat(events).hasSize(2);
        ScheduleEvent.Skipped skipped = (ScheduleEvent.Skipped) events.get(0);
        assertThat(skipped.job().id()).isEqualTo("slow");
        assertThat(skipped.due().toInstant()).isEqualTo(FRIDAY.plus(Duration.ofMinutes(2)));
        ScheduleEvent.Finished finished = (ScheduleEvent.Finished) events.get(1);
        assertThat(finished.result().procedure()).isEqualTo("slow");
        assertThat(finished.message()).startsWith("runbook daemon: procedure slow: OK in ");
    }

    @Test
    void aListenerThatThrowsDoesNotStopTheSchedule() {
        Runbook rb = runbook("slow", "every 1m");
        Scheduler s = Scheduler.builder(rb, engine()).clock(clock).executor(Runnable::run)
                .events(e -> { throw new IllegalStateException("listener broke"); }).waiter(d -> { }).build();
        clock.set(FRIDAY.plus(Duration.ofMinutes(1)));
        s.fireDue(clock.instant());
        clock.set(FRIDAY.plus(Duration.ofMinutes(2)));
        s.fireDue(clock.instant());
        assertThat(s.jobs().get(0).fired()).isEqualTo(2);
        assertThat(s.jobs().get(0).lastRun()).isNotNull();
    }
}
