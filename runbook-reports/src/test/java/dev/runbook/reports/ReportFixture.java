package dev.runbook.reports;

import dev.runbook.core.ManualClock;
import dev.runbook.core.CheckResult;
import dev.runbook.core.Status;
import dev.runbook.core.escalation.IncidentRequest;
import dev.runbook.incidents.StoreIncidentService;
import dev.runbook.core.action.Outcome;
import dev.runbook.core.engine.ActionRun;
import dev.runbook.core.engine.CheckRun;
import dev.runbook.core.engine.RunResult;
import dev.runbook.core.model.Runbook;
import dev.runbook.core.quantity.Unit;
import dev.runbook.core.spi.TypeRegistry;
import dev.runbook.store.SqliteRunStore;
import dev.runbook.yaml.LoadResult;
import dev.runbook.yaml.RunbookLoader;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/** The {@code ops.yaml} fixture and a synthetic history of 2026-10-21 (Asia/Tokyo) written through the store. */
final class ReportFixture {
    static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

    private ReportFixture() {
    }

    /** Copies ops.yaml into {@code dir} and loads it with the real loader and types. */
    static Runbook load(Path dir) throws Exception {
        Path f = dir.resolve("ops.yaml");
        try (InputStream in = ReportFixture.class.getResourceAsStream("/reports/ops.yaml")) {
            Files.copy(in, f);
        }
        LoadResult r = new RunbookLoader(TypeRegistry.load(), Map.of(), Clock.systemUTC()).load(f);
        if (!r.isValid()) {
            throw new AssertionError(r.problems().toString());
        }
        return r.runbook();
    }

    static Instant tokyo(int month, int day, int hour, int minute) {
        return LocalDateTime.of(2026, month, day, hour, minute).atZone(TOKYO).toInstant();
    }

    static CheckRun result(String check, Instant at, Status status, Unit unit, Map<String, Double> metrics,
                           List<ActionRun> actions) {
        Double value = metrics.isEmpty() ? null : metrics.values().iterator().next();
        return new CheckRun(check, "test", null, status, status, value, value == null ? null : unit,
                check + " " + status, metrics, Duration.ofMillis(2), null, false, false, false, false, Map.of(),
                actions, at);
    }

    static void record(SqliteRunStore store, Instant at, CheckRun... results) {
        Status worst = Status.worst(java.util.Arrays.stream(results).map(CheckRun::status).toList());
        store.record(new RunResult("ops", "test", worst, at.atZone(TOKYO), Duration.ofMillis(10), "ops",
                List.of(results), List.of(), List.of(), false, null));
    }

    /**
     * 2026-10-21 in Tokyo: cpu 20/30/40 %, memory 60/70/80 %, disk 64/65/66 % (a cleanup at 15:00), access
     * requests 100/120, error rate 0.5/0.3 %, avg 1/1.4 s, p95 3/4 s; health every 10 minutes 09:00–13:00,
     * CRITICAL at 12:00 and 12:10; tls 45 days 3 h left; backup 5 h old. Outside the day: cpu 99 % at 10-20 23:30
     * and 10-22 00:10, and a note on 10-20.
     */
    static void history(Path storeFile) {
        history(storeFile, null);
    }

