package dev.runbook.runtime.rehearsal;

import dev.runbook.core.ManualClock;
import dev.runbook.core.engine.Engine;
import dev.runbook.core.engine.RunRequest;
import dev.runbook.core.engine.RunResult;
import dev.runbook.core.escalation.Incident;
import dev.runbook.core.model.Runbook;
import dev.runbook.core.spi.TypeRegistry;
import dev.runbook.incidents.StoreIncidentService;
import dev.runbook.reports.Reports;
import dev.runbook.runtime.StoreReports;
import dev.runbook.runtime.rehearsal.CaseReport.CaseOutcome;
import dev.runbook.runtime.rehearsal.CaseReport.Failure;
import dev.runbook.store.Store;
import dev.runbook.store.OutboxTable;
import dev.runbook.store.OutboxTable.Outgoing;
import dev.runbook.yaml.LoadResult;
import dev.runbook.yaml.Problem;
import dev.runbook.yaml.RunbookLoader;
import dev.runbook.yaml.TestCases;
import dev.runbook.yaml.TestCases.Case;
import dev.runbook.yaml.TestCases.Later;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Runs the test cases of a runbook (runbook-format §11, {@code runbook test}): each case replays the results it
 * gives through the runbook's real engine, thresholds, remediations, escalation and outbox, on a fake clock,
 * touching nothing — probes, actions and notifiers are replaced ({@link TestSwaps}), and each case has a fresh
 * store of its own in a temporary directory, deleted afterwards.
 *
 * <pre>{@code
 * CaseReport report = CaseRunner.of(Path.of("runbook.yaml"), TypeRegistry.load(), System.getenv())
 *         .run(CaseRunner.casesBeside(Path.of("runbook.yaml")));
 * System.exit(report.exitCode());
 * }</pre>
 *
 * <p>Cases run one after another; {@link #run} blocks until all are done. Not thread-safe.
 */
public final class CaseRunner {
    /** Secrets referenced without a default: given a placeholder so that what uses them loads and runs. */
    private static final Pattern BARE_ENV = Pattern.compile("\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)}");

    private final Path runbookFile;
    private final TypeRegistry registry;
    private final Script script = new Script();
    private final Runbook runbook;
    private final List<Problem> loadProblems;

    private CaseRunner(Path runbookFile, TypeRegistry registry, Map<String, String> env) {
        this.runbookFile = runbookFile;
        this.registry = registry;
        Map<String, String> withPlaceholders = new HashMap<>(env);
        for (String name : bareEnvNames(runbookFile)) {
            withPlaceholders.putIfAbsent(name, "test-placeholder-" + name.toLowerCase());
        }
        LoadResult scripted = new RunbookLoader(SwappedTypes.of(registry, new TestSwaps(script)), withPlaceholders,
                Clock.systemDefaultZone()).load(runbookFile);
        this.runbook = scripted.isValid() ? scripted.runbook() : null;
        this.loadProblems = scripted.isValid() ? List.of() : scripted.errors();
        script.runbook(runbook);
    }

    /**
     * A runner for the runbook at {@code runbookFile}, loaded with {@code registry}'s types (their effects
     * replaced) and {@code env} for {@code ${env:…}}.
     */
    public static CaseRunner of(Path runbookFile, TypeRegistry registry, Map<String, String> env) {
        return new CaseRunner(Objects.requireNonNull(runbookFile, "runbookFile"),
                Objects.requireNonNull(registry, "registry"), Objects.requireNonNull(env, "env"));
    }

    /** Every {@code *.test.yaml} in the runbook's directory, by name. */
    public static List<Path> casesBeside(Path runbookFile) {
        Path dir = runbookFile.toAbsolutePath().getParent();
        if (dir == null) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            Path base = runbookFile.getParent();
            return s.filter(p -> p.getFileName().toString().endsWith(".test.yaml") && Files.isRegularFile(p))
                    .sorted(Comparator.comparing(p -> p.getFileName().toString()))
                    .map(p -> base == null ? p.getFileName() : base.resolve(p.getFileName())).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Reads every case file and runs the cases of those without errors. Blocks until done. */
    public CaseReport run(List<Path> caseFiles) {
        String id = runbook == null ? "" : runbook.id();
        if (runbook == null) {
            return new CaseReport(id, List.of(), loadProblems);
        }
        List<Problem> problems = new ArrayList<>();
        List<CaseOutcome> outcomes = new ArrayList<>();
        for (Path f : caseFiles) {
            TestCases.Loaded loaded = TestCases.read(f, runbook, registry);
            problems.addAll(loaded.problems());
            if (!loaded.isValid()) {
                continue;
            }
            if (loaded.cases().isEmpty()) {
                problems.add(new Problem(f, 0, 0, "no test case in this file", Problem.Severity.ERROR));
            }
            for (Case c : loaded.cases()) {
                outcomes.add(runCase(f, c));
            }
        }
        return new CaseReport(id, outcomes, problems);
    }

    private CaseOutcome runCase(Path file, Case c) {
        ManualClock clock = new ManualClock(c.at(), runbook.zone());
        Path dir = null;
        try {
            dir = Files.createTempDirectory("runbook-test-");
            try (Store db = Store.open(dir.resolve("case.db"), Store.DEFAULT_RETENTION, clock);
                 StoreIncidentService incidents = StoreIncidentService.open(db, runbook, clock);
                 Engine engine = Engine.builder().clock(clock).store(db.runs()).incidents(incidents)
                         .notifications(incidents.notifications()).listener(incidents.actionRecorder())
                         .reports(Reports.renderer(StoreReports.of(db, incidents), incidents.notifications(), clock))
                         .sleeper(clock::advance).build()) {
                OutboxTable outbox = db.incidents(runbook.id(), s -> s).outbox();
                Expectations expectations = new Expectations(runbook);
                List<Failure> failures = new ArrayList<>();
                long seen = 0;
                script.reset(c.given(), c.actions());
                RunResult first = run(engine, c.procedure(), c.checks());
                incidents.processDue(clock.instant());
                List<Outgoing> sent = since(outbox, seen);
                seen = last(sent, seen);
                failures.addAll(expectations.compare(c.expect(), observed(db, first, incidents, sent)));
                for (Later l : c.then()) {
                    Instant at = c.at().plus(l.after());
                    if (at.isAfter(clock.instant())) {
                        clock.set(at);
                    }
                    RunResult again = null;
                    if (l.rerun()) {
                        script.reset(l.given(), l.actions());
                        boolean own = l.procedure() != null || !l.checks().isEmpty();
                        again = run(engine, own ? l.procedure() : c.procedure(), own ? l.checks() : c.checks());
                    }
                    incidents.processDue(clock.instant());
                    sent = since(outbox, seen);
                    seen = last(sent, seen);
                    failures.addAll(expectations.compare(l.expect(), observed(db, again, incidents, sent)));
                }
                return new CaseOutcome(file, c.name(), c.where(), failures, null);
            }
        } catch (IOException | RuntimeException e) {
            return new CaseOutcome(file, c.name(), c.where(), List.of(), "could not run: " + e);
        } finally {
            delete(dir);
        }
    }

    private RunResult run(Engine engine, String procedure, List<String> checks) {
        RunRequest.Builder r = RunRequest.builder().operator("runbook-test");
        if (procedure != null) {
            r.procedure(procedure);
        } else {
            r.checks(checks);
        }
        // bounded as every run is: each probe, action and send within its timeout (here they return at once)
        return engine.run(runbook, r.build());
    }

    /** What happened at one moment, with the checks each incident covers (its own and those that joined it). */
    private Expectations.Observed observed(Store db, RunResult run, StoreIncidentService incidents,
                                           List<Outgoing> sent) {
        List<Incident> all = oldestFirst(incidents.all());
        dev.runbook.store.IncidentTables tables = db.incidents(runbook.id(), s -> s);
        java.util.Map<Long, List<String>> checks = new java.util.HashMap<>();
        for (Incident i : all) {
            List<String> covered = new ArrayList<>(List.of(i.check()));
            for (dev.runbook.store.IncidentTables.Covered c : tables.covered(i.id())) {
                if (!covered.contains(c.check())) {
                    covered.add(c.check());
                }
            }
            checks.put(i.id(), covered);
        }
        return new Expectations.Observed(run, all, sent, checks);
    }

    private static List<Incident> oldestFirst(List<Incident> newestFirst) {
        return newestFirst.stream().sorted(Comparator.comparingLong(Incident::id)).toList();
    }

    private static List<Outgoing> since(OutboxTable outbox, long after) {
        List<Outgoing> all = new ArrayList<>();
        for (String state : List.of("pending", "delivered", "failed")) {
            all.addAll(outbox.outgoingByState(state));
        }
        return all.stream().filter(o -> o.id() > after).sorted(Comparator.comparingLong(Outgoing::id)).toList();
    }

    private static long last(List<Outgoing> sent, long seen) {
        return sent.stream().mapToLong(Outgoing::id).max().orElse(seen);
    }

    /** Env names the runbook's directory's YAML files use as {@code ${env:NAME}} with no default. */
    static List<String> bareEnvNames(Path runbookFile) {
        Path dir = runbookFile.toAbsolutePath().getParent();
        List<String> names = new ArrayList<>();
        if (dir == null) {
            return names;
        }
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                String n = p.getFileName().toString();
                if ((n.endsWith(".yaml") || n.endsWith(".yml")) && !n.endsWith(".test.yaml") && Files.isRegularFile(p)
                        && Files.size(p) < 4L * 1024 * 1024) {
                    Matcher m = BARE_ENV.matcher(Files.readString(p));
                    while (m.find()) {
                        names.add(m.group(1));
                    }
                }
            }
        } catch (IOException | UncheckedIOException e) {
            // no placeholders: secrets the environment lacks then make their checks UNKNOWN, as in a real run
        }
        return names;
    }

    private static void delete(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }

    /** The runbook file the cases test. */
    public Path runbookFile() {
        return runbookFile;
    }
}
