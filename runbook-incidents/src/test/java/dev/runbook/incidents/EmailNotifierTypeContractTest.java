package dev.runbook.incidents;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.runbook.core.spi.NotifierType;
import dev.runbook.incidents.notifier.EmailNotifierType;
import dev.runbook.tck.NotifierTypeContract;
import dev.runbook.tck.SilentEndpoint;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The TCK's contract for the {@code email} notifier type, against an in-process SMTP server. */
class EmailNotifierTypeContractTest extends NotifierTypeContract<EmailNotifierType.Params> {
    private GreenMail smtp;

    @BeforeEach
    void start() {
        smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.start();
    }

    @AfterEach
    void stop() {
        smtp.stop();
    }

    @Override
    protected NotifierType<EmailNotifierType.Params> type() {
        return new EmailNotifierType();
    }

    @Override
    protected Map<String, Object> yamlParameters() {
        return Map.of("smtp", "smtp://127.0.0.1:" + smtp.getSmtp().getPort(), "from", "runbook@example.com",
                "to", "ops@example.com", "timeout", "5s");
    }

    @Override
    protected Object observeDeliveries() {
        return smtp.getReceivedMessages().length;
    }

    @Override
    protected Map<String, Object> silentEndpointParameters(SilentEndpoint endpoint) {
        return Map.of("smtp", "smtp://" + endpoint.host() + ":" + endpoint.port(), "from", "runbook@example.com",
                "to", "ops@example.com", "timeout", "1s");
    }
}
