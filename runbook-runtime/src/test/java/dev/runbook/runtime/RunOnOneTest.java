package dev.runbook.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.core.CheckResult;
import dev.runbook.core.ManualClock;
import dev.runbook.core.engine.Engine;
import dev.runbook.core.model.Procedure;
import dev.runbook.core.model.Runbook;
import dev.runbook.dsl.RunbookBuilder;
import dev.runbook.runtime.schedule.Scheduler;
import dev.runbook.store.Hosts;
import dev.runbook.store.Store;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run_on: one} (runbook-format §10) with two daemons — two stores, two schedulers, two host names — on one
 * real store file and one manual clock: every fire time of the {@code run_on: one} procedure runs on exactly one
 * host and the other records nothing for it, while a {@code run_on: each} procedure runs on both; a fire time
 * stays claimed even when the lease changes hands (a holder that stalled past its TTL and a successor firing the
 * same time cannot both run it); {@code --run-now}'s firing goes to the lease holder alone.
 */
@Timeout(60)
class RunOnOneTest {
    static final Instant T0 = Instant.parse("2026-11-27T00:00:00Z");
    static final Duration TTL = Duration.ofSeconds(30);
    @TempDir
    Path dir;
    final ManualClock clock = new ManualClock(T0, ZoneOffset.UTC);
    final Map<String, AtomicInteger> ran = new ConcurrentHashMap<>();

    Runbook runbook() {
        return RunbookBuilder.runbook("fleet").zone("UTC")
                .check("sweep-check", c -> c.of(ctx -> count("sweep")))
                .check("local-check", c -> c.of(ctx -> count("local")))
                .procedure("sweep", p -> p.schedule("every 5m").checks("sweep-check").runOnOne())
                .procedure("local", p -> p.schedule("every 5m").checks("local-check"))
                .build();
    }

    private CheckResult count(String what) {
        ran.computeIfAbsent(what, k -> new AtomicInteger()).incrementAndGet();
        return CheckResult.ok("fine");
    }

    /** One daemon: its own connection to the shared store, engine, fleet claims and scheduler. */
    final class Daemon implements AutoCloseable {
        final Store store;
        final Engine engine;
        final FleetClaims claims;
        final Scheduler scheduler;

        Daemon(String host, Runbook rb) {
            store = Store.open(dir.resolve("fleet.db"), null, clock).host(host);
            engine = Engine.builder().clock(clock).store(store.runs()).build();
            claims = new FleetClaims(store.leases(clock), host, TTL, rb);
            scheduler = Scheduler.builder(rb, engine).clock(clock).executor(Runnable::run).fleet(claims).build();
        }

        @Override
        public void close() {
            claims.close();
            engine.close();
            store.close();
        }
    }

    @Test
    void eachFireTimeOfARunOnOneProcedureRunsOnExactlyOneHost() {
        Runbook rb = runbook();
        try (Daemon web1 = new Daemon("web-1", rb); Daemon web2 = new Daemon("web-2", rb)) {
            for (int i = 1; i <= 6; i++) {
                clock.set(T0.plus(Duration.ofMinutes(5L * i)));
                // the daemons see the fire time in turn, in either order
                if (i % 2 == 0) {
                    web1.scheduler.fireDue(clock.instant());
                    web2.scheduler.fireDue(clock.instant());
                } else {
                    web2.scheduler.fireDue(clock.instant());
                    web1.scheduler.fireDue(clock.instant());
                }
            }
            assertThat(ran.get("sweep")).as("run_on: one: once per fire time").hasValue(6);
            assertThat(ran.get("local")).as("run_on: each: on both hosts").hasValue(12);
            List<Hosts.HostResult> sweeps = web1.store.hosts().results(null, "sweep-check", T0);
            assertThat(sweeps).as("recorded once per fire").hasSize(6);
            assertThat(web1.store.hosts().results(null, "local-check", T0)).extracting(Hosts.HostResult::host)
                    .containsOnly("web-1", "web-2").hasSize(12);
            int elsewhere = job(web1, "sweep").ranElsewhere() + job(web2, "sweep").ranElsewhere();
            assertThat(elsewhere).as("the other host recorded nothing and says so").isEqualTo(6);
            assertThat(job(web1, "sweep").fired() + job(web2, "sweep").fired()).isEqualTo(12);
        }
    }

