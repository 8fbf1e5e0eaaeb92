package dev.runbook.tck;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.runbook.core.escalation.Notification;
import dev.runbook.core.escalation.Notifier;
import dev.runbook.core.spi.NotifierType;
import dev.runbook.core.spi.TypeContext;
import dev.runbook.core.spi.TypeRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract every notifier type keeps, as a JUnit 5 test to extend. A subclass names its type, gives parameters
 * in the shape a YAML file has and a way to observe deliveries; the inherited tests check the name, the binding,
 * that a send is delivered, and (network notifiers) that a recipient that never answers makes the send fail
 * within {@link #sendBound()}, so that the outbox can retry it, instead of hanging.
 *
 * <p>Notifiers are not called at all in {@code --dry-run} (the engine and the outbox see to that), so there is no
 * dry-run test here. Not thread-safe: JUnit makes one instance per test.
 *
 * @param <P> the type's parameter record
 */
public abstract class NotifierTypeContract<P> {

    /** A fresh directory per test: relative paths of the parameters resolve against it. */
    @TempDir
    protected Path tckDirectory;

    /** The type under test, as ServiceLoader would build it. */
    protected abstract NotifierType<P> type();

    /** Parameters as a YAML file gives them, with which a send is delivered in the test's environment. */
    protected abstract Map<String, Object> yamlParameters() throws Exception;

    /** A snapshot of what was delivered so far (a file's lines, a test server's inbox), compared with equals. */
    protected abstract Object observeDeliveries() throws Exception;

    /** The address to send to ({@code to} of a contact), or null. */
    protected String address() {
        return null;
    }

    /** For a network notifier: parameters pointing at {@code endpoint}, which never answers; null if none. */
    protected Map<String, Object> silentEndpointParameters(SilentEndpoint endpoint) {
        return null;
    }

    /** How long a send to a silent recipient may block before the test calls it hung. */
    protected Duration sendBound() {
        return Duration.ofSeconds(30);
    }

    /** The type context the type is built with: the test directory, UTC, the system clock. */
    protected TypeContext typeContext(String id) {
        return new TypeContext(tckDirectory, ZoneOffset.UTC, Clock.systemUTC(), id);
    }

    /** The notification the tests send. */
    protected Notification notification() {
        return new Notification("message", "tck: disk 91% on web-1", "disk 91% used (threshold 90%)",
                Map.of("check", "disk", "status", "CRITICAL"), Instant.parse("2026-11-28T09:00:00Z"));
    }

    @Test
    void nameMatchesTheContractAndRegisters() {
        NotifierType<P> type = type();
        TypeNames.assertValidName(type.name(), type);
        TypeNames.assertLoadableByServiceLoader(type);
        assertTrue(TypeRegistry.builder().notifier(type).build().notifierType(type.name()).isPresent());
    }

    @Test
    void parametersBindFromYamlShapedInput() throws Exception {
        NotifierType<P> type = type();
        TypeNames.assertBindableRecord(type.parameterType());
        P params = YamlParameters.bind(type.parameterType(), yamlParameters(), typeContext("tck"));
        assertNotNull(params);
        assertNotNull(type.create(params, typeContext("tck")), "create() returned null");
    }

    @Test
    void aSendIsDelivered() throws Exception {
        NotifierType<P> type = type();
        Notifier notifier = type.create(YamlParameters.bind(type.parameterType(), yamlParameters(), typeContext("tck")),
                typeContext("tck"));
        Object before = observeDeliveries();
        assertTimeoutPreemptively(sendBound(), () -> notifier.send(notification(), address()));
        assertNotEquals(before, observeDeliveries(), "send() returned but nothing was delivered");
    }

    @Test
    void aRecipientThatNeverAnswersFailsTheSendInBoundedTime() throws Exception {
        try (SilentEndpoint endpoint = new SilentEndpoint()) {
            Map<String, Object> yaml = silentEndpointParameters(endpoint);
            assumeTrue(yaml != null, "not a network notifier");
            NotifierType<P> type = type();
            Notifier notifier = type.create(YamlParameters.bind(type.parameterType(), yaml, typeContext("tck")),
                    typeContext("tck"));
            assertTimeoutPreemptively(sendBound(), () -> assertThrows(Exception.class,
                    () -> notifier.send(notification(), address()),
                    "a send that got no answer must throw, so the outbox retries it"));
        }
    }
}
