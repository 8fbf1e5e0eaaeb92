package dev.runbook.incidents;

import dev.runbook.core.spi.NotifierType;
import dev.runbook.incidents.notifier.WebhookNotifierType;
import dev.runbook.tck.NotifierTypeContract;
import dev.runbook.tck.SilentEndpoint;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The TCK's contract for the {@code webhook} notifier type, against a real receiver on 127.0.0.1. */
class WebhookNotifierTypeContractTest extends NotifierTypeContract<WebhookNotifierType.Params> {
    private WebhookReceiver receiver;

    @BeforeEach
    void start() throws Exception {
        receiver = new WebhookReceiver(0, 0);
    }

    @AfterEach
    void stop() {
        receiver.close();
    }

    @Override
    protected NotifierType<WebhookNotifierType.Params> type() {
        return new WebhookNotifierType();
    }

    @Override
    protected Map<String, Object> yamlParameters() {
        return Map.of("url", receiver.url("/hook"), "format", "slack", "timeout", "5s");
    }

    @Override
    protected Object observeDeliveries() {
        return List.copyOf(receiver.bodies);
    }

    @Override
    protected Map<String, Object> silentEndpointParameters(SilentEndpoint endpoint) {
        return Map.of("url", endpoint.httpUrl("/hook"), "timeout", "1s");
    }
}