    @Test
    void aClaimedFireTimeIsNotRunAgainByTheNextLeaseHolderAndRunNowGoesToTheHolder() {
        Runbook rb = runbook();
        Procedure sweep = rb.procedures().get("sweep");
        try (Daemon web1 = new Daemon("web-1", rb); Daemon web2 = new Daemon("web-2", rb)) {
            assertThat(web1.claims.mayRun(sweep, now(), true)).as("--run-now: web-1 takes the lease").isTrue();
            assertThat(web2.claims.mayRun(sweep, now(), true)).as("--run-now on web-2: web-1 holds it").isFalse();
            clock.set(T0.plus(Duration.ofMinutes(5)));
            ZonedDateTime due = now();
            assertThat(web1.claims.mayRun(sweep, due, false)).isTrue();
            // web-1 stalls past its lease; web-2 takes the lease and, late, fires the same time
            clock.advance(TTL.plusSeconds(1));
            assertThat(web2.claims.mayRun(sweep, due, false)).as("the fire time is web-1's already").isFalse();
            clock.set(T0.plus(Duration.ofMinutes(10)));
            assertThat(web2.claims.mayRun(sweep, now(), false)).as("web-2 holds the lease now").isTrue();
            assertThat(web1.claims.mayRun(sweep, now(), false)).isFalse();
            assertThat(web1.store.leases(clock).holder(FleetClaims.procedureLease("sweep")))
                    .map(dev.runbook.store.Leases.Holder::holder).contains("web-2");
        }
    }

    @Test
    void scheduledReportsAreSentUnderOneLeaseOncePerFireTime() {
        Runbook rb = RunbookBuilder.runbook("fleet").zone("UTC").check("c", c -> c.of(ctx -> CheckResult.ok("ok")))
                .report("daily", r -> r.schedule("daily 08:00")).build();
        try (Daemon web1 = new Daemon("web-1", rb); Daemon web2 = new Daemon("web-2", rb)) {
            ZonedDateTime due = T0.plus(Duration.ofHours(8)).atZone(ZoneOffset.UTC);
            clock.set(due.toInstant());
            assertThat(web2.claims.maySendReport("daily", due)).isTrue();
            assertThat(web1.claims.maySendReport("daily", due)).as("two daemons racing: one sends").isFalse();
            clock.advance(TTL.plusSeconds(1));
            assertThat(web1.claims.maySendReport("daily", due)).as("even after the lease moved").isFalse();
        }
    }

    @Test
    void aFleetScopedCheckIsEvaluatedOncePerFireAndRecordedUnderTheFleetWhileTheOthersRunOnEveryHost() {
        Runbook rb = RunbookBuilder.runbook("fleet").zone("UTC")
                .check("health", c -> c.of(ctx -> count("health")))
                .check("backup", c -> c.of(ctx -> count("backup")).scope("fleet"))
                .procedure("morning", p -> p.schedule("every 5m").checks("health", "backup"))
                .procedure("backups", p -> p.schedule("every 5m").checks("backup"))
                .build();
        try (Daemon web1 = new Daemon("web-1", rb); Daemon web2 = new Daemon("web-2", rb)) {
            for (int i = 1; i <= 3; i++) {
                clock.set(T0.plus(Duration.ofMinutes(5L * i)));
                web2.scheduler.fireDue(clock.instant());
                web1.scheduler.fireDue(clock.instant());
            }
            assertThat(ran.get("health")).as("scope: host (the default): on both hosts").hasValue(6);
            assertThat(ran.get("backup")).as("scope: fleet: once per procedure firing for the fleet").hasValue(6);
            assertThat(web1.store.hosts().results(null, "backup", T0)).extracting(Hosts.HostResult::host)
                    .as("recorded under the fleet's host label").containsOnly("fleet").hasSize(6);
            assertThat(web1.store.hosts().results(null, "health", T0)).extracting(Hosts.HostResult::host)
                    .containsOnly("web-1", "web-2").hasSize(6);
        }
    }

    private ZonedDateTime now() {
        return clock.instant().atZone(ZoneOffset.UTC);
    }

    private static Scheduler.Job job(Daemon d, String id) {
        return d.scheduler.jobs().stream().filter(j -> j.id().equals(id)).findFirst().orElseThrow();
    }
}