    /** {@link #history(Path)}, plus with {@code rb} a P2 incident on health opened 12:00 and recovered 12:20. */
    static void history(Path storeFile, Runbook rb) {
        // written in time order, as runs happen: the store folds finished hours into rollups as time passes
        java.util.TreeMap<Instant, List<CheckRun>> runs = new java.util.TreeMap<>();
        java.util.function.BiConsumer<Instant, CheckRun> add =
                (t, r) -> runs.computeIfAbsent(t, k -> new java.util.ArrayList<>()).add(r);
        Instant before = tokyo(10, 20, 23, 30);
        add.accept(before, result("cpu", before, Status.CRITICAL, Unit.PERCENT, Map.of("usage", 99.0), List.of()));
        int[] hours = {9, 12, 15};
        double[] cpu = {20, 30, 40};
        double[] mem = {60, 70, 80};
        double[] disk = {64, 65, 66};
        for (int i = 0; i < 3; i++) {
            Instant t = tokyo(10, 21, hours[i], 0).plusSeconds(30);
            List<ActionRun> acts = i == 2 ? List.of(new ActionRun("cleanup-uploads", Outcome.DONE,
                    "deleted 12 files", Duration.ofSeconds(1))) : List.of();
            add.accept(t, result("cpu", t, Status.OK, Unit.PERCENT, Map.of("usage", cpu[i]), List.of()));
            add.accept(t, result("memory", t, Status.OK, Unit.PERCENT, Map.of("used", mem[i]), List.of()));
            add.accept(t, result("disk", t, i == 2 ? Status.WARNING : Status.OK, Unit.PERCENT,
                    Map.of("used", disk[i]), acts));
        }
        for (int i = 0; i < 2; i++) {
            Instant t = tokyo(10, 21, 10 + 7 * i, 0);
            Map<String, Double> m = new java.util.LinkedHashMap<>();
            m.put("requests", i == 0 ? 100.0 : 120.0);
            m.put("error_rate", i == 0 ? 0.5 : 0.3);
            m.put("avg", i == 0 ? 1.0 : 1.4);
            m.put("p95", i == 0 ? 3.0 : 4.0);
            add.accept(t, result("access", t, Status.OK, Unit.COUNT, m, List.of()));
        }
        for (int k = 0; k <= 24; k++) {
            Instant t = tokyo(10, 21, 9, 0).plus(Duration.ofMinutes(10L * k));
            Status st = k == 18 || k == 19 ? Status.CRITICAL : Status.OK;
            add.accept(t, result("health", t, st, Unit.SECONDS, Map.of("latency", 0.01), List.of()));
        }
        Instant t16 = tokyo(10, 21, 16, 0);
        add.accept(t16, result("tls", t16, Status.OK, Unit.SECONDS, Map.of("time_left", 45 * 86400.0 + 3 * 3600), List.of()));
        add.accept(t16, result("backup", t16, Status.OK, Unit.SECONDS, Map.of("age", 5 * 3600.0), List.of()));
        Instant after = tokyo(10, 22, 0, 10);
        add.accept(after, result("cpu", after, Status.CRITICAL, Unit.PERCENT, Map.of("usage", 99.0), List.of()));
        ManualClock clock = new ManualClock(before, TOKYO);
        try (SqliteRunStore s = SqliteRunStore.open(storeFile, Duration.ofDays(400), clock)) {
            for (Map.Entry<Instant, List<CheckRun>> e : runs.entrySet()) {
                clock.set(e.getKey());
                record(s, e.getKey(), e.getValue().toArray(new CheckRun[0]));
            }
        }
        if (rb != null) {
            ManualClock ic = new ManualClock(tokyo(10, 21, 12, 0), TOKYO);
            try (StoreIncidentService inc = StoreIncidentService.open(storeFile, rb, ic)) {
                inc.escalate(new IncidentRequest("P2", "health", null, null,
                        CheckResult.critical("connection refused"), false, null));
                ic.set(tokyo(10, 21, 12, 20));
                inc.recovered("health", CheckResult.ok("healthy"), ic.instant());
            }
        }
        try (dev.runbook.store.Store store = dev.runbook.store.Store.open(storeFile, Duration.ofDays(400), clock)) {
            store.notes().add(tokyo(10, 20, 18, 0), "bob", "yesterday's note");
            store.notes().add(tokyo(10, 21, 14, 5), "alice", "Restarted httpd after the deploy");
        }
    }

    /**
     * Renders a report over the store file at {@code store}, opened for it as the launcher's one-shot report opens
     * it (the runtime's {@code StoreReports}: read-only, never created or migrated) and closed again.
     */
    static String render(Runbook rb, Path store, String reportId, java.time.LocalDate date, String format,
                         Clock clock) {
        try (dev.runbook.store.Store s = dev.runbook.store.Store.openExisting(store,
                dev.runbook.store.Store.DEFAULT_RETENTION, clock);
             StoreIncidentService inc = StoreIncidentService.open(s, rb, clock)) {
            return Reports.render(rb, ReportSource.of(s.history(), inc, s.notes(), inc), reportId, date, format, clock);
        }
    }
}
