package dev.runbook.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.runbook.core.CheckResult;
import dev.runbook.core.action.Action;
import dev.runbook.core.action.Outcome;
import dev.runbook.core.engine.ActionRun;
import dev.runbook.core.engine.CheckRun;
import dev.runbook.core.engine.Engine;
import dev.runbook.core.engine.RunRequest;
import dev.runbook.core.model.Runbook;
import dev.runbook.core.spi.ActionType;
import dev.runbook.core.spi.TypeContext;
import dev.runbook.core.spi.TypeRegistry;
import dev.runbook.dsl.RunbookBuilder;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract every action type keeps, as a JUnit 5 test to extend. A subclass names its type, gives parameters in
 * the shape a YAML file has and a way to observe what the action changes; the inherited tests check the name, the
 * binding, that {@code --dry-run} changes nothing (contract §5) and reports {@code dry_run}, that a real run is
 * {@code done} and changes what the subclass observes, and that a failing action is {@code failed}, never an
 * exception out of the engine. Every action runs as a check's remediation through a real {@link Engine}.
 *
 * <pre>{@code
 * class FlushCacheTypeContractTest extends ActionTypeContract<FlushCacheType.Params> {
 *     protected ActionType<FlushCacheType.Params> type() { return new FlushCacheType(); }
 *     protected Map<String, Object> yamlParameters() { return Map.of("dir", cacheDir.toString()); }
 *     protected Object observeSideEffects() throws IOException { return listing(cacheDir); }
 * }
 * }</pre>
 *
 * <p>Not thread-safe: JUnit makes one instance per test.
 *
 * @param <P> the type's parameter record
 */
public abstract class ActionTypeContract<P> {

    /** A fresh directory per test: relative paths of the parameters resolve against it. */
    @TempDir
    protected Path tckDirectory;

    /** The type under test, as ServiceLoader would build it. */
    protected abstract ActionType<P> type();

    /** Parameters as a YAML file gives them, for which the action can do its work in the test's environment. */
    protected abstract Map<String, Object> yamlParameters() throws Exception;

    /**
     * A snapshot of everything the action may change (a directory listing, a file's content, a stub's call log),
     * compared with {@link Object#equals} before and after a run.
     */
    protected abstract Object observeSideEffects() throws Exception;

    /** True if a real run changes what {@link #observeSideEffects()} sees; false for actions with no effect to see. */
    protected boolean realRunChangesSideEffects() {
        return true;
    }

    /** Parameters with which the action fails (a missing program, a missing file); null skips that test. */
    protected Map<String, Object> failingParameters() throws Exception {
        return null;
    }

    /** The type context the type is built with: the test directory, UTC, the system clock. */
    protected TypeContext typeContext(String id) {
        return new TypeContext(tckDirectory, ZoneOffset.UTC, Clock.systemUTC(), id);
    }

    /** The engine to run in; override to give it the notification or incident service the action talks to. */
    protected Engine.Builder engine() {
        return Engine.builder();
    }

    /** Adds what the action needs to the test's runbook (escalation levels, contacts); nothing by default. */
    protected void declare(RunbookBuilder runbook) {
    }

    /** How long any one test may take before it counts as hung. */
    protected Duration hangGuard() {
        return Duration.ofSeconds(60);
    }

    @Test
    void nameMatchesTheContractAndRegisters() {
        ActionType<P> type = type();
        TypeNames.assertValidName(type.name(), type);
        TypeNames.assertLoadableByServiceLoader(type);
        assertTrue(TypeRegistry.builder().action(type).build().actionType(type.name()).isPresent());
    }

    @Test
    void parametersBindFromYamlShapedInput() throws Exception {
        ActionType<P> type = type();
        TypeNames.assertBindableRecord(type.parameterType());
        P params = YamlParameters.bind(type.parameterType(), yamlParameters(), typeContext("tck"));
        assertNotNull(params);
        assertNotNull(type.create(params, typeContext("tck")), "create() returned null");
    }

    @Test
    void dryRunChangesNothing() throws Exception {
        Object before = observeSideEffects();
        ActionRun run = remediate(yamlParameters(), true);
        assertEquals(Outcome.DRY_RUN, run.outcome(), () -> "in --dry-run the action says what it would do: " + run);
        assertTrue(run.message() != null && !run.message().isBlank(), "a dry run says what it would do");
        assertEquals(before, observeSideEffects(), "--dry-run changed the world");
    }

    @Test
    void aRealRunIsDoneAndVisible() throws Exception {
        Object before = observeSideEffects();
        ActionRun run = remediate(yamlParameters(), false);
        assertEquals(Outcome.DONE, run.outcome(), () -> "the action did not succeed: " + run);
        if (realRunChangesSideEffects()) {
            assertNotEquals(before, observeSideEffects(), "a real run changed nothing that observeSideEffects() sees, "
                    + "so the dry-run test proves nothing");
        }
    }

    @Test
    void aFailingActionIsFailedNotAnException() throws Exception {
        Map<String, Object> yaml = failingParameters();
        assumeTrue(yaml != null, "no failing parameters given");
        ActionRun run = remediate(yaml, false);
        assertEquals(Outcome.FAILED, run.outcome(), () -> "expected failed: " + run);
        assertTrue(run.message() != null && !run.message().isBlank(), "a failure says why");
    }

    /** Runs the action as the remediation of a CRITICAL check through a fresh engine; returns its step. */
    protected ActionRun remediate(Map<String, Object> yaml, boolean dryRun) {
        ActionType<P> type = type();
        P params = YamlParameters.bind(type.parameterType(), yaml, typeContext("act"));
        Action action = type.create(params, typeContext("act"));
        RunbookBuilder builder = RunbookBuilder.runbook("tck");
        declare(builder);
        Runbook rb = builder
                .action("act", "tck action", "30s", action)
                .check("trigger", c -> c.of(ctx -> CheckResult.critical("down, for the tck")).onCritical("act"))
                .build();
        CheckRun r = assertTimeoutPreemptively(hangGuard(), () -> {
            try (Engine e = engine().build()) {
                return e.run(rb, RunRequest.builder().dryRun(dryRun).build()).results().stream()
                        .filter(c -> c.check().equals("trigger")).findFirst().orElseThrow();
            }
        });
        List<ActionRun> runs = r.actions();
        return runs.stream().filter(a -> Objects.equals(a.step(), "tck action") || a.step().contains("act"))
                .findFirst().orElseThrow(() -> new AssertionError("the remediation did not run the action: " + runs));
    }
}
