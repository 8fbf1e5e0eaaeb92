package dev.runbook.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.runbook.core.Check;
import dev.runbook.core.CheckResult;
import dev.runbook.core.MetricSpec;
import dev.runbook.core.Status;
import dev.runbook.core.engine.CheckRun;
import dev.runbook.core.engine.Engine;
import dev.runbook.core.engine.RunRequest;
import dev.runbook.core.engine.RunResult;
import dev.runbook.core.model.Runbook;
import dev.runbook.core.spi.CheckType;
import dev.runbook.core.spi.TypeContext;
import dev.runbook.core.spi.TypeRegistry;
import dev.runbook.dsl.RunbookBuilder;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract every check type keeps, as a JUnit 5 test to extend. A subclass names its type and gives parameters
 * in the shape a YAML file has; the inherited tests check the name, the binding, a run through the engine, a
 * silent network endpoint (network types) and an unjudgeable probe becoming {@code UNKNOWN}.
 *
 * <pre>{@code
 * class QueueDepthTypeContractTest extends CheckTypeContract<QueueDepthType.Params> {
 *     protected CheckType<QueueDepthType.Params> type() { return new QueueDepthType(); }
 *     protected Map<String, Object> yamlParameters() { return Map.of("url", server.url("/depth")); }
 *     protected Map<String, Object> silentEndpointParameters(SilentEndpoint e) { return Map.of("url", e.httpUrl("/")); }
 * }
 * }</pre>
 *
 * <p>Every test runs the check through a real {@link Engine}, as the launcher does, with a hang guard of
 * {@link #hangGuard()} (never a timing). Not thread-safe: JUnit makes one instance per test.
 *
 * @param <P> the type's parameter record
 */
public abstract class CheckTypeContract<P> {

    /** A fresh directory per test: relative paths of the parameters resolve against it. */
    @TempDir
    protected Path tckDirectory;

    /** The type under test, as ServiceLoader would build it. */
    protected abstract CheckType<P> type();

    /**
     * Parameters as a YAML file gives them (strings, numbers, booleans, lists and maps; no substitution), for which
     * the check runs in the test's environment. Files they name may be created here under {@link #tckDirectory}.
     */
    protected abstract Map<String, Object> yamlParameters() throws Exception;

    /**
     * For a type that talks to the network: parameters pointing at {@code endpoint}, which accepts and never
     * answers. The check must then be {@code CRITICAL} (contract §1) before the engine's deadline cuts it off. The
     * default, null, says the type does not use the network.
     */
    protected Map<String, Object> silentEndpointParameters(SilentEndpoint endpoint) {
        return null;
    }

    /**
     * Parameters whose probe meets something it cannot judge (no permission, an answer it cannot read, a missing
     * tool): through the engine the result must be {@code UNKNOWN} with a reason, and the run must go on. The
     * default, null, skips that test.
     */
    protected Map<String, Object> unjudgeableParameters() throws Exception {
        return null;
    }

    /** The type context the type is built with: the test directory, UTC, the system clock. */
    protected TypeContext typeContext(String id) {
        return new TypeContext(tckDirectory, ZoneOffset.UTC, Clock.systemUTC(), id);
    }

    /** The engine to run in; override to give it a store with history. */
    protected Engine.Builder engine() {
        return Engine.builder();
    }

    /**
     * The timeout given to the check in the silent-endpoint test: long enough that a cold start of the type's I/O
     * machinery (a first TLS handshake loads many classes) fits in the margin it keeps below the deadline.
     */
    protected Duration silentEndpointTimeout() {
        return Duration.ofSeconds(3);
    }

    /** How long any one test may take before it counts as hung. */
    protected Duration hangGuard() {
        return Duration.ofSeconds(60);
    }

    @Test
    void nameMatchesTheContractAndRegisters() {
        CheckType<P> type = type();
        TypeNames.assertValidName(type.name(), type);
        TypeNames.assertLoadableByServiceLoader(type);
        TypeRegistry registry = TypeRegistry.builder().check(type).build();
        assertTrue(registry.checkType(type.name()).isPresent());
        assertNotNull(type.description(), "description() may be empty but not null");
    }

    @Test
    void parametersBindFromYamlShapedInput() throws Exception {
        CheckType<P> type = type();
        TypeNames.assertBindableRecord(type.parameterType());
        P params = YamlParameters.bind(type.parameterType(), yamlParameters(), typeContext("tck"));
        assertNotNull(params);
        List<MetricSpec> metrics = type.metrics(params);
        assertNotNull(metrics, "metrics() must not be null");
        Set<String> seen = new HashSet<>();
        for (MetricSpec m : metrics) {
            assertTrue(m.name().matches("[a-z][a-z0-9_]*"), () -> type.name() + ": metric name '" + m.name()
                    + "' is not snake_case");
            assertTrue(seen.add(m.name()), () -> type.name() + ": metric '" + m.name() + "' declared twice");
        }
        assertNotNull(type.create(params, typeContext("tck")), "create() returned null");
    }

    @Test
    void runsThroughTheEngineAndSaysWhatItFound() throws Exception {
        CheckRun r = assertTimeoutPreemptively(hangGuard(), () -> runThroughEngine(yamlParameters(), Duration.ofSeconds(20)));
        assertNotNull(r.status());
        assertNotNull(r.message(), "every result has a message");
        assertFalse(r.message().isBlank(), "every result has a message");
        if (r.status() != Status.UNKNOWN && !type().dynamicMetrics() && r.value() != null) {
            String primary = type().metrics(YamlParameters.bind(type().parameterType(), yamlParameters(),
                    typeContext("tck"))).get(0).name();
            assertTrue(r.metrics().containsKey(primary), () -> "the value is the primary metric '" + primary
                    + "', so it is among the metrics: " + r.metrics());
        }
    }

    @Test
    void anEndpointThatNeverAnswersIsCriticalBeforeTheDeadline() throws Exception {
        try (SilentEndpoint endpoint = new SilentEndpoint()) {
            Map<String, Object> yaml = silentEndpointParameters(endpoint);
            assumeTrue(yaml != null, "not a network type");
            CheckRun r = assertTimeoutPreemptively(hangGuard(), () -> runThroughEngine(yaml, silentEndpointTimeout()));
            assertEquals(Status.CRITICAL, r.status(), () -> "an endpoint that accepts and never answers is CRITICAL "
                    + "(contract §1), the type's own verdict before the engine's deadline; got " + r.status() + ": "
                    + r.message());
        }
    }

    @Test
    void aProbeThatCannotJudgeIsUnknownAndTheRunGoesOn() throws Exception {
        Map<String, Object> yaml = unjudgeableParameters();
        assumeTrue(yaml != null, "no parameters given that the probe cannot judge");
        CheckType<P> type = type();
        P params = YamlParameters.bind(type.parameterType(), yaml, typeContext("unjudgeable"));
        Check check = type.create(params, typeContext("unjudgeable"));
        Runbook rb = RunbookBuilder.runbook("tck")
                .check("unjudgeable", c -> c.of(check, type.metrics(params).toArray(MetricSpec[]::new)).timeout("20s"))
                .check("neighbour", c -> c.of(ctx -> CheckResult.ok("still here")))
                .build();
        RunResult result = assertTimeoutPreemptively(hangGuard(), () -> {
            try (Engine e = engine().build()) {
                return e.run(rb, RunRequest.allChecks());
            }
        });
        CheckRun r = find(result, "unjudgeable");
        assertEquals(Status.UNKNOWN, r.status(), () -> "a probe that cannot tell is UNKNOWN, got " + r.status() + ": "
                + r.message());
        assertFalse(r.message() == null || r.message().isBlank(), "UNKNOWN says why");
        assertEquals(Status.OK, find(result, "neighbour").status(), "the rest of the run goes on");
    }

    @Test
    void anExceptionOutOfTheProbeIsUnknownWithItsReason() throws Exception {
        // The type's own probe runs, then fails the way a bug would: the engine must make that UNKNOWN with the
        // reason, keep the check's declared metrics out of it, and go on with the run.
        CheckType<P> type = type();
        P params = YamlParameters.bind(type.parameterType(), yamlParameters(), typeContext("throws"));
        Check real = type.create(params, typeContext("throws"));
        Check throwing = ctx -> {
            real.run(ctx);
            throw new IllegalStateException("tck: the probe failed after it ran");
        };
        Runbook rb = RunbookBuilder.runbook("tck")
                .check("throws", c -> c.of(throwing, type.metrics(params).toArray(MetricSpec[]::new)).timeout("20s"))
                .check("neighbour", c -> c.of(ctx -> CheckResult.ok("still here")))
                .build();
        RunResult result = assertTimeoutPreemptively(hangGuard(), () -> {
            try (Engine e = engine().build()) {
                return e.run(rb, RunRequest.allChecks());
            }
        });
        CheckRun r = find(result, "throws");
        assertEquals(Status.UNKNOWN, r.status(), () -> "an exception is UNKNOWN, got " + r.status() + ": " + r.message());
        assertTrue(r.message() != null && r.message().contains("the probe failed after it ran"),
                () -> "UNKNOWN gives the exception's reason: " + r.message());
        assertEquals(Status.OK, find(result, "neighbour").status(), "the rest of the run goes on");
    }

    /** Builds the type from YAML-shaped parameters and runs it alone through a fresh engine. */
    protected CheckRun runThroughEngine(Map<String, Object> yaml, Duration timeout) {
        CheckType<P> type = type();
        P params = YamlParameters.bind(type.parameterType(), yaml, typeContext("probe"));
        Check check = type.create(params, typeContext("probe"));
        Runbook rb = RunbookBuilder.runbook("tck")
                .check("probe", c -> c.of(check, type.metrics(params).toArray(MetricSpec[]::new))
                        .timeout(timeout.toMillis() + "ms"))
                .build();
        try (Engine e = engine().build()) {
            return find(e.run(rb, RunRequest.allChecks()), "probe");
        }
    }

    private static CheckRun find(RunResult r, String id) {
        return r.results().stream().filter(c -> c.check().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no result for " + id + " in " + r.results()));
    }
}
