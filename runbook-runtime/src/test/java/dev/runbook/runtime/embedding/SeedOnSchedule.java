package dev.runbook.runtime.embedding;

import dev.runbook.core.ManualClock;
import dev.runbook.core.escalation.Incident;
import dev.runbook.core.StoredResult;
import dev.runbook.core.schedule.Schedule;
import dev.runbook.core.spi.TypeRegistry;
import dev.runbook.runtime.RunbookRuntime;
import dev.runbook.runtime.schedule.Scheduler;
import dev.runbook.yaml.LoadResult;
import dev.runbook.yaml.RunbookLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/**
 * An application that embeds only the library modules: it loads the seed runbook and lets one
 * {@link RunbookRuntime} run it on its schedule, with the SQLite store, incidents and notifications. Its clock
 * starts just before the morning check's 09:00 and the scheduler's waits move it forward, so the schedule fires at
 * once. Run in a child JVM by {@code EmbeddedWithoutLauncherTest}; prints {@code key=value} lines.
 *
 * <p>Arguments: the seed runbook file, the notifications file the sandbox's file notifier writes.
 */
public final class SeedOnSchedule {
    private SeedOnSchedule() {
    }

    public static void main(String[] args) throws Exception {
        Path seed = Path.of(args[0]);
        Path notifications = Path.of(args[1]);
        LoadResult loaded = new RunbookLoader(TypeRegistry.load(), System.getenv(), java.time.Clock.systemUTC())
                .load(seed);
        if (!loaded.isValid()) {
            loaded.errors().forEach(System.out::println);
            System.exit(2);
        }
        ZoneId zone = loaded.runbook().zone();
        Instant nine = LocalDate.now(zone).atTime(9, 0).atZone(zone).toInstant();
        Instant stopMoving = nine.plusSeconds(1);
        ManualClock clock = new ManualClock(nine.minusSeconds(10), zone);
        try (RunbookRuntime rt = RunbookRuntime.builder(loaded).clock(clock)
                .engine(eb -> eb.sleeper(d -> Thread.sleep(Math.min(d.toMillis(), 200))))
                .waiter(deadline -> {
                    if (!deadline.isAfter(stopMoving)) {
                        clock.set(deadline.isAfter(clock.instant()) ? deadline : clock.instant());
                    } else {
                        Thread.sleep(50);
                    }
                }).build()) {
            // which procedure fires at 09:00, found before the loop starts (it moves the clock at once)
            Optional<String> nineOClock = rt.runbook().procedures().values().stream()
                    .filter(p -> Schedule.nextOf(p.schedules(), clock.instant().atZone(zone), zone)
                            .map(t -> t.toInstant().equals(nine)).orElse(false))
                    .map(p -> p.id()).findFirst();
            Scheduler scheduler = rt.schedule();
            Optional<Scheduler.Job> morning = scheduler.jobs().stream()
                    .filter(j -> j.kind() == Scheduler.Kind.PROCEDURE && nineOClock.isPresent()
                            && j.id().equals(nineOClock.get())).findFirst();
            System.out.println("scheduled=" + morning.map(Scheduler.Job::id).orElse("none"));
            if (morning.isEmpty()) {
                System.exit(3);
            }
            long until = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while ((morning.get().lastRun() == null) && System.nanoTime() < until) {
                Thread.sleep(50);
            }
            Scheduler.Job job = morning.get();
            System.out.println("fired=" + job.fired());
            System.out.println("status=" + (job.lastRun() == null ? "none" : job.lastRun().status()));
            System.out.println("recorded=" + rt.recorded());
            int stored = 0;
            for (String check : rt.runbook().checks().keySet()) {
                Optional<StoredResult> r = rt.store().history().latest(check);
                stored += r.isPresent() ? 1 : 0;
            }
            System.out.println("stored_checks=" + stored);
            List<Incident> incidents = rt.storeIncidents().all();
            System.out.println("incidents=" + incidents.size());
            rt.escalations().awaitIdle(Duration.ofSeconds(30));
            System.out.println("notifications=" + (Files.exists(notifications)
                    ? Files.readAllLines(notifications).size() : 0));
            System.out.println("picocli=" + present("picocli.CommandLine"));
            System.out.println("slf4j_backend=" + present("org.slf4j.simple.SimpleLogger"));
            System.out.println("launcher=" + present("dev.runbook.cli.Main"));
        }
        System.exit(0);
    }

    private static boolean present(String className) {
        try {
            Class.forName(className, false, SeedOnSchedule.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
