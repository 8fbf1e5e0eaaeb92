package dev.runbook.checks.tls;

import dev.runbook.core.spi.CheckType;
import dev.runbook.tck.CheckTypeContract;
import dev.runbook.tck.SilentEndpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/** The TCK's contract for the {@code tls} check type. */
class TlsCheckTypeContractTest extends CheckTypeContract<TlsCheckType.Params> {
    @Override
    protected CheckType<TlsCheckType.Params> type() {
        return new TlsCheckType();
    }

    @Override
    protected Map<String, Object> yamlParameters() throws Exception {
        Instant now = Instant.now();
        TestCertificates.Issued cert = TestCertificates.selfSigned("tck.example", now.minus(1, ChronoUnit.DAYS),
                now.plus(90, ChronoUnit.DAYS));
        Path pem = tckDirectory.resolve("cert.pem");
        Files.writeString(pem, cert.pem());
        return Map.of("file", "cert.pem");
    }

    @Override
    protected Map<String, Object> silentEndpointParameters(SilentEndpoint endpoint) {
        return Map.of("host", endpoint.host(), "port", endpoint.port());
    }
}
