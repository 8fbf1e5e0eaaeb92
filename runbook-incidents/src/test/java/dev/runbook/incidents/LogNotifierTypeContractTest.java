package dev.runbook.incidents;

import dev.runbook.core.spi.NotifierType;
import dev.runbook.incidents.notifier.LogNotifierType;
import dev.runbook.tck.NotifierTypeContract;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The TCK's contract for the {@code log} notifier type. The test's slf4j backend (slf4j-simple) writes to stderr,
 * which the test captures to see deliveries.
 */
class LogNotifierTypeContractTest extends NotifierTypeContract<LogNotifierType.Params> {
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private PrintStream original;

    @BeforeEach
    void capture() {
        original = System.err;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setErr(original);
    }

    @Override
    protected NotifierType<LogNotifierType.Params> type() {
        return new LogNotifierType();
    }

    @Override
    protected Map<String, Object> yamlParameters() {
        return Map.of("level", "warn");
    }

    @Override
    protected Object observeDeliveries() {
        String text = captured.toString(StandardCharsets.UTF_8);
        return text.lines().filter(l -> l.contains("tck: disk 91% on web-1")).count();
    }
}
